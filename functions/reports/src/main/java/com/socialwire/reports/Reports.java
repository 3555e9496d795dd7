package com.socialwire.reports;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.store.Table;

import java.time.Clock;

/**
 * The reports context's ONE wiring class, built once per container from config: handlers take their services from
 * it and build nothing themselves. Clients are built on first use, never at cold start. Each part of the context
 * adds its wiring in its own block below ({@code // ---- <part>}).
 */
public final class Reports {

    private final Config config;
    private final AwsClients aws;
    private final Table table;
    private final Clock clock;

    public Reports(Config config, Clock clock) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = clock;
    }

    public static Reports fromEnvironment() {
        return new Reports(Config.fromEnvironment(), Clock.systemUTC());
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

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    // ---- stats

    /** The tenants' stats and analytics views: what the stats and analytics routes and the report worker all read. */
    public com.socialwire.reports.stats.TenantAnalytics analytics() {
        return new com.socialwire.reports.stats.TenantAnalytics(table, new com.socialwire.shared.analytics.TenantCounters(table, clock),
                new com.socialwire.shared.tenants.LlmBudget(table, clock), clock);
    }
}
