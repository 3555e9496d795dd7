package com.socialwire.reads;

import com.socialwire.reads.cache.ReadCache;
import com.socialwire.reads.parse.LlmParser;
import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.provider.ReadProvider;
import com.socialwire.reads.service.ReadProviders;
import com.socialwire.reads.service.ReadService;
import com.socialwire.reads.service.ReadSettings;
import com.socialwire.reads.transcribe.HttpTranscriber;
import com.socialwire.reads.transcribe.Transcriber;
import com.socialwire.reads.url.InstagramTarget;
import com.socialwire.reads.url.InstagramUrls;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.providers.llm.LlmClients;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.tenants.LlmBudget;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The reads context's ONE wiring class, built once per container from config: handlers take their services from it
 * and build nothing themselves. Clients are built on first use, never at cold start. Each part of the context adds its
 * wiring in its own block below ({@code // ---- <part>}).
 */
public final class Reads {

    private final Config config;
    private final AwsClients aws;
    private final Table table;
    private final Clock clock;

    public Reads(Config config, Clock clock) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = clock;
    }

    public static Reads fromEnvironment() {
        return new Reads(Config.fromEnvironment(), Clock.systemUTC());
    }

    public Config config() {
        return config;
    }

    public AwsClients aws() {
        return aws;
    }

    public Table table() {
        return table;
    }

    public Clock clock() {
        return clock;
    }

    // ---- read provider (readsrc)

    private com.socialwire.reads.provider.ReadProvider readProvider;

    /**
     * The third-party read API at {@code READ_PROVIDER_BASE_URL} (key {@code READ_PROVIDER_KEY}, timeout
     * {@code READ_PROVIDER_TIMEOUT_MS}), built on first use: IllegalStateException when no base URL is configured.
     */
    public synchronized com.socialwire.reads.provider.ReadProvider readProvider() {
        if (readProvider == null) {
            readProvider = com.socialwire.reads.provider.HttpReadProvider.fromConfig(config, clock);
        }
        return readProvider;
    }

    // ---- parse
    // The parser (LLM_PROVIDER and the other LLM_* settings; offline when none is configured) and the transcriber
    // (TRANSCRIBE_*; not available when TRANSCRIBE_ENDPOINT or its token is unset), each built on its first use.

    private final Lazy<Parser> parser = Lazy.of(new ParserOnFirstUse());
    private final Lazy<Transcriber> transcriber = Lazy.of(new TranscriberOnFirstUse());

    /** The parse modes' parser, built on first use. */
    public Lazy<Parser> parser() {
        return parser;
    }

    /** The hosted transcription boundary, built on first use. */
    public Lazy<Transcriber> transcriber() {
        return transcriber;
    }

    private final class ParserOnFirstUse implements Supplier<Parser> {
        @Override
        public Parser get() {
            return new LlmParser(LlmClients.fromConfig(config), PriceTable.fromConfig(config), clock);
        }
    }

    private final class TranscriberOnFirstUse implements Supplier<Transcriber> {
        @Override
        public Transcriber get() {
            return HttpTranscriber.fromConfig(config);
        }
    }

    // ---- service

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    /** The read service, built by its first use (a named supplier: no lambda is bootstrapped at cold start). */
    public Lazy<ReadService> serviceOnFirstUse() {
        return Lazy.of(new ServiceOnFirstUse());
    }

    private final class ServiceOnFirstUse implements Supplier<ReadService> {
        @Override
        public ReadService get() {
            return service();
        }
    }

    /** The read service: URL parsing, providers, cache, transcription, parse and metering, built by the first read. */
    public ReadService service() {
        Metering metering = new Metering(new DynamoLedger(table, clock), PriceCard.fromConfig(config), clock);
        return new ReadService(new UrlsOnRead(), new Providers(), new ReadCache(table, clock), ReadSettings.fromConfig(config),
                transcriber, parser, new MeteredCall(metering, new LlmBudget(table, clock)),
                new TenantDirectory(table), clock);
    }

    /** Reads' URL parsing. */
    private static final class UrlsOnRead implements java.util.function.Function<String, InstagramTarget> {
        @Override
        public InstagramTarget apply(String url) {
            return InstagramUrls.parse(url);
        }
    }

    /**
     * Public reads through the configured read API (none configured: every read a sanitized 503, never a 500); a tenant's
     * own media through the Graph API with its Instagram token.
     */
    private final class Providers implements ReadProviders {
        @Override
        public ReadProvider publicReads() {
            return config.get("READ_PROVIDER_BASE_URL").isPresent() ? readProvider() : NotConfigured.INSTANCE;
        }

        @Override
        public java.util.Optional<ReadProvider> ownedBy(String tenantId) {
            java.util.Optional<TenantProfiles.Loaded> loaded = tenantProfiles().load(tenantId);
            if (loaded.isEmpty() || loaded.get().tenant().igUserId() == null) {
                return java.util.Optional.empty();
            }
            if (com.socialwire.shared.tenants.Tenant.TOKEN_EXPIRED.equals(loaded.get().tenant().igTokenStatus())) {
                return java.util.Optional.of(com.socialwire.reads.provider.GraphOwnedMedia.expiredAccount()); // not sent to Graph again
            }
            java.util.Optional<String> token = loaded.get().token().get();
            return token.map(t -> graphOwnedMedia().forAccount(t, loaded.get().tenant().igUserId(), new MarkTokenExpired(tenantId)));
        }
    }

    /** Graph refused a tenant's token (code 190): the tenant says so, as after a refused publish or reply. */
    private final class MarkTokenExpired implements Runnable {
        private final String tenantId;

        MarkTokenExpired(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public void run() {
            tenantProfiles().markTokenExpired(tenantId);
        }
    }

    private com.socialwire.reads.provider.GraphOwnedMedia graphOwnedMedia;

    /**
     * The Graph API path for media a tenant owns ({@code GRAPH_API_BASE_URL}, {@code GRAPH_API_TIMEOUT_MS}), built on first
     * use; {@code forAccount(token, igUserId)} gives the tenant's {@link com.socialwire.reads.provider.ReadProvider}.
     */
    public synchronized com.socialwire.reads.provider.GraphOwnedMedia graphOwnedMedia() {
        if (graphOwnedMedia == null) {
            graphOwnedMedia = com.socialwire.reads.provider.GraphOwnedMedia.fromConfig(config, clock);
        }
        return graphOwnedMedia;
    }

    private TenantProfiles tenantProfiles;

    /** Tenants with their sealed Instagram tokens (opened only for a Graph read of the tenant's own media). */
    public synchronized TenantProfiles tenantProfiles() {
        if (tenantProfiles == null) {
            tenantProfiles = new TenantProfiles(table, SecretCipher.fromConfig(config, aws));
        }
        return tenantProfiles;
    }

    /** The read provider of a deployment that names none: it reads nothing and says so, in the logs only. */
    private static final class NotConfigured implements ReadProvider {
        static final NotConfigured INSTANCE = new NotConfigured();

        @Override
        public String id() {
            return "none";
        }

        @Override
        public com.socialwire.reads.provider.ReadResult<com.socialwire.reads.model.InstagramMedia> media(String shortcode, boolean providerTranscript) {
            return new com.socialwire.reads.provider.ReadResult.Unavailable<>(0, "READ_PROVIDER_BASE_URL is not configured");
        }

        @Override
        public com.socialwire.reads.provider.ReadResult<com.socialwire.reads.model.CommentsRead> comments(String shortcode, int limit,
                                                                                                        boolean includeReplies) {
            return new com.socialwire.reads.provider.ReadResult.Unavailable<>(0, "READ_PROVIDER_BASE_URL is not configured");
        }
    }
}
