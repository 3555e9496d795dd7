package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.ObservedDynamoDb;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review links on DynamoDB Local: a link's token is shown once and only its hash stored; its check answers valid,
 * expired, revoked or unknown (a malformed token without a read); links list newest first without tokens; revoke is
 * idempotent and stays within the tenant; a bad request is refused with every field's problem.
 */
class ReviewLinksIT {

    static final String BASE = "https://review.example.com";

    final ReviewFixture fx = new ReviewFixture();
    final ReviewLinks links = fx.posts.reviewLinks();
    final TestKeys.Key admin = TestKeys.newAccount(fx.env);
    final Principal who = Principal.key(admin.accountId(), admin.keyId(), Role.ADMIN, Set.of());

    ObjectNode body(String json) {
        return (ObjectNode) Json.tree(json);
    }

    ObjectNode create(String tenantId, String json) {
        return links.create(who, tenantId, body(json), BASE);
    }

    static String token(ObjectNode created) {
        String url = created.path("url").asText();
        assertTrue(url.startsWith(BASE + "/review/rvw_"), url);
        return url.substring((BASE + "/review/").length());
    }

    @Test
    void aNewLinksTokenChecksValidAsAClientOfItsTenantAndCampaign() {
        String tenant = fx.tenant(admin, "Bloom Bakery");
        ObjectNode created = links.create(who, tenant, body("{\"campaignId\":\"cmp_spring\",\"expiresInDays\":3,"
                + "\"approverName\":\"  Anna Berg \",\"approverEmail\":\"anna@bloom.example\"}"), BASE + "/");
        String token = token(created);
        assertEquals(47, token.length());
        assertTrue(ReviewTokens.wellFormed(token));
        String id = created.path("id").asText();
        assertTrue(Ids.looksLike("rvl", id), id);
        assertEquals(tenant, created.path("tenantId").asText());
        assertEquals("cmp_spring", created.path("campaignId").asText());
        assertEquals("Anna Berg", created.path("approverName").asText());
        assertEquals("anna@bloom.example", created.path("approverEmail").asText());
        assertEquals("active", created.path("status").asText());
        assertEquals("admin:" + admin.keyId(), created.path("createdBy").asText());
        assertEquals(fx.clock.now, Instant.parse(created.path("createdAt").asText()));
        assertEquals(fx.clock.now.plus(Duration.ofDays(3)), Instant.parse(created.path("expiresAt").asText()));

        LinkCheck check = links.check(token);
        ReviewSession s = assertInstanceOf(LinkCheck.Valid.class, check).session();
        assertEquals(new ReviewSession(id, admin.accountId(), tenant, "cmp_spring", "Anna Berg", "anna@bloom.example",
                fx.clock.now.plus(Duration.ofDays(3)), Hashing.sha256Hex(token)), s);
        Principal client = s.principal();
        assertEquals(Role.CLIENT, client.role());
        assertEquals(id, client.keyId());
        assertTrue(client.canSee(admin.accountId(), tenant));
        assertFalse(client.canSee(admin.accountId(), "tnt_someOtherTenant0000"));
        assertTrue(s.covers("cmp_spring"));
        assertFalse(s.covers("cmp_other"));
        assertFalse(s.toString().contains("anna@"), "no e-mail in a log line");

        // a link without a campaign covers every post; the default is 7 days
        ObjectNode all = create(tenant, "{\"approverName\":\"Bo\",\"approverEmail\":\"bo@bloom.example\"}");
        assertTrue(all.path("campaignId").isNull());
        assertEquals(fx.clock.now.plus(Duration.ofDays(7)), Instant.parse(all.path("expiresAt").asText()));
        assertTrue(assertInstanceOf(LinkCheck.Valid.class, links.check(token(all))).session().covers("cmp_anything"));
        assertNotEquals(token, token(all));
    }

    @Test
    void theTokenIsStoredNowhereOnlyItsHash() {
        String tenant = fx.tenant(admin, "Harbour Cafe");
        String token = token(create(tenant, "{\"approverName\":\"Cara\",\"approverEmail\":\"cara@harbour.example\"}"));
        String random = token.substring(ReviewTokens.PREFIX.length());
        boolean hashStored = false;
        for (String item : fx.everyItem()) {
            assertFalse(item.contains(random), "the token (or its random part) is stored: " + item.substring(0, Math.min(120, item.length())));
            hashStored |= item.contains(Hashing.sha256Hex(token));
        }
        assertTrue(hashStored, "the token's hash is what is stored");
    }

    @Test
    void linksListNewestFirstWithoutTokensPageByPage() {
        String tenant = fx.tenant(admin, "Page Co");
        String other = fx.tenant(admin, "Other Co");
        create(other, "{\"approverName\":\"Not Listed\",\"approverEmail\":\"x@other.example\"}");
        List<String> made = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fx.clock.now = fx.clock.now.plusSeconds(1);
            ObjectNode c = create(tenant, "{\"approverName\":\"Approver " + i + "\",\"approverEmail\":\"a" + i + "@page.example\"}");
            made.add(0, c.path("id").asText());
            tokens.add(token(c));
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<ObjectNode> page = links.list(tenant, 2, cursor);
            assertTrue(page.items().size() <= 2);
            for (ObjectNode l : page.items()) {
                listed.add(l.path("id").asText());
                assertFalse(l.has("url") || l.has("token") || l.has("tokenHash"), l.toString());
                assertEquals("active", l.path("status").asText());
                assertEquals(tenant, l.path("tenantId").asText());
                String text = l.toString();
                for (String t : tokens) {
                    assertFalse(text.contains(t.substring(4)) || text.contains(Hashing.sha256Hex(t)), text);
                }
            }
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(made, listed, "newest first, each once, only this tenant's");
        assertTrue(pages >= 3, "paged by 2: " + pages);
        ApiException foreign = assertThrows(ApiException.class, () -> links.list(other, 2, links.list(tenant, 2, null).nextCursor()));
        assertEquals(ErrorCode.INVALID_CURSOR, foreign.code(), "a cursor belongs to its tenant's list");
    }

    @Test
    void aRevokedLinkChecksRevokedAndRevokingAgainChangesNothing() {
        String tenant = fx.tenant(admin, "Revoke Co");
        ObjectNode c = create(tenant, "{\"approverName\":\"Dee\",\"approverEmail\":\"dee@revoke.example\"}");
        String id = c.path("id").asText();
        String token = token(c);
        fx.clock.now = fx.clock.now.plusSeconds(60);
        Instant revokedAt = fx.clock.now;
        ObjectNode revoked = links.revoke(who, tenant, id);
        assertEquals("revoked", revoked.path("status").asText());
        assertEquals(revokedAt, Instant.parse(revoked.path("revokedAt").asText()));
        assertEquals("admin:" + admin.keyId(), revoked.path("revokedBy").asText());
        assertFalse(revoked.has("url"));
        assertEquals(new LinkCheck.Revoked(revokedAt), links.check(token));

        fx.clock.now = fx.clock.now.plusSeconds(60);
        ObjectNode again = links.revoke(who, tenant, id);
        assertEquals(revokedAt, Instant.parse(again.path("revokedAt").asText()), "idempotent: the first revoke stands");
        assertEquals("revoked", links.get(tenant, id).path("status").asText());
        assertEquals("revoked", links.list(tenant, 10, null).items().get(0).path("status").asText());
        // revoked stays revoked once past its expiry too
        fx.clock.now = fx.clock.now.plus(Duration.ofDays(8));
        assertInstanceOf(LinkCheck.Revoked.class, links.check(token));
    }

    @Test
    void revokeStaysInsideItsTenant() {
        String tenant = fx.tenant(admin, "Mine Co");
        String neighbour = fx.tenant(admin, "Neighbour Co");
        ObjectNode theirs = create(neighbour, "{\"approverName\":\"Eve\",\"approverEmail\":\"eve@n.example\"}");
        String theirId = theirs.path("id").asText();

        assertNotFound(() -> links.revoke(who, tenant, theirId));
        assertNotFound(() -> links.get(tenant, theirId));
        assertNotFound(() -> links.revoke(who, tenant, "rvl_" + Ids.base62(20)));
        assertNotFound(() -> links.revoke(who, tenant, "not-a-link-id"));
        assertNotFound(() -> links.revoke(who, tenant, null));
        assertInstanceOf(LinkCheck.Valid.class, links.check(token(theirs)), "the neighbour's link still works");
        assertEquals("active", links.get(neighbour, theirId).path("status").asText());

        // another account's key reaches neither the tenant nor its links
        TestKeys.Key stranger = TestKeys.newAccount(fx.env);
        Principal them = Principal.key(stranger.accountId(), stranger.keyId(), Role.ADMIN, Set.of());
        assertNotFound(() -> links.revoke(them, neighbour, theirId));
        assertNotFound(() -> links.create(them, neighbour, body("{\"approverName\":\"Eve\",\"approverEmail\":\"eve@n.example\"}"), BASE));
        assertNotFound(() -> create("tnt_" + Ids.base62(20), "{\"approverName\":\"Eve\",\"approverEmail\":\"eve@n.example\"}"));
        assertInstanceOf(LinkCheck.Valid.class, links.check(token(theirs)));
    }

    static void assertNotFound(org.junit.jupiter.api.function.Executable call) {
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(ApiException.class, call).code());
    }

    @Test
    void aLinkExpiresAtItsTime() {
        String tenant = fx.tenant(admin, "Expiry Co");
        Instant made = fx.clock.now;
        String token = token(create(tenant, "{\"expiresInDays\":1,\"approverName\":\"Fay\",\"approverEmail\":\"fay@e.example\"}"));
        Instant end = made.plus(Duration.ofDays(1));
        fx.clock.now = end.minusMillis(1);
        assertInstanceOf(LinkCheck.Valid.class, links.check(token));
        fx.clock.now = end;
        assertEquals(new LinkCheck.Expired(end), links.check(token));
        fx.clock.now = end.plus(Duration.ofDays(20));
        assertEquals(new LinkCheck.Expired(end), links.check(token));
        assertEquals("expired", links.list(tenant, 10, null).items().get(0).path("status").asText());
    }

    @Test
    void aTamperedTokenIsUnknown() {
        String tenant = fx.tenant(admin, "Tamper Co");
        String token = token(create(tenant, "{\"approverName\":\"Gus\",\"approverEmail\":\"gus@t.example\"}"));
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        Random random = new Random(17);
        for (int i = 0; i < 20; i++) {
            int at = ReviewTokens.PREFIX.length() + random.nextInt(ReviewTokens.RANDOM_CHARS);
            char was = token.charAt(at);
            char now = alphabet.charAt((alphabet.indexOf(was) + 1 + random.nextInt(alphabet.length() - 1)) % alphabet.length());
            String tampered = token.substring(0, at) + now + token.substring(at + 1);
            assertNotEquals(token, tampered);
            assertEquals(new LinkCheck.Unknown(), links.check(tampered), tampered.substring(0, 6));
        }
        assertEquals(new LinkCheck.Unknown(), links.check(token.toUpperCase().replace("RVW_", "rvw_")));
        assertInstanceOf(LinkCheck.Valid.class, links.check(token), "the real one still works");
    }

    @Test
    void malformedTokensAreUnknownWithoutARead() {
        AtomicInteger gets = new AtomicInteger();
        LeanDynamoDb db = ObservedDynamoDb.of(fx.env.functionConfig("PostsFunction"), new AwsCallObserver() {
            @Override
            public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
                gets.incrementAndGet();
                return request;
            }
        });
        Table table = new Table(() -> db, fx.env.resources().tables().get("Table"), new Cursors(new byte[32], fx.clock));
        ReviewLinks watched = new ReviewLinks(table, fx.posts.tenants(), new TenantCounters(table, fx.clock), fx.clock);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        String others = " !\"#%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\u0000é日😀";
        List<String> malformed = new ArrayList<>();
        malformed.add(null);
        malformed.add("");
        malformed.add("rvw_");
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            switch (i % 5) {
                case 0 -> { // any characters, any length
                    int n = random.nextInt(120);
                    for (int k = 0; k < n; k++) {
                        b.appendCodePoint(random.nextInt(3) == 0 ? others.codePointAt(others.offsetByCodePoints(0, random.nextInt(others.codePointCount(0, others.length()))))
                                : base62.charAt(random.nextInt(62)));
                    }
                }
                case 1 -> { // the prefix, base62, a wrong length
                    int n = random.nextInt(90);
                    if (n == ReviewTokens.RANDOM_CHARS) {
                        n++;
                    }
                    b.append("rvw_");
                    for (int k = 0; k < n; k++) {
                        b.append(base62.charAt(random.nextInt(62)));
                    }
                }
                case 2 -> { // the right length, one character outside base62
                    b.append("rvw_");
                    for (int k = 0; k < ReviewTokens.RANDOM_CHARS; k++) {
                        b.append(base62.charAt(random.nextInt(62)));
                    }
                    int at = 4 + random.nextInt(ReviewTokens.RANDOM_CHARS);
                    b.setCharAt(at, "-_.~+/= é%".charAt(random.nextInt(10)));
                }
                case 3 -> { // another prefix, the right length
                    String[] prefixes = {"RVW_", "rvl_", "rvw-", "sw_t", "rvwX", "    "};
                    b.append(prefixes[random.nextInt(prefixes.length)]);
                    for (int k = 0; k < ReviewTokens.RANDOM_CHARS; k++) {
                        b.append(base62.charAt(random.nextInt(62)));
                    }
                }
                default -> { // a real-looking token with something around it
                    b.append(random.nextBoolean() ? " " : "").append("rvw_");
                    for (int k = 0; k < ReviewTokens.RANDOM_CHARS; k++) {
                        b.append(base62.charAt(random.nextInt(62)));
                    }
                    b.append(random.nextBoolean() ? "/" : "%00");
                }
            }
            malformed.add(b.toString());
        }
        for (String token : malformed) {
            try {
                assertEquals(new LinkCheck.Unknown(), watched.check(token), "seed " + seed);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": check threw for a malformed token", e);
            }
        }
        assertEquals(0, gets.get(), "seed " + seed + ": a malformed token is refused without a read");

        // a well-formed token that was never issued costs exactly one read
        for (int i = 0; i < 25; i++) {
            assertEquals(new LinkCheck.Unknown(), watched.check(ReviewTokens.next()));
        }
        assertEquals(25, gets.get());
    }

    @Test
    void aBadRequestNamesEveryProblem() {
        String tenant = fx.tenant(admin, "Valid Co");
        ApiException missing = assertThrows(ApiException.class, () -> create(tenant, "{\"expiresInDays\":\"7\",\"token\":\"mine\"}"));
        assertEquals(ErrorCode.VALIDATION_ERROR, missing.code());
        assertEquals(400, missing.status());
        assertEquals(Set.of("approverName", "approverEmail", "expiresInDays", "token"), missing.details().keySet(), missing.details().toString());
        assertEquals("unknown field", missing.details().get("token"));
        assertEquals("is required", missing.details().get("approverName"));
        assertEquals(400, assertThrows(ApiException.class, () -> links.create(who, tenant, null, BASE)).status());

        ApiException bad = assertThrows(ApiException.class, () -> create(tenant, "{\"approverName\":\"" + "n".repeat(101) + "\","
                + "\"approverEmail\":\"not-an-address\",\"expiresInDays\":31,\"campaignId\":\"bad id!\"}"));
        assertEquals(ErrorCode.VALIDATION_ERROR, bad.code());
        assertEquals(422, bad.status());
        assertEquals(Set.of("approverName", "approverEmail", "expiresInDays", "campaignId"), bad.details().keySet(), bad.details().toString());

        for (String days : List.of("0", "-1", "1.5", "30.01", "1e9", "100000000000000000000000")) {
            ApiException e = assertThrows(ApiException.class, () -> create(tenant,
                    "{\"expiresInDays\":" + days + ",\"approverName\":\"Hal\",\"approverEmail\":\"hal@v.example\"}"), days);
            assertEquals(422, e.status(), days);
            assertEquals(Set.of("expiresInDays"), e.details().keySet(), days);
        }
        for (String email : List.of("hal", "hal@", "@v.example", "hal@v", "hal@@v.example", "hal @v.example", "hal@v..example",
                "hal@-v.example", ".hal@v.example", "hal.@v.example", "h".repeat(65) + "@v.example", "h@" + "v".repeat(250) + ".example",
                "hal@v.ex\nample", "hal@v.example x", "<hal@v.example>")) {
            ApiException e = assertThrows(ApiException.class, () -> links.create(who, tenant,
                    bodyWith("approverEmail", email), BASE), email);
            assertEquals(Set.of("approverEmail"), e.details().keySet(), email);
        }
        for (String name : List.of("", "   ", "n".repeat(101), "tab\there", "bell\u0007")) {
            ApiException e = assertThrows(ApiException.class, () -> links.create(who, tenant, bodyWith("approverName", name), BASE), name);
            assertEquals(Set.of("approverName"), e.details().keySet(), name);
        }
        assertEquals(0, links.list(tenant, 10, null).items().size(), "nothing was made");

        // the bounds themselves are fine
        ObjectNode ok = links.create(who, tenant, (ObjectNode) Json.tree("{\"expiresInDays\":30,\"campaignId\":\"cmp_2026.spring:a-b\","
                + "\"approverName\":\"" + "Å".repeat(100) + "\",\"approverEmail\":\"first.last+tag@mail.v-example.co.uk\"}"), BASE);
        assertEquals(fx.clock.now.plus(Duration.ofDays(30)), Instant.parse(ok.path("expiresAt").asText()));
        assertEquals("active", create(tenant, "{\"expiresInDays\":1,\"approverName\":\"Hal\",\"approverEmail\":\"hal@v.example\"}")
                .path("status").asText());
    }

    ObjectNode bodyWith(String field, String value) {
        ObjectNode b = (ObjectNode) Json.tree("{\"approverName\":\"Hal\",\"approverEmail\":\"hal@v.example\"}");
        b.put(field, value);
        return b;
    }

    @Test
    void aDeletedTenantGetsNoNewLink() {
        String tenant = fx.tenant(admin, "Gone Co");
        fx.deleteTenant(admin, tenant);
        ApiException e = assertThrows(ApiException.class, () -> create(tenant, "{\"approverName\":\"Ivy\",\"approverEmail\":\"ivy@g.example\"}"));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(links.list(tenant, 10, null).items().isEmpty());
        assertNull(links.list(tenant, 10, null).nextCursor());
    }
}
