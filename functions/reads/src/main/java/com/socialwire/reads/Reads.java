package com.socialwire.reads;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.Table;

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
}
