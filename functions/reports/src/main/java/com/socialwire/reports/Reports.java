package com.socialwire.reports;

import com.socialwire.reports.competitors.CompetitorPulse;
import com.socialwire.reports.competitors.CompetitorStore;
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
