package com.socialwire.engagement;

import com.socialwire.engagement.inbox.InboxService;
import com.socialwire.engagement.moderation.Moderator;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.engagement.webhook.MetaWebhookService;
import com.socialwire.engagement.worker.EngagementService;
import com.socialwire.engagement.worker.ReplyWriter;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.snapstart.Priming;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmClients;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.TenantProfiles;

import com.socialwire.shared.analytics.TenantCounters;

import com.socialwire.engagement.poll.InboxPoller;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.social.mentions.InboxCursors;
import com.socialwire.shared.social.mentions.MentionSource;
import com.socialwire.shared.social.mentions.MentionSources;

import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The engagement context's wiring from config, once per container: each handler takes what it needs. */
public final class Engagement {

    public final Config config;
    public final Table table;
    public final Clock clock;
    public final AwsClients aws;
    /** The tenants' counters, one per container: it remembers their time zones. */
    private final TenantCounters counters;

    private Engagement(Config config) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = Clock.systemUTC();
        this.counters = new TenantCounters(table, clock);
    }

    public static Engagement fromEnvironment() {
        return of(Config.fromEnvironment());
    }

    /** The wiring for {@code config}: the Lambda environment, or a test's. */
    public static Engagement of(Config config) {
        return new Engagement(config);
    }

    public TenantProfiles tenants() {
        return new TenantProfiles(table, SecretCipher.fromConfig(config, aws));
    }

    public InboxStore inbox() {
        return new InboxStore(table, counters);
    }

    public GraphApi graph() {
        return GraphApis.fromConfig(config);
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    public MetaWebhookService webhook() {
        Lazy<LeanSqs> sqs = aws.sqsOnFirstUse();
        return new MetaWebhookService(config.require("META_APP_SECRET"), config.require("META_VERIFY_TOKEN"), tenants(),
                new JobQueue(sqs, config.require("COMMENTS_QUEUE_URL")), new JobQueue(sqs, config.require("DMS_QUEUE_URL")),
                inbox(), new Counters(table), clock, new InboxCursors(table));
    }

    public EngagementService worker() {
        return worker(null);
    }

    /** The worker answering other platforms' items through {@code sources} (null: this configuration's). */
    public EngagementService worker(Map<String, MentionSource> sources) {
        // the reply writer (LLM client, its price table's decimals) is built by the first reply to write: a batch of
        // comments already handled, hidden or escalated writes none; a SnapStart snapshot holds it
        Lazy<ReplyWriter> writer = Lazy.of(new ReplyWriterOnFirstUse());
        if (Priming.active()) {
            Priming.register("reply writer", writer::get);
        }
        // the social accounts, token care and platform sources are built by the first item of another platform than Instagram
        return new EngagementService(tenants(), inbox(), new Moderator(), writer,
                new LlmBudget(table, clock), graph(), metering(), clock, Lazy.of(new PlatformsOnFirstUse(sources)));
    }

    public SocialAccounts socialAccounts() {
        return new SocialAccounts(table, SecretCipher.fromConfig(config, aws), clock);
    }

    /** Each platform's inbox source by name ({@code shared.social.mentions}). */
    Map<String, MentionSource> mentionSources() {
        return MentionSources.fromConfig(config, clock);
    }

    EngagementService.Platforms platforms(Map<String, MentionSource> sources) {
        SocialAccounts accounts = socialAccounts();
        return new EngagementService.Platforms(accounts, new TokenCare(accounts, Connectors.fromConfig(config), clock),
                sources == null ? new SourcesOnFirstUse(new MentionSourcesOnFirstUse()) : sources);
    }

    /**
     * The inbox poll (InboxPollFunction's schedule, {@code POST .../inbox/poll}): {@code INBOX_POLL_INTERVAL_SECONDS}
     * (default 300; never below a platform's minimum) between scheduled polls of an account;
     * {@code INBOX_POLL_MIN_INTERVAL_SECONDS}, when set, the least time between manual polls of one account instead of its
     * platform's minimum (a local stack's tests).
     */
    public InboxPoller poller() {
        return poller(null, clock);
    }

    /** The inbox poll reading through {@code sources} (null: this configuration's) on {@code clock}. */
    public InboxPoller poller(Map<String, MentionSource> sources, Clock clock) {
        EngagementService.Platforms p = platforms(sources);
        String manual = config.get("INBOX_POLL_MIN_INTERVAL_SECONDS", "");
        return new InboxPoller(new InboxCursors(table), p.accounts(), p.tokens(), p.sources(), inbox(),
                new JobQueue(aws.sqsOnFirstUse(), config.require("COMMENTS_QUEUE_URL")), clock,
                Duration.ofSeconds(config.getLong("INBOX_POLL_INTERVAL_SECONDS", 300)),
                manual.isBlank() ? null : Duration.ofSeconds(Long.parseLong(manual.strip())));
    }

    public InboxService inboxService() {
        return inboxService(null);
    }

    /** The inbox service answering other platforms' items through {@code sources} (null: this configuration's). */
    public InboxService inboxService(Map<String, MentionSource> sources) {
        Lazy<GraphApi> graph = Lazy.of(new GraphOnFirstUse());
        if (Priming.active()) {
            Priming.register("inbox Graph API client", graph::get); // a SnapStart snapshot holds it
        }
        return new InboxService(inbox(), tenants(), graph, new Moderator(), Lazy.of(new ReplyWriterOnFirstUse()), new LlmBudget(table, clock),
                Lazy.of(new MeteringOnFirstUse()), clock, Lazy.of(new PlatformsOnFirstUse(sources)));
    }

    public com.socialwire.engagement.people.PeopleService people() {
        return new com.socialwire.engagement.people.PeopleService(inbox().people());
    }

    ReplyWriter replyWriter() {
        LlmClient llm = LlmClients.fromConfig(config);
        return new ReplyWriter(llm, PriceTable.fromConfig(config), new Moderator());
    }

    Metering metering() {
        return new Metering(new DynamoLedger(table, clock), PriceCard.fromConfig(config), clock);
    }

    /** The inbox poll, built by its first use (InboxFunction's {@code POST .../inbox/poll}). */
    public Lazy<InboxPoller> pollerOnFirstUse() {
        return Lazy.of(new PollerOnFirstUse());
    }

    // What a cold start does not build, named (a lambda or method reference here would be bootstrapped at every cold start).

    private final class ReplyWriterOnFirstUse implements Supplier<ReplyWriter> {
        @Override
        public ReplyWriter get() {
            return replyWriter();
        }
    }

    private final class GraphOnFirstUse implements Supplier<GraphApi> {
        @Override
        public GraphApi get() {
            return graph();
        }
    }

    private final class MeteringOnFirstUse implements Supplier<Metering> {
        @Override
        public Metering get() {
            return metering();
        }
    }

    private final class PollerOnFirstUse implements Supplier<InboxPoller> {
        @Override
        public InboxPoller get() {
            return poller();
        }
    }

    private final class MentionSourcesOnFirstUse implements Supplier<Map<String, MentionSource>> {
        @Override
        public Map<String, MentionSource> get() {
            return mentionSources();
        }
    }

    /** The platforms of {@code sources} (null: this configuration's). */
    private final class PlatformsOnFirstUse implements Supplier<EngagementService.Platforms> {
        private final Map<String, MentionSource> sources;

        PlatformsOnFirstUse(Map<String, MentionSource> sources) {
            this.sources = sources;
        }

        @Override
        public EngagementService.Platforms get() {
            return platforms(sources);
        }
    }

    /**
     * This configuration's mention sources, built by the first look-up: a scheduled poll that finds no account due
     * reads no platform, so its cold start builds no platform client (their HTTP client, Bluesky's, the tz rules).
     */
    static final class SourcesOnFirstUse extends AbstractMap<String, MentionSource> {
        private final Lazy<Map<String, MentionSource>> sources;

        SourcesOnFirstUse(Supplier<Map<String, MentionSource>> sources) {
            this.sources = Lazy.of(sources);
        }

        @Override
        public MentionSource get(Object platform) {
            return sources.get().get(platform);
        }

        @Override
        public boolean containsKey(Object platform) {
            return sources.get().containsKey(platform);
        }

        @Override
        public Set<Map.Entry<String, MentionSource>> entrySet() {
            return sources.get().entrySet();
        }

        /** Whether the sources have been built (a test that a cold start did not build them). */
        boolean isBuilt() {
            return sources.isBuilt();
        }
    }
}
