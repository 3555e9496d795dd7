package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local Graph API sandbox's content publishing, called as the gateway calls it: {@code handle(...)} with Graph-relative paths. */
class GraphSandboxTest {

    private static final String IG_USER = "17841400000000001";
    private static final String OTHER_USER = "17841400000000002";
    private static final String AUTH = "Bearer " + GraphSandbox.token(IG_USER, "bloombakery");
    private static final String OTHER_AUTH = "Bearer " + GraphSandbox.token(OTHER_USER, "other");
    private static final String FORM = "application/x-www-form-urlencoded";

    /** The sandbox's clock, moved by hand. */
    private Instant now = Instant.parse("2026-11-20T18:10:30Z");
    private final GraphSandbox graph = new GraphSandbox(() -> now);

    private void advance(Duration d) {
        now = now.plus(d);
    }

    // ------------------------------------------------------------------ calls as HttpGraphApi makes them

    private GraphSandbox.Answer post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return graph.handle("POST", path, null, auth(path), FORM, body.getBytes(StandardCharsets.UTF_8));
    }

    private GraphSandbox.Answer get(String path, String fields, String... extra) {
        String query = "fields=" + URLEncoder.encode(fields, StandardCharsets.UTF_8) + (extra.length == 0 ? "" : "&" + String.join("&", extra));
        return graph.handle("GET", path, query, auth(path), null, null);
    }

    /** The token of the account whose edge {@code path} is (each account's own, as Graph requires). */
    private static String auth(String path) {
        return path.startsWith("/" + OTHER_USER + "/") ? OTHER_AUTH : AUTH;
    }

    private static JsonNode json(GraphSandbox.Answer a) {
        return Json.tree(a.body());
    }

    private static JsonNode ok(GraphSandbox.Answer a) {
        assertEquals(200, a.status(), a.body());
        return json(a);
    }

    private static JsonNode graphError(GraphSandbox.Answer a, int status, int code) {
        assertEquals(status, a.status(), a.body());
        JsonNode error = json(a).path("error");
        assertEquals(code, error.path("code").asInt(), a.body());
        return error;
    }

    private static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private String createImage(String igUser, String caption) {
        return ok(post("/" + igUser + "/media", form("image_url", "https://media.example.com/cake.jpg", "caption", caption))).path("id").asText();
    }

    private String createReel(String caption) {
        return ok(post("/" + IG_USER + "/media", form("media_type", "REELS", "video_url", "https://media.example.com/r.mp4", "caption", caption)))
                .path("id").asText();
    }

    private String statusCode(String containerId) {
        return ok(get("/" + containerId, "id,status_code,status")).path("status_code").asText();
    }

    private GraphSandbox.Answer publish(String igUser, String containerId) {
        return post("/" + igUser + "/media_publish", form("creation_id", containerId));
    }

    private JsonNode limit(String igUser) {
        return ok(get("/" + igUser + "/content_publishing_limit", "quota_usage,config")).path("data").path(0);
    }

    private List<JsonNode> calls() {
        List<JsonNode> out = new ArrayList<>();
        Json.mapper().valueToTree(graph.outbox()).path("calls").forEach(out::add);
        return out;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void anImagePublishesAtOnceAndBecomesAMediaWithAPermalink() {
        String container = createImage(IG_USER, "Fresh croissants #bakery");

        JsonNode status = ok(get("/" + container, "id,status_code,status"));
        assertEquals(container, status.path("id").asText());
        assertEquals("FINISHED", status.path("status_code").asText());
        assertTrue(status.path("status").asText().startsWith("Finished"));

        String mediaId = ok(publish(IG_USER, container)).path("id").asText();
        assertFalse(mediaId.isBlank());
        assertFalse(mediaId.equals(container));
        assertEquals("PUBLISHED", statusCode(container));

        String permalink = ok(get("/" + mediaId, "permalink")).path("permalink").asText();
        assertEquals("https://www.instagram.com/p/" + GraphSandbox.shortcode(Long.parseLong(mediaId)) + "/", permalink);
        assertTrue(permalink.matches("https://www\\.instagram\\.com/p/[A-Za-z0-9_-]+/"), permalink);

        JsonNode listed = ok(get("/" + IG_USER + "/media", "id,caption,permalink,timestamp", "limit=5")).path("data");
        assertEquals(1, listed.size());
        assertEquals(mediaId, listed.path(0).path("id").asText());
        assertEquals("Fresh croissants #bakery", listed.path(0).path("caption").asText());
        assertEquals(permalink, listed.path(0).path("permalink").asText());
        assertEquals("2026-11-20T18:10:30+0000", listed.path(0).path("timestamp").asText());
    }

    @Test
    void aGraphVersionPrefixIsAcceptedAndTheOutboxRecordsTheFormWithoutTheToken() {
        String container = ok(post("/v21.0/" + IG_USER + "/media", form("image_url", "https://media.example.com/a.jpg", "caption", "Hi & bye")))
                .path("id").asText();
        ok(publish(IG_USER, container));

        JsonNode create = calls().get(0);
        assertEquals("POST", create.path("method").asText());
        assertEquals("/v21.0/" + IG_USER + "/media", create.path("path").asText());
        assertEquals("https://media.example.com/a.jpg", create.path("body").path("image_url").asText());
        assertEquals("Hi & bye", create.path("body").path("caption").asText());
        assertEquals(container, calls().get(1).path("body").path("creation_id").asText());
        assertFalse(Json.write(graph.outbox()).contains(AUTH.substring(7)));
    }

    @Test
    void aReelIsInProgressForTwoPollsThenFinished() {
        String container = createReel("Behind the scenes");

        // publishing before any poll has seen it finished: not ready
        JsonNode early = graphError(publish(IG_USER, container), 400, 9007);
        assertEquals(2207027, early.path("error_subcode").asInt());

        assertEquals("IN_PROGRESS", statusCode(container));
        assertEquals("IN_PROGRESS", statusCode(container));
        graphError(publish(IG_USER, container), 400, 9007);
        assertEquals("FINISHED", statusCode(container));
        assertEquals("FINISHED", statusCode(container));

        ok(publish(IG_USER, container));
        assertEquals("PUBLISHED", statusCode(container));
    }

    @Test
    void aCarouselIsFinishedWhenItsChildrenAreAndPollingItPollsThem() {
        String image = ok(post("/" + IG_USER + "/media", form("image_url", "https://media.example.com/1.jpg", "is_carousel_item", "true"))).path("id").asText();
        String video = ok(post("/" + IG_USER + "/media",
                form("media_type", "VIDEO", "video_url", "https://media.example.com/2.mp4", "is_carousel_item", "true"))).path("id").asText();
        String carousel = ok(post("/" + IG_USER + "/media", form("media_type", "CAROUSEL", "children", image + "," + video, "caption", "Two"))).path("id").asText();

        assertEquals("IN_PROGRESS", statusCode(carousel));
        assertEquals("IN_PROGRESS", statusCode(carousel));
        assertEquals("FINISHED", statusCode(carousel));
        assertEquals("FINISHED", statusCode(video));

        // an item is published through its carousel, never on its own
        graphError(publish(IG_USER, image), 400, 100);
        String mediaId = ok(publish(IG_USER, carousel)).path("id").asText();

        JsonNode listed = ok(get("/" + IG_USER + "/media", "id,caption,media_type")).path("data").path(0);
        assertEquals(mediaId, listed.path("id").asText());
        assertEquals("Two", listed.path("caption").asText());
        assertEquals("CAROUSEL_ALBUM", listed.path("media_type").asText());
    }

    @Test
    void aCarouselNeedsTwoToTenItemsOfThisAccount() {
        String item = ok(post("/" + IG_USER + "/media", form("image_url", "https://media.example.com/1.jpg", "is_carousel_item", "true"))).path("id").asText();
        String notAnItem = createImage(IG_USER, "single");
        String othersItem = ok(post("/" + OTHER_USER + "/media", form("image_url", "https://media.example.com/x.jpg", "is_carousel_item", "true")))
                .path("id").asText();

        assertEquals(2207028, graphError(post("/" + IG_USER + "/media", form("media_type", "CAROUSEL", "children", item)), 400, 100)
                .path("error_subcode").asInt());
        graphError(post("/" + IG_USER + "/media", form("media_type", "CAROUSEL", "children", item + "," + notAnItem)), 400, 100);
        graphError(post("/" + IG_USER + "/media", form("media_type", "CAROUSEL", "children", item + "," + othersItem)), 400, 100);
        graphError(post("/" + IG_USER + "/media", form("media_type", "CAROUSEL", "children", item + ",17999999999999999")), 400, 100);
        graphError(post("/" + IG_USER + "/media", form("caption", "no url")), 400, 100);
        graphError(post("/" + IG_USER + "/media", form("media_type", "REELS", "caption", "no url")), 400, 100);
        assertEquals(2207023, graphError(post("/" + IG_USER + "/media", form("media_type", "STORIES", "image_url", "https://a/b.jpg")), 400, 100)
                .path("error_subcode").asInt());
    }

    @Test
    void publishingTwiceIsRefusedAndPublishesOnce() {
        String container = createImage(IG_USER, "once");
        String mediaId = ok(publish(IG_USER, container)).path("id").asText();

        JsonNode again = graphError(publish(IG_USER, container), 400, 100);
        assertEquals("The media has already been published", again.path("message").asText());
        assertTrue(again.path("error_user_msg").asText().contains(mediaId));

        assertEquals(1, ok(get("/" + IG_USER + "/media", "id")).path("data").size());
        assertEquals(1, limit(IG_USER).path("quota_usage").asInt());
    }

    @Test
    void anUnknownContainerIsCode100() {
        graphError(publish(IG_USER, "17999999999999999"), 400, 100);
        graphError(post("/" + IG_USER + "/media_publish", form()), 400, 100);
        assertEquals(33, graphError(get("/17999999999999999", "id,status_code,status"), 400, 100).path("error_subcode").asInt());
        graphError(get("/17999999999999999", "permalink"), 400, 100);
        // another account's container is not this account's to publish
        graphError(publish(OTHER_USER, createImage(IG_USER, "mine")), 400, 100);
    }

    @Test
    void anApplyFirstFaultOnMediaPublishPublishesAndThenAnswersTheFault() {
        String container = createImage(IG_USER, "lost answer");
        graph.addFault(Json.tree("{\"pathContains\":\"/media_publish\",\"applyFirst\":true,\"status\":500,\"times\":1}"));

        GraphSandbox.Answer lost = publish(IG_USER, container);

        assertEquals(500, lost.status());
        assertEquals(2, json(lost).path("error").path("code").asInt());
        assertEquals("PUBLISHED", statusCode(container));
        assertEquals(1, ok(get("/" + IG_USER + "/media", "id")).path("data").size());
        assertEquals("applied, then fault 500", calls().get(1).path("outcome").asText());
        // the fault was used up: a retry of the same container is refused as a double publish, not published again
        graphError(publish(IG_USER, container), 400, 100);
        assertEquals(1, limit(IG_USER).path("quota_usage").asInt());
    }

    @Test
    void aFaultWithoutApplyFirstLeavesTheContainerUnpublished() {
        String container = createImage(IG_USER, "refused");
        graph.addFault(Json.tree("{\"pathContains\":\"/media_publish\",\"status\":503,\"times\":1}"));

        assertEquals(503, publish(IG_USER, container).status());

        assertEquals("FINISHED", statusCode(container));
        ok(publish(IG_USER, container));
    }

    @Test
    void delayFaultsOnMediaPublish() {
        String late = createImage(IG_USER, "late");
        String lost = createImage(IG_USER, "lost");
        // a late but real answer: the publish happens and its answer comes after the delay
        graph.addFault(Json.tree("{\"pathContains\":\"/media_publish\",\"applyFirst\":true,\"delayMs\":15000,\"times\":1}"));
        GraphSandbox.Answer slow = publish(IG_USER, late);
        assertEquals(200, slow.status());
        assertEquals(15000, slow.delayMs());
        assertFalse(json(slow).path("id").asText().isBlank());
        assertEquals("PUBLISHED", statusCode(late));

        // a delayed error: published, then a 500 long after any client timeout
        graph.addFault(Json.tree("{\"pathContains\":\"/media_publish\",\"applyFirst\":true,\"delayMs\":15000,\"status\":500,\"times\":1}"));
        GraphSandbox.Answer timedOut = publish(IG_USER, lost);
        assertEquals(500, timedOut.status());
        assertEquals(15000, timedOut.delayMs());
        assertEquals("PUBLISHED", statusCode(lost));
    }

    @Test
    void quotaCountsThePublishesOfTheLast24HoursPerAccount() {
        JsonNode fresh = limit(IG_USER);
        assertEquals(0, fresh.path("quota_usage").asInt());
        assertEquals(100, fresh.path("config").path("quota_total").asInt());
        assertEquals(86400, fresh.path("config").path("quota_duration").asInt());

        ok(publish(IG_USER, createImage(IG_USER, "one")));
        advance(Duration.ofHours(12));
        ok(publish(IG_USER, createImage(IG_USER, "two")));
        ok(publish(OTHER_USER, createImage(OTHER_USER, "theirs")));
        assertEquals(2, limit(IG_USER).path("quota_usage").asInt());
        assertEquals(1, limit(OTHER_USER).path("quota_usage").asInt());

        advance(Duration.ofHours(13)); // the first publish has left the window
        assertEquals(1, limit(IG_USER).path("quota_usage").asInt());

        // without fields=config Meta answers quota_usage alone
        JsonNode bare = ok(graph.handle("GET", "/" + IG_USER + "/content_publishing_limit", null, AUTH, null, null)).path("data").path(0);
        assertEquals(1, bare.path("quota_usage").asInt());
        assertTrue(bare.path("config").isMissingNode());
    }

    @Test
    void anOverriddenQuotaRefusesPublishingWithMetasLimitError() {
        Map<String, Object> set = graph.setQuota(Json.tree("{\"igUserId\":\"" + IG_USER + "\",\"quotaTotal\":3,\"quotaUsage\":2}"));
        assertEquals(2, set.get("quota_usage"));
        assertEquals(3, set.get("quota_total"));

        ok(publish(IG_USER, createImage(IG_USER, "last one")));
        assertEquals(3, limit(IG_USER).path("quota_usage").asInt());
        assertEquals(3, limit(IG_USER).path("config").path("quota_total").asInt());

        String refused = createImage(IG_USER, "one too many");
        JsonNode error = graphError(publish(IG_USER, refused), 400, 9);
        assertEquals(2207042, error.path("error_subcode").asInt());
        assertEquals("FINISHED", statusCode(refused));
        // other accounts keep the default quota
        ok(publish(OTHER_USER, createImage(OTHER_USER, "fine")));

        assertThrows(IllegalArgumentException.class, () -> graph.setQuota(Json.tree("{\"quotaTotal\":3}")));
        assertThrows(IllegalArgumentException.class, () -> graph.setQuota(Json.tree("{\"igUserId\":\"1\",\"quotaTotal\":-1}")));
    }

    @Test
    void recentMediaListsNewestFirstUpToTheLimit() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(ok(publish(IG_USER, createImage(IG_USER, "post " + i))).path("id").asText());
            advance(Duration.ofMinutes(1));
        }
        ok(publish(OTHER_USER, createImage(OTHER_USER, "not listed")));

        JsonNode data = ok(get("/" + IG_USER + "/media", "id,caption", "limit=3")).path("data");

        assertEquals(3, data.size());
        assertEquals(ids.get(3), data.path(0).path("id").asText());
        assertEquals("post 4", data.path(0).path("caption").asText());
        assertEquals(ids.get(2), data.path(1).path("id").asText());
        assertEquals(ids.get(1), data.path(2).path("id").asText());
        assertTrue(data.path(0).path("permalink").isMissingNode()); // only the fields asked for
    }

    @Test
    void anUnpublishedContainerExpiresAfter24Hours() {
        String container = createImage(IG_USER, "too late");
        advance(Duration.ofHours(24));

        assertEquals("EXPIRED", statusCode(container));
        assertEquals(2207020, graphError(publish(IG_USER, container), 400, -2).path("error_subcode").asInt());
    }

    @Test
    void clearForgetsContainersMediaAndQuotas() {
        String container = createImage(IG_USER, "before");
        String mediaId = ok(publish(IG_USER, container)).path("id").asText();
        graph.setQuota(Json.tree("{\"igUserId\":\"" + IG_USER + "\",\"quotaTotal\":1}"));

        graph.clear();

        assertTrue(calls().isEmpty());
        graphError(get("/" + container, "id,status_code,status"), 400, 100);
        graphError(get("/" + mediaId, "permalink"), 400, 100);
        assertEquals(0, ok(get("/" + IG_USER + "/media", "id")).path("data").size());
        JsonNode limit = limit(IG_USER);
        assertEquals(0, limit.path("quota_usage").asInt());
        assertEquals(100, limit.path("config").path("quota_total").asInt());
    }

    @Test
    void commentCallsStillAnswerAsBefore() {
        String reply = ok(post("/17870913679156914/replies", form("message", "Thanks!"))).path("id").asText();
        JsonNode comment = ok(get("/17870913679156914", "id,text,username,timestamp,from,media,replies{id,text,username,from}"));
        assertEquals(reply, comment.path("replies").path("data").path(0).path("id").asText());
        assertTrue(ok(post("/17870913679156914", form("hide", "true"))).path("success").asBoolean());
    }

    // ------------------------------------------------------------------ tokens: whom a token belongs to

    @Test
    void meAnswersWhomAnIssuedTokenBelongsToAndAnUnknownTokenAsGraphAnswersAnInvalidOne() {
        JsonNode me = ok(graph.handle("GET", "/v21.0/me", "fields=user_id%2Cusername", AUTH, null, null));
        assertEquals(IG_USER, me.path("user_id").asText());
        assertEquals("bloombakery", me.path("username").asText());
        assertTrue(me.has("id"));

        // Graph also takes the token as ?access_token=, and the outbox keeps it out as it keeps the header out
        String issued = (String) GraphSandbox.issueToken(Json.tree("{\"igUserId\":\"17841400000000042\",\"username\":\"corner.cafe\"}")).get("accessToken");
        JsonNode viaQuery = ok(graph.handle("GET", "/me", "fields=user_id,username&access_token=" + issued, null, null, null));
        assertEquals("17841400000000042", viaQuery.path("user_id").asText());
        assertFalse(Json.write(graph.outbox()).contains(issued), "a token reached the outbox");

        String tampered = issued.replace("17841400000000042".substring(0, 1), "2");
        for (String unknown : List.of("IGQVJ...", "IGQVJ-made-up-token-0123456789", issued + "x", issued.substring(0, issued.length() - 1) + "0",
                GraphSandbox.token("17841400000000042", "corner.cafe").replace("IGAALocal.", "IGAALocal.e"), tampered)) {
            if (unknown.equals(issued)) {
                continue;
            }
            for (String path : List.of("/me", "/" + IG_USER + "/media", "/17870913679156914/replies")) {
                JsonNode error = graphError(graph.handle(path.endsWith("replies") ? "POST" : "GET", path, "fields=user_id",
                        "Bearer " + unknown, FORM, "message=hi".getBytes(StandardCharsets.UTF_8)), 400, 190);
                assertEquals("OAuthException", error.path("type").asText());
            }
        }
        graphError(graph.handle("GET", "/me", "fields=user_id", null, null, null), 400, 104);
    }

    @Test
    void anAccountsEdgesAnswerOnlyThatAccountsToken() {
        JsonNode error = graphError(graph.handle("POST", "/" + OTHER_USER + "/media", null, AUTH, FORM,
                "image_url=https%3A%2F%2Fmedia.example.com%2Fx.jpg".getBytes(StandardCharsets.UTF_8)), 400, 100);
        assertEquals(33, error.path("error_subcode").asInt());
        graphError(graph.handle("GET", "/" + OTHER_USER + "/content_publishing_limit", "fields=quota_usage", AUTH, null, null), 400, 100);
        ok(graph.handle("GET", "/" + OTHER_USER + "/content_publishing_limit", "fields=quota_usage", OTHER_AUTH, null, null));
    }

    @Test
    void issuingATokenNeedsANumericAccountIdAndAnInstagramUsername() {
        assertThrows(IllegalArgumentException.class, () -> GraphSandbox.issueToken(Json.tree("{\"igUserId\":\"bloom\"}")));
        assertThrows(IllegalArgumentException.class, () -> GraphSandbox.issueToken(Json.tree("{\"igUserId\":\"1784\",\"username\":\"no spaces\"}")));
        assertEquals(GraphSandbox.DEMO_TOKEN, GraphSandbox.issueToken(Json.tree("{\"igUserId\":\"" + GraphSandbox.DEMO_IG_USER_ID
                + "\",\"username\":\"" + GraphSandbox.DEMO_USERNAME + "\"}")).get("accessToken"), "the same account, the same token: restarts keep tokens valid");
        assertEquals("IGAALocal.MTc4NDE0MDAwMDAwMDAwMDE6Ymxvb21iYWtlcnk.54b389d6f8f3522facdcd25b", GraphSandbox.DEMO_TOKEN,
                "README.md and events/tenants-create.json carry the demo account's token as written");
    }

    // ------------------------------------------------------------------ insights

    private GraphSandbox.Answer insights(String id, String metrics, String auth) {
        return graph.handle("GET", "/v21.0/" + id + "/insights", "metric=" + URLEncoder.encode(metrics, StandardCharsets.UTF_8), auth, null, null);
    }

    @Test
    void mediaInsightsAreEmptyUntilTheLagPassesThenPerProductTypeAndAnUnsupportedMetricIsMeta100() {
        String mediaId = ok(publish(IG_USER, createImage(IG_USER, "Rye at 8"))).path("id").asText();
        assertEquals("FEED", ok(get("/" + mediaId, "media_type,media_product_type")).path("media_product_type").asText());
        String feed = "views,reach,likes,comments,saved,shares,total_interactions";
        assertEquals(0, ok(insights(mediaId, feed, AUTH)).path("data").size(), "no data yet: an empty data array");

        advance(Duration.ofDays(1));
        JsonNode data = ok(insights(mediaId, feed, AUTH)).path("data");
        assertEquals(7, data.size());
        assertEquals("views", data.get(0).path("name").asText());
        assertTrue(data.get(0).path("values").get(0).path("value").asLong() > 0, data.toString());
        assertEquals("LOCAL SANDBOX value", data.get(0).path("description").asText());
        assertEquals(data, ok(insights(mediaId, feed, AUTH)).path("data"), "the same numbers on every read");

        JsonNode refused = graphError(insights(mediaId, "impressions,reach", AUTH), 400, 100);
        assertTrue(refused.path("message").asText().contains("does not support the impressions metric"), refused.toString());
        graphError(insights(mediaId, feed, OTHER_AUTH), 400, 100); // another account's media

        JsonNode account = ok(graph.handle("GET", "/" + IG_USER + "/insights", "metric=reach,views&period=day&metric_type=total_value", AUTH, null, null));
        assertTrue(account.path("data").get(0).path("total_value").path("value").asLong() > 0, account.toString());
        assertTrue(ok(get("/" + IG_USER, "followers_count")).path("followers_count").asLong() > 0);
    }
}
