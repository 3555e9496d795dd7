package com.socialwire.reports;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.store.Table;

import com.socialwire.reports.jobs.ReportRun;
import com.socialwire.reports.jobs.ReportService;
import com.socialwire.reports.jobs.ReportStore;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.time.Duration;

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

    // ---- reportjobs: the report run (schedule), the report queue, the report worker and the reports API

    public TenantProfiles tenants() {
        return new TenantProfiles(table, SecretCipher.fromConfig(config, aws));
    }

    public ReportStore reportStore() {
        return new ReportStore(table);
    }

    /** Asks for reports once per tenant, type and period and queues them on REPORTS_QUEUE_URL. */
    public ReportService reportService() {
        return new ReportService(reportStore(), tenants(), new JobQueue(aws.sqsOnFirstUse(), config.require("REPORTS_QUEUE_URL")), clock);
    }

    /** ReportRunFunction's run: reaches back REPORT_RUN_CATCHUP_HOURS (26) after an outage. */
    public ReportRun reportRun() {
        return new ReportRun(table, tenants(), reportService(), clock, Duration.ofHours(config.getLong("REPORT_RUN_CATCHUP_HOURS", 26)));
    }
}
