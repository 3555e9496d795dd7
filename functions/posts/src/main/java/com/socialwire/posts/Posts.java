package com.socialwire.posts;

import com.socialwire.posts.publish.DeliveryOutcomes;
import com.socialwire.posts.publish.InstagramContainers;
import com.socialwire.posts.publish.InstagramPublish;
import com.socialwire.posts.publish.PublishJobs;
import com.socialwire.posts.publish.PublishRun;
import com.socialwire.posts.platform.PublishingQuotas;
import com.socialwire.posts.publish.PlatformAccounts;
import com.socialwire.posts.publish.SocialPlatformAccounts;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.providers.bluesky.BlueskyApis;
import com.socialwire.shared.providers.bluesky.BlueskyPublisher;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.social.publishers.FacebookPagesPublisher;
import com.socialwire.shared.social.publishers.MastodonPublisher;
import com.socialwire.shared.social.connectors.FacebookPagesConnector;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.connectors.PinterestConnector;
import com.socialwire.shared.social.connectors.ThreadsConnector;
import com.socialwire.shared.social.connectors.TikTokConnector;
import com.socialwire.shared.social.connectors.XConnector;
import com.socialwire.shared.social.connectors.YouTubeConnector;
import com.socialwire.shared.social.connectors.DribbbleConnector;
import com.socialwire.shared.social.connectors.RedditConnector;
import com.socialwire.shared.social.publishers.DribbblePublisher;
import com.socialwire.shared.social.publishers.RedditPublisher;
import com.socialwire.shared.social.publishers.ThreadsPublisher;
import com.socialwire.shared.social.publishers.TikTokPublisher;
import com.socialwire.shared.social.publishers.LinkedInPublisher;
import com.socialwire.shared.social.publishers.PinterestPublisher;
import com.socialwire.shared.social.publishers.XPublisher;
import com.socialwire.shared.social.publishers.YouTubePublisher;
import com.socialwire.posts.service.QuotaCheck;
import com.socialwire.posts.publish.PlatformDeliveries;
import com.socialwire.posts.publish.Publisher;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.posts.regen.RegenerationSweep;
import com.socialwire.posts.regen.Regenerator;
import com.socialwire.posts.service.BulkImporter;
import com.socialwire.posts.service.CampaignScheduler;
import com.socialwire.posts.service.ApprovalService;
import com.socialwire.posts.service.PostService;
import com.socialwire.posts.service.PostSteps;
import com.socialwire.posts.service.PublishingService;
import com.socialwire.posts.service.RegenerationService;
import com.socialwire.posts.service.ReviewComments;
import com.socialwire.posts.store.CommentStore;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.studio.jobs.ContentJobRunner;
import com.socialwire.posts.studio.jobs.ContentJobService;
import com.socialwire.posts.studio.jobs.ContentJobStore;
import com.socialwire.posts.studio.jobs.ContentJobSweep;
import com.socialwire.posts.studio.jobs.JobModels;
import com.socialwire.posts.studio.prompt.PromptBuilder;
import com.socialwire.posts.studio.strategy.ContentPreferences;
import com.socialwire.posts.studio.strategy.SeoRules;
import com.socialwire.posts.studio.strategy.Strategies;
import com.socialwire.posts.studio.strategy.StudioStore;
import com.socialwire.posts.studio.strategy.Templates;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.Config;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.providers.llm.LlmClients;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.TenantProfiles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Prepared;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The posts context's wiring from config, once per container (constructor wiring, lazy AWS clients). */
public final class Posts {

    public final Config config;
    public final Table table;
    public final Clock clock;
    public final AwsClients aws;
    /** The tenants' counters, one per container: it remembers their time zones. */
    private final TenantCounters counters;

    public Posts(Config config, Clock clock) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = clock;
        this.counters = new TenantCounters(table, clock);
    }

    public static Posts fromEnvironment() {
        return new Posts(Config.fromEnvironment(), Clock.systemUTC());
    }

    public PostStore posts() {
        return new PostStore(table, counters);
    }

    public TenantProfiles tenants() {
        return new TenantProfiles(table, SecretCipher.fromConfig(config, aws));
    }

    public MediaLibrary media() {
        return new MediaLibrary(table, S3GetUrls.of(aws), config.require("MEDIA_BUCKET"));
    }

    public PublishJobs jobs() {
        return new PublishJobs(new JobQueue(aws.sqsOnFirstUse(), config.require("CONTENT_QUEUE_URL")));
    }

    public Metering metering() {
        return new Metering(new DynamoLedger(table, clock), PriceCard.fromConfig(config), clock);
    }

    public Regenerator regenerator() {
        return new Regenerator(LlmClients.fromConfig(config), PriceTable.fromConfig(config), metering(), new LlmBudget(table, clock));
    }

    /** What every post use case shares (tenant, policy, the status move, media and content checks). */
    public PostSteps steps() {
        return new PostSteps(posts(), tenants(), media(), clock, new QuotaCheck(posts(), quotas()));
    }

    /** The platforms' posting caps: the documented ones and {@code PLATFORM_QUOTAS}'s. */
    public PublishingQuotas quotas() {
        return PublishingQuotas.fromConfig(config);
    }

    public PostService service() {
        return new PostService(steps(), media());
    }

    public ReviewComments comments() {
        return new ReviewComments(posts(), new CommentStore(table), clock);
    }

    public ApprovalService approvals() {
        return new ApprovalService(steps(), comments(), jobs());
    }

    public RegenerationService regeneration() {
        return new RegenerationService(steps(), new CommentStore(table), Lazy.of(this::regenerator));
    }

    public PublishingService publishing() {
        return new PublishingService(steps(), jobs(), Lazy.of(this::metering));
    }

    public com.socialwire.posts.service.PendingApprovals pendingApprovals() {
        return new com.socialwire.posts.service.PendingApprovals(posts(), tenants());
    }

    public BulkImporter bulk(PostService service) {
        return new BulkImporter(service);
    }

    public CampaignScheduler campaigns() {
        return new CampaignScheduler(steps());
    }

    /**
     * The publish worker: Instagram through the Graph API, and every platform with a publisher (Bluesky, Mastodon)
     * through the tenant's connected account of it ({@link SocialPlatformAccounts}); the others end not_connected.
     */
    public Publisher publisher() {
        SocialAccounts accounts = new SocialAccounts(table, SecretCipher.fromConfig(config, aws), clock);
        return publisher(new SocialPlatformAccounts(accounts, new TokenCare(accounts, Connectors.fromConfig(config), clock)), publishers());
    }

    /** The platforms this worker publishes to besides Instagram, in {@link #publisherOf}'s order. */
    static final List<String> PUBLISHED = List.of("bluesky", "mastodon", "facebook", "twitter", "threads", "tiktok", "youtube",
            "linkedin", "pinterest", "reddit", "dribbble");

    /**
     * The platforms this worker publishes to besides Instagram, each over its real API, each built on its first use: a
     * worker's first job publishes to one or two platforms, and building all eleven publishers (and the HTTP clients
     * they share) loaded ~40 classes at every cold start of ContentWorkerFunction.
     */
    public Map<String, PlatformPublisher> publishers() {
        Lazy<MediaBytes> media = Lazy.of(new MediaBytesOnFirstUse());
        Lazy<PlatformHttp> http = Lazy.of(new PlatformHttpOnFirstUse());
        Map<String, PlatformPublisher> byName = new LinkedHashMap<>();
        for (String platform : PUBLISHED) {
            byName.put(platform, new PublisherOnFirstUse(platform, media, http));
        }
        return byName;
    }

    private final class MediaBytesOnFirstUse implements java.util.function.Supplier<MediaBytes> {
        @Override
        public MediaBytes get() {
            return new MediaBytes(ProviderHttp.newClient(), Duration.ofMillis(config.getLong("MEDIA_FETCH_TIMEOUT_MS", 30_000)));
        }
    }

    private final class PlatformHttpOnFirstUse implements java.util.function.Supplier<PlatformHttp> {
        @Override
        public PlatformHttp get() {
            return PlatformHttp.create(Duration.ofMillis(config.getLong("PLATFORM_API_TIMEOUT_MS", 10_000)));
        }
    }

    /** A platform's publisher, built by {@link #publisherOf} when one of its calls first runs. */
    private final class PublisherOnFirstUse implements PlatformPublisher {
        private final String platform;
        private final Lazy<MediaBytes> media;
        private final Lazy<PlatformHttp> http;
        private PlatformPublisher built;

        PublisherOnFirstUse(String platform, Lazy<MediaBytes> media, Lazy<PlatformHttp> http) {
            this.platform = platform;
            this.media = media;
            this.http = http;
        }

        private synchronized PlatformPublisher publisher() {
            if (built == null) {
                built = publisherOf(platform, http.get(), media.get());
            }
            return built;
        }

        @Override
        public String platform() {
            return platform;
        }

        @Override
        public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
            return publisher().prepare(target, post, state);
        }

        @Override
        public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
            return publisher().publish(target, post, state, dedupeKey);
        }

        @Override
        public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
            return publisher().reconcile(target, post, state, dedupeKey, armedAt);
        }
    }

    /** The publisher of {@code platform} (one of {@link #PUBLISHED}) over its real API. */
    PlatformPublisher publisherOf(String platform, PlatformHttp http, MediaBytes media) {
        return switch (platform) {
            case "bluesky" -> new BlueskyPublisher(BlueskyApis.fromConfig(config), media, clock);
            case "mastodon" -> new MastodonPublisher(http, media, config.getLong("MASTODON_MAX_MEDIA_BYTES", 40_000_000));
            case "facebook" -> new FacebookPagesPublisher(http, config.get("FACEBOOK_GRAPH_BASE", FacebookPagesConnector.GRAPH_BASE));
            case "twitter" -> new XPublisher(http, media, config.get("X_API_BASE", XConnector.API_BASE));
            case "threads" -> new ThreadsPublisher(http, config.get("THREADS_API_BASE", ThreadsConnector.API_BASE));
            case "tiktok" -> new TikTokPublisher(http, config.get("TIKTOK_API_BASE", TikTokConnector.API_BASE));
            case "youtube" -> new YouTubePublisher(http, media, config.getLong("YOUTUBE_MAX_VIDEO_BYTES", 256_000_000),
                    config.get("YOUTUBE_UPLOAD_BASE", YouTubeConnector.UPLOAD_BASE), config.get("YOUTUBE_PRIVACY_STATUS", "public"),
                    (int) config.getLong("YOUTUBE_UPLOAD_CHUNK_BYTES", YouTubePublisher.DEFAULT_CHUNK_BYTES));
            case "linkedin" -> new LinkedInPublisher(http, media, config.getLong("LINKEDIN_MAX_IMAGE_BYTES", 36_152_320),
                    config.get("LINKEDIN_API_BASE", LinkedInConnector.API_BASE), config.get("LINKEDIN_VERSION", LinkedInConnector.VERSION));
            case "pinterest" -> new PinterestPublisher(http, media, config.getLong("PINTEREST_MAX_VIDEO_BYTES", 200_000_000),
                    config.get("PINTEREST_API_BASE", PinterestConnector.API_BASE));
            case "reddit" -> new RedditPublisher(RedditConnector.withUserAgent(http, RedditConnector.userAgent(config)), media,
                    config.get("REDDIT_API_BASE", RedditConnector.API_BASE));
            case "dribbble" -> new DribbblePublisher(http, media, config.get("DRIBBBLE_API_BASE", DribbbleConnector.API_BASE));
            default -> throw new IllegalArgumentException("no publisher for " + platform);
        };
    }

    /**
     * The publish worker, publishing to the platforms of {@code publishers} with the tenants' accounts from
     * {@code accounts} (null: every platform but Instagram ends not_connected).
     */
    public Publisher publisher(PlatformAccounts accounts, Map<String, PlatformPublisher> publishers) {
        long graphTimeout = config.getLong("GRAPH_API_TIMEOUT_MS", GraphApis.DEFAULT_TIMEOUT_MS);
        return publisher(posts(), tenants(), GraphApis.fromConfig(config), media(), metering(), clock,
                Duration.ofMillis(graphTimeout + 2_000),
                Duration.ofSeconds(config.getLong("VIDEO_POLL_BUDGET_SECONDS", 0)),
                Duration.ofMillis(config.getLong("VIDEO_POLL_INTERVAL_MS", 2_000)), jobs(), accounts, publishers,
                Duration.ofMillis(config.getLong("PLATFORM_API_TIMEOUT_MS", 10_000) + 2_000));
    }

    /**
     * The publish worker from its parts.
     *
     * @param inFlight        how long after a media_publish attempt another delivery must assume it may still be running
     * @param videoPollBudget how long one job polls a video container before it is asked again later (0: one status read)
     */
    public static Publisher publisher(PostStore posts, TenantProfiles tenants, GraphApi graph, MediaLibrary media, Metering metering, Clock clock,
                                      Duration inFlight, Duration videoPollBudget, Duration videoPollInterval) {
        return publisher(posts, tenants, graph, media, metering, clock, inFlight, videoPollBudget, videoPollInterval, null, null, Map.of(), inFlight);
    }

    /**
     * The same, putting a job that waits for a video container on {@code requeue} again, delayed (null: SQS redelivers it), and
     * publishing to the platforms of {@code publishers} with the accounts of {@code accounts} (null: those end not_connected),
     * whose publishing calls may run {@code platformInFlight}.
     */
    public static Publisher publisher(PostStore posts, TenantProfiles tenants, GraphApi graph, MediaLibrary media, Metering metering, Clock clock,
                                      Duration inFlight, Duration videoPollBudget, Duration videoPollInterval, PublishJobs requeue,
                                      PlatformAccounts accounts, Map<String, PlatformPublisher> publishers, Duration platformInFlight) {
        DeliveryOutcomes outcomes = new DeliveryOutcomes(posts, tenants, metering, clock,
                new com.socialwire.posts.insights.PublishedRows(new com.socialwire.shared.analytics.PublishedDeliveries(posts.table())));
        InstagramPublish publishing = new InstagramPublish(posts, tenants, graph, metering, outcomes, clock, inFlight);
        InstagramContainers containers = new InstagramContainers(posts, graph, media, outcomes, publishing, clock, videoPollBudget, videoPollInterval);
        PlatformDeliveries platforms = accounts == null ? null
                : new PlatformDeliveries(posts, outcomes, media, metering, accounts, publishers, clock, platformInFlight);
        return new Publisher(posts, metering, outcomes, containers, publishing, clock, inFlight, requeue, platforms);
    }

    public PublishRun publishRun() {
        int lookbackDays = (int) config.getLong("PUBLISH_LOOKBACK_DAYS", 7);
        // the publisher and the ledger only for the rare post a run must fail, finish or refund: not built at a cold start
        return new PublishRun(posts(), jobs(), Lazy.of(this::publisher), clock, lookbackDays,
                Duration.ofSeconds(config.getLong("PUBLISH_LOOKAHEAD_SECONDS", 60)),
                new RegenerationSweep(posts(), Lazy.of(() -> metering().ledger()), clock, lookbackDays), contentJobSweep());
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    // ---- studio: strategy, SEO rules, content preferences, templates and the one prompt builder

    /** The studio's rows: strategy versions, SEO rules, content preferences, templates and their versions. */
    public StudioStore studio() {
        return new StudioStore(table);
    }

    /** THE prompt assembler of every content job and AI tool, reading the tenant's studio rows. */
    public PromptBuilder promptBuilder() {
        return new PromptBuilder(studio());
    }

    public Strategies strategies() {
        return new Strategies(studio(), clock);
    }

    public SeoRules seoRules() {
        return new SeoRules(studio(), clock);
    }

    public ContentPreferences contentPreferences() {
        return new ContentPreferences(studio(), clock);
    }

    public Templates templates() {
        return new Templates(studio(), clock);
    }

    // ---- studio: AI tools (helper C)

    /** The content studio's synchronous AI tools: prompts from the one PromptBuilder, each paid call metered. */
    public com.socialwire.posts.studio.ai.AiTools aiTools() {
        return new com.socialwire.posts.studio.ai.AiTools(tenants(), posts(), new ToolCallsOnFirstUse(), clock);
    }

    /** The AI tools' metered model calls, built by the first paid request (AiTools holds them lazily). */
    private final class ToolCallsOnFirstUse implements java.util.function.Supplier<com.socialwire.posts.studio.ai.ToolCalls> {
        @Override
        public com.socialwire.posts.studio.ai.ToolCalls get() {
            return new com.socialwire.posts.studio.ai.ToolCalls(LlmClients.fromConfig(config), PriceTable.fromConfig(config), metering(),
                    new LlmBudget(table, clock), promptBuilder());
        }
    }

    // ---- studio: content jobs

    public ContentJobStore contentJobStore() {
        return new ContentJobStore(table, counters);
    }

    /** ContentJobsFunction's use cases: create (queued on the content queue), read, list, cancel, prompt. */
    public ContentJobService contentJobs() {
        return new ContentJobService(contentJobStore(), tenants(), jobs(), promptBuilder(), clock);
    }

    /** The content worker's content jobs: each job's own provider and model from the one LLM factory, metered. */
    public ContentJobRunner contentJobRunner() {
        return new ContentJobRunner(contentJobStore(), tenants(), promptBuilder(), new ConfiguredModels(config), PriceTable.fromConfig(config),
                metering(), new LlmBudget(table, clock), service(), Lazy.of(this::publishing), Lazy.of(this::regeneration), clock);
    }

    /** The publish run's sweep of content jobs stuck in_progress past their deadline (the ledger built only to refund one). */
    public ContentJobSweep contentJobSweep() {
        return new ContentJobSweep(contentJobStore(), Lazy.of(() -> metering().ledger()), clock, (int) config.getLong("PUBLISH_LOOKBACK_DAYS", 7));
    }

    /** {@link LlmClients#forJob} for each provider and model a job names, built once per worker container. */
    private static final class ConfiguredModels implements JobModels {
        private final Config config;
        private final Map<String, LlmClient> built = new java.util.concurrent.ConcurrentHashMap<>();

        ConfiguredModels(Config config) {
            this.config = config;
        }

        @Override
        public LlmClient client(String provider, String model) {
            return built.computeIfAbsent(provider + "|" + model, k -> LlmClients.forJob(config, provider, model));
        }
    }

    // ---- studio: rss feeds

    /**
     * The feed reader: fetches (FEED_FETCH_TIMEOUT_MS, 10 s; FEED_MAX_BYTES, 2,000,000) only from public hosts unless
     * FEED_ALLOW_PRIVATE_HOSTS is true (tests and the local runtime only), parses with Rome.
     */
    public com.socialwire.posts.studio.rss.FeedCheck feedCheck() {
        com.socialwire.posts.studio.rss.FeedFetcher fetcher = new com.socialwire.posts.studio.rss.FeedFetcher(ProviderHttp.newClient(),
                feedUrls(), Duration.ofMillis(config.getLong("FEED_FETCH_TIMEOUT_MS", 10_000)), config.getLong("FEED_MAX_BYTES", 2_000_000));
        return new com.socialwire.posts.studio.rss.FeedCheck(feedStore(), fetcher, new com.socialwire.posts.studio.rss.RomeFeedParser(),
                service(), tenants(), clock);
    }

    public com.socialwire.posts.studio.rss.FeedStore feedStore() {
        return new com.socialwire.posts.studio.rss.FeedStore(table);
    }

    public com.socialwire.posts.studio.rss.FeedUrls feedUrls() {
        return com.socialwire.posts.studio.rss.FeedUrls.system(config.getBoolean("FEED_ALLOW_PRIVATE_HOSTS", false));
    }

    /** FeedsFunction's service, built by its first request. */
    public Lazy<com.socialwire.posts.studio.rss.FeedService> feedService() {
        return Lazy.of(new FeedServiceOnFirstUse());
    }

    private final class FeedServiceOnFirstUse implements java.util.function.Supplier<com.socialwire.posts.studio.rss.FeedService> {
        @Override
        public com.socialwire.posts.studio.rss.FeedService get() {
            return new com.socialwire.posts.studio.rss.FeedService(feedStore(), feedUrls(), feedCheck(), clock);
        }
    }

    /** FeedRunFunction's run: no new page of due feeds after FEED_RUN_BUDGET_SECONDS (60); what is left waits for the next run. */
    public com.socialwire.posts.studio.rss.FeedRun feedRun() {
        return new com.socialwire.posts.studio.rss.FeedRun(feedStore(), feedCheck(), clock,
                Duration.ofSeconds(config.getLong("FEED_RUN_BUDGET_SECONDS", 60)));
    }

    // ---- client review portal: magic links and what approvers did

    /** Review links of the tenants: made, listed, revoked, and the check of a page request's token. */
    public com.socialwire.posts.review.ReviewLinks reviewLinks() {
        return new com.socialwire.posts.review.ReviewLinks(table, tenants(), counters, clock);
    }

    /** What approvers did through review links, recorded once per event, for the agency's activity list. */
    public com.socialwire.posts.review.ReviewActivity reviewActivity() {
        return new com.socialwire.posts.review.ReviewActivity(table, counters, clock);
    }

    // ---- the client review page and its use cases (ReviewFunction)

    public com.socialwire.posts.review.page.ReviewPage reviewPage() {
        return new com.socialwire.posts.review.page.ReviewPage();
    }

    /** REVIEW_BASE_URL: where the review links' urls start (the API's public address); null: the request's own. */
    public String reviewBaseUrl() {
        return config.get("REVIEW_BASE_URL").orElse(null);
    }

    /** The review page's media previews: thumbnails (or small images) read from the media bucket by S3 GetObject. */
    public com.socialwire.posts.review.MediaPreviews mediaPreviews() {
        return new com.socialwire.posts.review.MediaPreviews(media(), new MediaObjects(aws.s3OnFirstUse()));
    }

    /** Reads a media bucket object with the function's S3 client, built by the first preview asked for. */
    private static final class MediaObjects implements com.socialwire.posts.review.MediaPreviews.Objects {
        private final Lazy<com.socialwire.shared.aws.LeanS3> s3;

        MediaObjects(Lazy<com.socialwire.shared.aws.LeanS3> s3) {
            this.s3 = s3;
        }

        @Override
        public byte[] get(String bucket, String key) {
            return s3.get().getObject(bucket, key, null, null);
        }
    }

    /**
     * The review page's requests per address (the page, its previews, its forms): REVIEW_PAGE_PER_MINUTE (120; a page
     * with its thumbnails is a few dozen), REVIEW_PAGE_PER_HOUR (2,000), REVIEW_PAGE_PER_DAY (10,000), counted apart from
     * the API keys' limits.
     */
    public com.socialwire.shared.security.RateLimiter reviewPageLimits() {
        return new com.socialwire.shared.security.RateLimiter(table, clock, config.getLong("REVIEW_PAGE_PER_MINUTE", 120),
                config.getLong("REVIEW_PAGE_PER_HOUR", 2_000), config.getLong("REVIEW_PAGE_PER_DAY", 10_000));
    }

    /** The review page's use cases, acting through the posts services as the link's client. */
    public com.socialwire.posts.review.ReviewPortal reviewPortal() {
        com.socialwire.posts.review.MediaPreviews previews = mediaPreviews();
        ReviewComments comments = comments();
        return new com.socialwire.posts.review.ReviewPortal(reviewLinks(), reviewActivity(), reviewPage(),
                new com.socialwire.posts.review.ReviewPosts(posts(), service(), new CommentStore(table), previews), approvals(), publishing(), comments,
                tenants(), previews, new com.socialwire.shared.store.IdempotencyStore(table, clock),
                com.socialwire.posts.review.Csrf.fromConfig(config), reviewPageLimits(), clock);
    }

    // ---- insights: published deliveries' analytics, the hourly refresh and the post analytics routes

    /** The published-delivery rows of the posts context (written where a delivery turns published). */
    public com.socialwire.posts.insights.PublishedRows publishedRows() {
        return new com.socialwire.posts.insights.PublishedRows(new com.socialwire.shared.analytics.PublishedDeliveries(table));
    }

    /**
     * The insights refresh: each platform's provider over its real API (InsightsProviders: the publishers' base URLs,
     * PLATFORM_API_TIMEOUT_MS), the accounts' tokens through the token care; no new row after INSIGHTS_RUN_BUDGET_SECONDS
     * (240), due buckets looked at INSIGHTS_LOOKBACK_DAYS (30) back, so a missed run's rows are caught up.
     */
    public com.socialwire.posts.insights.InsightsRefresh insightsRefresh() {
        SocialAccounts accounts = new SocialAccounts(table, SecretCipher.fromConfig(config, aws), clock);
        var targets = new com.socialwire.posts.insights.InsightsTargets(accounts, new TokenCare(accounts, Connectors.fromConfig(config), clock),
                tenants(), clock);
        return new com.socialwire.posts.insights.InsightsRefresh(new com.socialwire.shared.analytics.PublishedDeliveries(table),
                new com.socialwire.shared.analytics.InsightSnapshots(table), new com.socialwire.shared.analytics.AccountInsights(table), targets,
                com.socialwire.shared.social.insights.InsightsProviders.fromConfig(config), clock,
                Duration.ofSeconds(config.getLong("INSIGHTS_RUN_BUDGET_SECONDS", 240)), (int) config.getLong("INSIGHTS_LOOKBACK_DAYS", 30));
    }

    /** InsightsFunction's service: a post's analytics; the refresh (providers, token care) built by the first refresh asked for. */
    public com.socialwire.posts.insights.PostAnalytics postAnalytics() {
        return new com.socialwire.posts.insights.PostAnalytics(posts(), publishedRows(), new com.socialwire.shared.analytics.InsightSnapshots(table),
                Lazy.of(new InsightsRefreshOnFirstUse()));
    }

    private final class InsightsRefreshOnFirstUse implements java.util.function.Supplier<com.socialwire.posts.insights.InsightsRefresh> {
        @Override
        public com.socialwire.posts.insights.InsightsRefresh get() {
            return insightsRefresh();
        }
    }
}
