package com.socialwire.system;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.store.Table;

import java.time.Clock;

/**
 * The system context's wiring from config, once per container (named so, not {@code System}, to leave
 * {@link java.lang.System} alone): the handler takes what it needs. Clients are built on first use, never at cold
 * start: the health check builds none, DynamoDB comes with the first keyed request and SQS with the first metrics
 * snapshot.
 */
public final class SystemWiring {

    private final Config config;
    private final AwsClients aws;
    private final Table table;
    private final Clock clock;

    public SystemWiring(Config config, Clock clock) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = clock;
    }

    public static SystemWiring fromEnvironment() {
        return new SystemWiring(Config.fromEnvironment(), Clock.systemUTC());
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    OpsMetrics metrics() {
        return new OpsMetrics(config, table, aws, clock);
    }

    /** What the health check reports as the service ({@code POWERTOOLS_SERVICE_NAME}). */
    String serviceName() {
        return config.get("POWERTOOLS_SERVICE_NAME", "socialwire");
    }

    /** What the health check reports as the version ({@code SERVICE_VERSION}). */
    String version() {
        return config.get("SERVICE_VERSION", "dev");
    }

    Clock clock() {
        return clock;
    }
}
