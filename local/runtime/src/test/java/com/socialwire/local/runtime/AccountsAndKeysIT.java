package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.shared.security.Hashing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signup, keys shown once and stored only as hashes, revocation, owner metrics. */
class AccountsAndKeysIT {

    static Fixtures fx;

    @BeforeAll
    static void setUp() {
        fx = new Fixtures();
    }

    @Test
    void signupShowsTheKeyOnceAndItWorks() {
        Response r = fx.accounts.send(com.socialwire.local.stores.HttpApiEvents.event("POST", "/v1/signup", "",
                Map.of("content-type", List.of("application/json")),
                "{\"accountName\":\"Northwind Social\",\"keyName\":\"laptop\"}".getBytes(), "ANY /v1/signup", Map.of(), "192.0.2.77"));
        assertEquals(201, r.status(), r.body());
        JsonNode j = r.json();
        String key = j.path("apiKey").asText();
        assertTrue(key.matches("sw_test_[0-9A-Za-z]{32}"), key);
        assertTrue(j.path("account").path("id").asText().startsWith("acct_"));
        assertEquals("admin", j.path("key").path("role").asText());
        assertTrue(j.path("warning").asText().contains("only once"));
        assertEquals(key.substring(0, 12), j.path("key").path("prefix").asText());

        Response me = fx.accounts.call("GET", "/v1/me", key, null);
        assertEquals(200, me.status(), me.body());
        assertEquals("Northwind Social", me.json().path("account").path("name").asText());
        assertFalse(me.body().contains(key));
        assertFalse(me.body().contains(Hashing.sha256Hex(key)), "a hash must never be returned");
        assertFalse(me.body().toLowerCase().contains("hash"));
    }

    @Test
    void noRawKeyAnywhereInTheTableAndNoHashInAnyList() {
        Fixtures.Account acct = fx.signup("Scan Co");
        List<String> raw = new ArrayList<>(List.of(acct.adminKey()));
        for (String role : List.of("admin", "write", "read")) {
            raw.add(fx.key(acct, role, null, null)[1]);
        }
        // an Idempotency-Key replay of a key creation must not store the key in the clear either
        Response created = fx.accounts.call("POST", "/v1/keys",
                Map.of("authorization", "Bearer " + acct.adminKey(), "idempotency-key", "create-ci-key-1"),
                "{\"name\":\"ci\",\"role\":\"write\"}");
        assertEquals(201, created.status(), created.body());
        raw.add(created.json().path("apiKey").asText());
        Response replay = fx.accounts.call("POST", "/v1/keys",
                Map.of("authorization", "Bearer " + acct.adminKey(), "idempotency-key", "create-ci-key-1"),
                "{\"name\":\"ci\",\"role\":\"write\"}");
        assertEquals(201, replay.status(), replay.body());
        assertEquals(created.json().path("key"), replay.json().path("key"), "the replay names the same key");
        assertFalse(replay.json().has("apiKey"), "a raw key is never stored, so never replayed: " + replay.body());

        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(fx.env.stores().dynamoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            String dump = db.scan(b -> b.tableName(fx.env.resources().tables().get("Table"))).items().toString();
            for (String k : raw) {
                assertFalse(dump.contains(k), "raw key stored: " + k.substring(0, 12));
                assertFalse(dump.contains(k.substring(8)), "key body stored");
                assertTrue(dump.contains(Hashing.sha256Hex(k)), "keys are found by their hash");
            }
        }
        Response list = fx.accounts.call("GET", "/v1/keys?limit=100", acct.adminKey(), null);
        assertEquals(200, list.status());
        assertEquals(5, list.json().path("items").size());
        for (String k : raw) {
            assertFalse(list.body().contains(k));
            assertFalse(list.body().contains(Hashing.sha256Hex(k)));
        }
    }

    /**
     * Issue 11 low: two people behind one address (an office NAT) sign up with the same body and the
     * same Idempotency-Key; the second must never receive the first one's API key.
     */
    @Test
    void anAnonymousSignupReplayNeverReturnsAnotherCallersApiKey() {
        String body = "{\"accountName\":\"Shared Office\",\"keyName\":\"laptop\"}";
        Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"), "idempotency-key", List.of("signup-1"));
        Response first = fx.accounts.send(com.socialwire.local.stores.HttpApiEvents.event("POST", "/v1/signup", "", headers,
                body.getBytes(), "ANY /v1/signup", Map.of(), "198.51.100.23"));
        assertEquals(201, first.status(), first.body());
        String firstKey = first.json().path("apiKey").asText();
        assertTrue(firstKey.startsWith("sw_test_"), first.body());

        Response second = fx.accounts.send(com.socialwire.local.stores.HttpApiEvents.event("POST", "/v1/signup", "", headers,
                body.getBytes(), "ANY /v1/signup", Map.of(), "198.51.100.23"));
        assertFalse(second.body().contains(firstKey), "another caller got the first caller's key: " + second.body());
        assertFalse(second.json().has("apiKey"), second.body());
        assertTrue(second.json().path("warning").asText().contains("not in this one"), second.body());
    }

    /** Issue 11 low: a cursor was base64 JSON of the start key, so a caller could forge one (and read the key layout). */
    @Test
    void aForgedCursorIs400InvalidCursorAndARealOneStillPages() {
        Fixtures.Account acct = fx.signup("Cursor Co");
        fx.key(acct, "read", null, null);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"GSI1PK\":\"ACCOUNT#" + acct.id()
                + "#KEYS\",\"GSI1SK\":\"9999\",\"PK\":\"APIKEY#0\",\"SK\":\"KEY\"}").getBytes());
        Response r = fx.accounts.call("GET", "/v1/keys?limit=1&cursor=" + forged, acct.adminKey(), null);
        assertEquals(400, r.status(), r.body());
        assertEquals("INVALID_CURSOR", r.json().path("error").path("code").asText(), r.body());
        assertFalse(r.body().contains("GSI") || r.body().contains("APIKEY"), r.body());

        Response first = fx.accounts.call("GET", "/v1/keys?limit=1", acct.adminKey(), null);
        String next = first.json().path("nextCursor").asText();
        assertFalse(next.contains("GSI") || new String(java.util.Base64.getUrlDecoder().decode(next.substring(3))).contains("ACCOUNT#"),
                "a cursor does not show the key layout: " + next);
        Response second = fx.accounts.call("GET", "/v1/keys?limit=1&cursor=" + next, acct.adminKey(), null);
        assertEquals(200, second.status(), second.body());
        assertEquals(1, second.json().path("items").size());
        Fixtures.Account other = fx.signup("Cursor Thief");
        Response stolen = fx.accounts.call("GET", "/v1/keys?limit=1&cursor=" + next, other.adminKey(), null);
        assertEquals(400, stolen.status(), "a cursor of another account's list: " + stolen.body());
    }

    /** Issue 11 low: an admin key could create keys without end (each one a row, a hash and a cache entry). */
    @Test
    void keysPerAccountAreCappedAtFiftyActiveAndARevokedOneFreesItsPlace() {
        Fixtures.Account acct = fx.signup("Many Keys Co");
        String lastId = null;
        for (int i = 1; i < 50; i++) { // the signup's key is the first
            lastId = fx.key(acct, "read", null, null)[0];
        }
        Response over = fx.accounts.call("POST", "/v1/keys", acct.adminKey(), "{\"name\":\"one too many\",\"role\":\"read\"}");
        assertEquals(409, over.status(), over.body());
        assertEquals("KEY_LIMIT_REACHED", over.json().path("error").path("code").asText(), over.body());
        assertEquals(50, over.json().path("error").path("details").path("limit").asInt());
        assertEquals(200, fx.accounts.call("DELETE", "/v1/keys/" + lastId, acct.adminKey(), null).status());
        assertEquals(200, fx.accounts.call("DELETE", "/v1/keys/" + lastId, acct.adminKey(), null).status(), "revoking twice frees one place");
        fx.key(acct, "read", null, null);
        assertEquals(409, fx.accounts.call("POST", "/v1/keys", acct.adminKey(), "{\"name\":\"x\",\"role\":\"read\"}").status());
    }

    /** Issue 11 low: every signup got the promotional grant, so one address could farm credits. */
    @Test
    void theSignupGrantGoesToThreeSignupsPerAddressPerDayAndLaterOnesStillGetAnAccount() {
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Response r = fx.accounts.send(com.socialwire.local.stores.HttpApiEvents.event("POST", "/v1/signup", "",
                    Map.of("content-type", List.of("application/json")), ("{\"accountName\":\"Farm " + i + "\"}").getBytes(),
                    "ANY /v1/signup", Map.of(), "192.0.2.200"));
            assertEquals(201, r.status(), r.body());
            answers.add(r.json());
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(answers.get(i).path("grantedMicroCredits").asLong() > 0, answers.get(i).toString());
            assertTrue(answers.get(i).path("grantNote").isNull(), answers.get(i).toString());
        }
        JsonNode fourth = answers.get(3);
        assertEquals(0, fourth.path("grantedMicroCredits").asLong(), fourth.toString());
        assertTrue(fourth.path("grantNote").asText().contains("today"), fourth.toString());
        assertEquals(200, fx.accounts.call("GET", "/v1/me", fourth.path("apiKey").asText(), null).status(), "the account works");
    }

    @Test
    void aRevokedKeyStopsAtOnceHereAndWithinTheCacheTimeElsewhere() {
        Fixtures.Account acct = fx.signup("Revoke Co");
        String[] key = fx.key(acct, "read", null, null);
        FunctionClient otherInstance = new FunctionClient(fx.env, "AccountsFunction");
        assertEquals(200, otherInstance.call("GET", "/v1/me", key[1], null).status(), "warms the other instance's cache");
        Response revoked = fx.accounts.call("DELETE", "/v1/keys/" + key[0], acct.adminKey(), null);
        assertEquals(200, revoked.status(), revoked.body());
        assertEquals("revoked", revoked.json().path("key").path("status").asText());
        assertEquals(401, fx.accounts.call("GET", "/v1/me", key[1], null).status(), "the revoking instance forgets at once");
        assertEquals(401, new FunctionClient(fx.env, "TenantsFunction").call("GET", "/v1/tenants", key[1], null).status(),
                "a fresh instance reads the revocation");
        assertEquals(200, fx.accounts.call("DELETE", "/v1/keys/" + key[0], acct.adminKey(), null).status(), "revoking twice is fine");
    }

    @Test
    void keyValidationSaysWhatIsWrong() {
        Fixtures.Account acct = fx.signup("Validation Co");
        Fixtures.Account other = fx.signup("Other Co");
        String otherTenant = fx.tenant(other, "Theirs");
        Response r = fx.accounts.call("POST", "/v1/keys", acct.adminKey(),
                "{\"name\":\"\",\"role\":\"client\",\"tenantIds\":[\"" + otherTenant + "\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}");
        assertEquals(400, r.status(), r.body());
        JsonNode d = r.json().path("error").path("details");
        assertTrue(d.has("name") && d.has("tenantIds") && d.has("expiresAt"), d.toString());
        assertEquals(400, fx.accounts.call("POST", "/v1/keys", acct.adminKey(), "{\"name\":\"x\",\"role\":\"root\"}").status());
        assertEquals(404, fx.accounts.call("DELETE", "/v1/keys/key_nope", acct.adminKey(), null).status());
    }

    @Test
    void ownerMetricsCountWithoutSecrets() {
        fx.signup("Metrics Co");
        Response m = fx.system.call("GET", "/v1/ops/metrics", fx.env.ownerKey(), null);
        assertEquals(200, m.status(), m.body());
        JsonNode j = m.json();
        assertTrue(j.path("accounts").asLong() >= 1);
        assertTrue(j.path("activeKeys").asLong() >= 1);
        assertTrue(j.path("queues").has("comments") && j.path("queues").has("comments_dlq"), j.toString());
        assertTrue(j.path("providers").has("stripe"));
        assertFalse(m.body().contains(fx.env.secrets().get("LOCAL_ENCRYPTION_KEY")));
        assertEquals(403, fx.system.call("GET", "/v1/ops/metrics", fx.signup("Nosy Co").adminKey(), null).status());
    }
}
