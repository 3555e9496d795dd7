package com.socialwire.engagement;

import com.socialwire.shared.store.Write;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.tenants.TenantSettings;
import com.socialwire.shared.store.AttrValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The engagement context wired as a function of template.yaml gets it on the embedded stores, with the model and
 * the Graph API pointed wherever a test says (WireMock), and brands written straight into the table as the tenants
 * context writes them (a connected Instagram account, an encrypted token, auto-replies on), signed as TenantsFunction:
 * each step acts as the function that does it on AWS, under that function's policies (the parent pom's socialwire.localIam).
 */
public final class EngagementFixture {

    public final LocalEnvironment env;
    public final Engagement engagement;

    /** {@code overrides}: variables on top of {@code logicalId}'s local environment (LLM_*, GRAPH_API_BASE_URL...). */
    public EngagementFixture(String logicalId, Map<String, String> overrides) {
        this.env = LocalEnvironment.shared();
        Map<String, String> vars = new HashMap<>(env.functionEnvironment(logicalId));
        vars.putAll(overrides);
        this.engagement = Engagement.of(Config.of(vars));
    }

    /** The comment worker's wiring with the OpenAI-compatible model and the Graph API at these WireMock base URLs. */
    public static EngagementFixture commentWorker(String modelBaseUrl, String graphBaseUrl) {
        return new EngagementFixture("CommentWorkerFunction", Map.of(
                "LLM_PROVIDER", "openai", "LLM_BASE_URL", modelBaseUrl + "/v1", "LLM_MODEL", "gpt-4o-mini",
                "LLM_API_KEY", "sk-test-replies", "GRAPH_API_BASE_URL", graphBaseUrl + "/v21.0"));
    }

    /** The worker's metering (its ledger, its price card). */
    public com.socialwire.shared.billing.Metering metering() {
        return engagement.metering();
    }

    /** A Chat Completions answer of {@code text}, as the OpenAI API shapes it. */
    public static String chatCompletion(String text) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + com.socialwire.shared.Json.write(text) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":180,\"completion_tokens\":30,\"total_tokens\":210}}";
    }

    /** A brand of a new account with credits, connected to a fresh Instagram account. */
    public record Brand(String accountId, String adminKey, String tenantId, String igUserId, String igHandle, String token) {
    }

    public Brand brand(String brandVoice, List<String> noGoTopics) {
        TestKeys.Key admin = TestKeys.newAccount(env);
        engagement.metering().ledger().grant(admin.accountId(), 5_000_000, "grant-" + admin.accountId(),
                Ledger.Category.PROMOTIONAL, "test");
        String igUserId = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        String tenantId = Ids.next("tnt");
        String token = "IGQVJ-test-" + igUserId;
        Instant now = Instant.now();
        Tenant t = new Tenant(tenantId, admin.accountId(), "Bloom Bakery", "bloombakery", igUserId, Tenant.TOKEN_VALID,
                now.plusSeconds(86_400 * 30L), brandVoice, noGoTopics, "active", "Europe/London",
                new TenantSettings(false, false, "auto_publish", new BigDecimal("5"), true, true, "hide", "escalate"),
                1, now, now);
        // written as TenantsFunction writes a tenant: only it may encrypt a token (kms:GenerateDataKey)
        Config tenants = env.functionConfig("TenantsFunction");
        AwsClients tenantsAws = new AwsClients(tenants);
        Table table = new Table(tenantsAws::dynamoDb, tenants.require("TABLE_NAME"));
        String envelope = SecretCipher.fromConfig(tenants, tenantsAws).encrypt(token, TenantProfiles.tokenContext(tenantId));
        table.put(new Write.Put(TenantRecords.toItem(t, envelope)));
        Map<String, AttrValue> lock = new HashMap<>(Table.key(TenantRecords.igUserLockKey(igUserId), TenantRecords.IG_USER_LOCK_SK));
        lock.put("tenantId", AttrValue.fromS(tenantId));
        table.put(new Write.Put(lock));
        return new Brand(admin.accountId(), admin.raw(), tenantId, igUserId, "bloombakery", token);
    }

    /** A fresh Instagram comment id. */
    public static String commentId() {
        return "179" + (10_000_000_000_000L + ThreadLocalRandom.current().nextLong(80_000_000_000_000L));
    }
}
