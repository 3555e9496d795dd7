package com.socialwire.tenants;

import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.analytics.Activity;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.tenants.service.TenantService;
import com.socialwire.tenants.store.TenantStore;

import java.time.Clock;

/**
 * The tenants context's wiring from config, once per container: the handler takes what it needs. Clients are built
 * on first use, never at cold start: DynamoDB on the first read, KMS on the first token sealed or opened (with
 * {@code KMS_KEY_ID}), and the Graph API on the first token to prove (most requests never call Instagram).
 */
public final class Tenants {

    private final Config config;
    private final AwsClients aws;
    private final Table table;
    private final Clock clock;

    public Tenants(Config config, Clock clock) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.clock = clock;
    }

    public static Tenants fromEnvironment() {
        return new Tenants(Config.fromEnvironment(), Clock.systemUTC());
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    public TenantService service() {
        Lazy<GraphApi> graph = Lazy.of(() -> GraphApis.fromConfig(config));
        SecretCipher cipher = SecretCipher.fromConfig(config, aws);
        return new TenantService(new TenantStore(table), cipher, new LlmBudget(table, clock), graph,
                new SocialAccounts(table, cipher, clock), new Activity(table), MediaLibrary.lookup(table), clock);
    }
}
