package com.socialwire.reports;

import com.socialwire.reports.competitors.CompetitorPulse;
import com.socialwire.reports.competitors.CompetitorStore;
import com.socialwire.reports.competitors.CompetitorsSource;
import com.socialwire.reports.competitors.CompetitorsService;
import com.socialwire.reports.competitors.DiscoveryAccess;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.providers.instagram.BusinessDiscovery;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.store.Table;

import com.socialwire.reports.jobs.AnalyticsSource;
import com.socialwire.reports.jobs.Narrator;
import com.socialwire.reports.jobs.ReportFiles;
import com.socialwire.reports.jobs.ReportPages;
import com.socialwire.reports.jobs.ReportRun;
import com.socialwire.reports.jobs.ReportSource;
import com.socialwire.reports.jobs.ReportWorker;
import com.socialwire.reports.jobs.ThumbnailSource;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.providers.llm.LlmClients;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.reports.jobs.ReportService;
import com.socialwire.reports.jobs.ReportStore;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

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

    public Metering metering() {
        return new Metering(new DynamoLedger(table, clock), PriceCard.fromConfig(config), clock);
    }

    /** A report's files under REPORTS_BUCKET; presigned links live REPORT_URL_TTL_SECONDS (900). */
    public ReportFiles reportFiles() {
        return new ReportFiles(aws.s3OnFirstUse(), Lazy.of(new UrlsOnFirstUse()), config.require("REPORTS_BUCKET"),
                Duration.ofSeconds(config.getLong("REPORT_URL_TTL_SECONDS", 900)));
    }

    private final class UrlsOnFirstUse implements java.util.function.Supplier<S3GetUrls> {
        @Override
        public S3GetUrls get() {
            return S3GetUrls.of(aws);
        }
    }

    /**
     * Where the worker's numbers come from: the stats and analytics services (the same computations as their endpoints,
     * through the one {@link AnalyticsSource}) and, for the competitor pulse, the pulse itself.
     */
    public List<ReportSource> reportSources() {
        return List.of(new AnalyticsSource(analytics()), new ThumbnailSource(table, reportFiles()), competitorsSource());
    }

    private final class PulseOnFirstUse implements java.util.function.Supplier<CompetitorPulse> {
        @Override
        public CompetitorPulse get() {
            return competitorPulse();
        }
    }

    /** The page renderer ({@code reports.page}): each report's self-contained HTML page with SVG charts. */
    public ReportPages reportPages() {
        return new RenderedPages();
    }

    private static final class RenderedPages implements ReportPages {
        @Override
        public String render(com.fasterxml.jackson.databind.node.ObjectNode doc) {
            return com.socialwire.reports.page.ReportPage.render(doc);
        }
    }

    /** ReportWorkerFunction's worker: the narrative through the configured LLM (LLM_PROVIDER...), metered. */
    public ReportWorker reportWorker() {
        return new ReportWorker(reportStore(), tenants(), reportSources(),
                new Narrator(LlmClients.fromConfig(config), PriceTable.fromConfig(config), metering(), new LlmBudget(table, clock)),
                reportFiles(), reportPages(), new com.socialwire.shared.analytics.Activity(table), clock);
    }

    // ---- competitors

    private CompetitorStore competitorStore;
    private DiscoveryAccess discoveryAccess;
    private TenantProfiles tenantProfiles;
    private SecretCipher cipher;
    private CompetitorPulse competitorPulse;

    /** The competitor handles' routes (CompetitorsFunction); no call to Meta, no key opened. */
    public CompetitorsService competitors() {
        return new CompetitorsService(competitorStore(), discoveryAccess(), clock);
    }

    /**
     * The competitor pulse, for the report worker (the report's {@code competitors} section): business discovery's
     * client ({@code FACEBOOK_GRAPH_BASE}) is built by the first pulse that has handles to read.
     */
    public synchronized CompetitorPulse competitorPulse() {
        if (competitorPulse == null) {
            competitorPulse = new CompetitorPulse(competitorStore(), discoveryAccess(),
                    Lazy.of(new BusinessDiscoveryFactory(config)), tenantProfiles(), clock);
        }
        return competitorPulse;
    }

    /** The report worker's source of the {@code competitors} section (a competitor pulse report reads Meta; others do not). */
    public ReportSource competitorsSource() {
        return new CompetitorsSource(new PulseOnFirstUse());
    }

    private synchronized CompetitorStore competitorStore() {
        if (competitorStore == null) {
            competitorStore = new CompetitorStore(table);
        }
        return competitorStore;
    }

    private synchronized TenantProfiles tenantProfiles() {
        if (tenantProfiles == null) {
            tenantProfiles = new TenantProfiles(table, cipher());
        }
        return tenantProfiles;
    }

    /** Opens the Page tokens business discovery reads with (KMS is called only then). */
    private synchronized SecretCipher cipher() {
        if (cipher == null) {
            cipher = SecretCipher.fromConfig(config, aws);
        }
        return cipher;
    }

    private synchronized DiscoveryAccess discoveryAccess() {
        if (discoveryAccess == null) {
            discoveryAccess = new DiscoveryAccess(new SocialAccounts(table, cipher(), clock), tenantProfiles());
        }
        return discoveryAccess;
    }

    /** Builds business discovery's client on first use (a class, not a lambda: nothing of it loads at cold start). */
    private record BusinessDiscoveryFactory(Config config) implements java.util.function.Supplier<BusinessDiscovery> {
        @Override
        public BusinessDiscovery get() {
            return BusinessDiscovery.fromConfig(config);
        }
    }
}
