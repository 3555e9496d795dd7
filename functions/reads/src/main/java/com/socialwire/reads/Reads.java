package com.socialwire.reads;

import com.socialwire.reads.cache.ReadCache;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.provider.ReadProvider;
import com.socialwire.reads.provider.ReadResult;
import com.socialwire.reads.service.ReadProviders;
import com.socialwire.reads.service.ReadService;
import com.socialwire.reads.service.ReadSettings;
import com.socialwire.reads.transcribe.Transcriber;
import com.socialwire.reads.url.InstagramTarget;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;

import java.time.Clock;

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

    // ---- service

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    /** The read service: URL parsing, providers, cache, transcription, parse and metering, built by the first read. */
    public ReadService service() {
        Metering metering = new Metering(new DynamoLedger(table, clock), PriceCard.fromConfig(config), clock);
        return new ReadService(ServiceParts.urls(), ServiceParts.providers(), new ReadCache(table, clock), ReadSettings.fromConfig(config),
                ServiceParts.transcriber(), ServiceParts.parser(), new MeteredCall(metering, new LlmBudget(table, clock)),
                new TenantDirectory(table), clock);
    }

    /**
     * The parts the read service takes from the context's other blocks (URL parsing and providers, transcription and
     * parse), until they are wired here: bare shortcodes only, no provider (every read a sanitized 503), no transcription,
     * no parse model.
     */
    static final class ServiceParts {
        private ServiceParts() {
        }

        static java.util.function.Function<String, InstagramTarget> urls() {
            return url -> {
                if (!url.matches("[A-Za-z0-9_-]{5,64}")) {
                    throw new com.socialwire.shared.http.ApiException(com.socialwire.shared.http.ErrorCode.VALIDATION_ERROR, 422,
                            "url must be an Instagram post or reel URL or its shortcode", java.util.Map.of("parameter", "url"), java.util.Map.of());
                }
                return new InstagramTarget(url, "unknown", "https://www.instagram.com/p/" + url + "/");
            };
        }

        static ReadProviders providers() {
            ReadProvider none = new ReadProvider() {
                @Override
                public String id() {
                    return "none";
                }

                @Override
                public ReadResult<InstagramMedia> media(String shortcode, boolean providerTranscript) {
                    return new ReadResult.Unavailable<>(0, "no read provider configured");
                }

                @Override
                public ReadResult<CommentsRead> comments(String shortcode, int limit, boolean includeReplies) {
                    return new ReadResult.Unavailable<>(0, "no read provider configured");
                }
            };
            return new ReadProviders() {
                @Override
                public ReadProvider publicReads() {
                    return none;
                }

                @Override
                public java.util.Optional<ReadProvider> ownedBy(String tenantId) {
                    return java.util.Optional.empty();
                }
            };
        }

        static Transcriber transcriber() {
            return null;
        }

        static Parser parser() {
            return null;
        }
    }
}
