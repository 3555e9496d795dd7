package com.socialwire.engagement.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MetaWebhookFunction on the embedded stores, fed Meta's documented delivery shapes from events/meta-webhooks/:
 * what becomes a comment job, a DM job or a mention, and what is counted, by field, as ignored.
 */
class MetaWebhookIT {

    static final String FIXTURE_ACCOUNT = "17841400000000001";
    static final Path FIXTURES = Template.locate().getParent().resolve("events/meta-webhooks");

    EngagementFixture fx;
    FunctionClient webhook;
    /** The queues' consumers, as Lambda polls for them: each takes jobs off its queue with its own role. */
    LeanSqs commentWorker;
    LeanSqs dmWorker;
    Config config;
    EngagementFixture.Brand brand;

    @BeforeEach
    void setUp() {
        fx = new EngagementFixture("MetaWebhookFunction", Map.of());
        config = fx.env.functionConfig("MetaWebhookFunction");
        webhook = new FunctionClient(fx.env, "MetaWebhookFunction");
        commentWorker = new AwsClients(fx.env.functionConfig("CommentWorkerFunction")).sqs();
        dmWorker = new AwsClients(fx.env.functionConfig("DmWorkerFunction")).sqs();
        brand = fx.brand("Warm and brief.", List.of());
    }

    FunctionClient.Response deliver(String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-hub-signature-256", sign(body, fx.env.secrets().get("META_APP_SECRET")));
        return webhook.call("POST", "/webhooks/meta", headers, body);
    }

    static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixture with the brand's account id in place of the fixtures' one. */
    String fixture(String name) throws Exception {
        return Files.readString(FIXTURES.resolve(name)).strip().replace(FIXTURE_ACCOUNT, brand.igUserId());
    }

    /**
     * Every job on {@code queueVariable}'s queue for this brand, taken off the queue by that queue's consumer (its role
     * may receive and delete); another brand's job stays hidden for two seconds, as a Lambda poller leaves it.
     */
    List<JsonNode> drain(String queueVariable) {
        String url = config.require(queueVariable);
        LeanSqs sqs = "DMS_QUEUE_URL".equals(queueVariable) ? dmWorker : commentWorker;
        List<JsonNode> mine = new ArrayList<>();
        int empty = 0;
        while (empty < 3) {
            List<LeanSqs.Message> got = sqs.receive(url, 10, 0, 2, List.of());
            if (got.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            List<LeanSqs.Receipt> done = new ArrayList<>();
            for (LeanSqs.Message m : got) {
                JsonNode job = Json.tree(m.body());
                if (brand.tenantId().equals(job.path("tenantId").asText())) {
                    mine.add(job);
                    done.add(new LeanSqs.Receipt(Integer.toString(done.size()), m.receiptHandle()));
                }
            }
            if (!done.isEmpty()) {
                sqs.deleteBatch(url, done);
            }
        }
        return mine;
    }

    Map<String, Long> ignoredCounts() {
        return Counters.withPrefix(new Counters(fx.engagement.table).read(), Counters.WEBHOOK_IGNORED);
    }

    Optional<InboxItem> item(String type, String externalId) {
        return fx.engagement.inbox().get(brand.tenantId(), InboxStore.idFor(brand.tenantId(), type, externalId));
    }

    @Test
    void aFlatFormCommentFromInstagramLoginBecomesACommentJob() throws Exception {
        FunctionClient.Response r = deliver(fixture("comment-flat.json"));
        assertEquals(200, r.status(), r.body());
        List<JsonNode> jobs = drain("COMMENTS_QUEUE_URL");
        assertEquals(1, jobs.size(), jobs.toString());
        assertEquals("17865799348089101", jobs.get(0).path("igCommentId").asText());
        assertEquals("croissant_fan", jobs.get(0).path("authorName").asText());
        assertEquals("Do you bake on Sundays?", jobs.get(0).path("text").asText());
        assertEquals("17999999999999901", jobs.get(0).path("mediaId").asText());
    }

    @Test
    void aFacebookPageCommentAndAThreadsReplyBecomeCommentJobsOfTheirSocialAccounts() throws Exception {
        String page = "1040" + (100_000_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(800_000_000_000L));
        String profile = "2500" + (100_000_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(800_000_000_000L));
        SocialAccounts social = new EngagementFixture("SocialFunction", Map.of()).engagement.socialAccounts();
        SocialAccount fb = connect(social, "facebook", page, "Bloom Bakery");
        SocialAccount threads = connect(social, "threads", profile, "bloombakery");

        Map<String, Long> before = ignoredCounts();
        assertEquals(200, deliver(fixture("page-feed-comment.json").replace("104000000000001", page)).status());
        assertEquals(200, deliver(fixture("threads-reply.json").replace("25000000000001", profile)).status());
        Map<String, JsonNode> jobs = new HashMap<>();
        drain("COMMENTS_QUEUE_URL").forEach(j -> jobs.put(j.path("platform").asText(), j));
        assertEquals(2, jobs.size(), "one each; not the Page's own reply: " + jobs);

        JsonNode c = jobs.get("facebook");
        assertEquals(fb.accountId(), c.path("socialAccountId").asText(), c.toString());
        assertEquals("1111111111111111_2222222222222222", c.path("externalId").asText());
        assertEquals("comment", c.path("type").asText());
        assertEquals("Sam Sourdough", c.path("authorName").asText());
        assertEquals("7100000000000001", c.path("authorId").asText());
        assertEquals("Do you have rye on Saturdays?", c.path("text").asText());
        assertEquals(page + "_1111111111111111", c.path("mediaId").asText());
        assertTrue(c.path("igCommentId").isNull(), "not an Instagram comment");

        JsonNode t = jobs.get("threads");
        assertEquals(threads.accountId(), t.path("socialAccountId").asText(), t.toString());
        assertEquals("18050000000000001", t.path("externalId").asText());
        assertEquals("sourdough_sam", t.path("authorHandle").asText());
        assertEquals("sourdough_sam", t.path("authorId").asText(), "Threads names its author by username only");
        assertEquals("Is the rye vegan?", t.path("text").asText());
        assertEquals("18040000000000001", t.path("mediaId").asText());
        assertEquals(Instant.parse("2026-11-22T16:00:00Z"), Instant.parse(t.path("createdAt").asText()));

        assertEquals(before.getOrDefault("page_feed_reaction", 0L) + 1, ignoredCounts().getOrDefault("page_feed_reaction", 0L));
    }

    SocialAccount connect(SocialAccounts social, String platform, String externalId, String name) {
        Grant grant = new Grant("token-" + externalId, null, null, null, List.of(), false);
        return social.connect(brand.tenantId(), new SocialAccounts.Connection(platform, null,
                new Connector.Offered(externalId, name, name, null, "facebook".equals(platform) ? "page" : "profile", grant, Map.of()), grant), false);
    }

    @Test
    void everyDocumentedShapeBecomesItsJobOrIsCountedByField() throws Exception {
        Map<String, Long> before = ignoredCounts();
        List<String> files;
        try (var list = Files.list(FIXTURES)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertEquals(15, files.size(), files.toString());
        for (String f : files) {
            FunctionClient.Response r = deliver(fixture(f));
            assertEquals(200, r.status(), f + " -> " + r.body());
        }

        Map<String, JsonNode> comments = new HashMap<>();
        drain("COMMENTS_QUEUE_URL").forEach(j -> comments.put(j.path("igCommentId").asText(), j));
        // flat, changes, reply; not our own live comment; the Page's and Threads profile's belong to no social account here
        assertEquals(3, comments.size(), comments.keySet().toString());
        assertEquals("17865799348089101", comments.get("17865799348089103").path("parentId").asText());
        assertTrue(comments.get("17865799348089102").path("parentId").isNull());

        Map<String, JsonNode> dms = new HashMap<>();
        drain("DMS_QUEUE_URL").forEach(j -> dms.put(j.path("mid").asText().replaceAll(".*Fixture", ""), j));
        assertEquals(3, dms.size(), dms.keySet().toString()); // text, attachments, the dashboard sample; never the echo or standby
        assertEquals(Instant.ofEpochMilli(1795449600123L), Instant.parse(dms.get("01").path("sentAt").asText()));
        assertEquals("Hi! Can I order a birthday cake for Saturday?", dms.get("01").path("messageText").asText());
        assertEquals("[image, video]", dms.get("02").path("messageText").asText());
        assertEquals(Instant.ofEpochSecond(1795449602L), Instant.parse(dms.get("05").path("sentAt").asText()));
        assertEquals("1234567890123405", dms.get("05").path("igSenderId").asText());

        assertTrue(item("mention", "17865799348089105").isPresent(), "a mention in a comment");
        assertTrue(item("mention", "media:17999999999999905").isPresent(), "a mention in a caption (flat form)");

        Map<String, Long> after = ignoredCounts();
        for (String field : List.of("message_echoes", "message_reactions", "messaging_seen", "standby", "story_insights", "brand_new_field")) {
            assertEquals(before.getOrDefault(field, 0L) + 1, after.getOrDefault(field, 0L), field + " in " + after);
        }
    }

    @Test
    void aThousandEntryDeliveryIsQueuedWhole() throws Exception {
        StringBuilder body = new StringBuilder("{\"object\":\"instagram\",\"entry\":[");
        for (int i = 0; i < 1_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(brand.igUserId()).append("\",\"time\":1795449600,");
            if (i % 4 == 3) { // every fourth entry a mention: an inbox write rather than a queued job
                body.append("\"field\":\"mentions\",\"value\":{\"media_id\":\"17999999999999901\",\"comment_id\":\"1787")
                        .append(String.format("%013d", i)).append("\"}}");
            } else {
                body.append("\"field\":\"comments\",\"value\":{\"id\":\"1786").append(String.format("%013d", i))
                        .append("\",\"from\":{\"id\":\"17841455555").append(String.format("%06d", i)).append("\",\"username\":\"fan")
                        .append(i).append("\"},\"text\":\"Comment number ").append(i).append("\",\"media\":{\"id\":\"17999999999999901\"}}}");
            }
        }
        body.append("]}");
        deliver(fixture("comment-changes.json")); // warm: the first call pays for class loading, not the batch

        long start = System.nanoTime();
        FunctionClient.Response r = deliver(body.toString());
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("MetaWebhookIT: 1,000-entry delivery (750 comments, 250 mentions) answered " + r.status() + " in " + ms
                + " ms (" + body.length() / 1024 + " KiB)");

        assertEquals(200, r.status(), r.body());
        List<JsonNode> jobs = drain("COMMENTS_QUEUE_URL");
        assertEquals(751, jobs.size());
        assertEquals(751, jobs.stream().map(j -> j.path("igCommentId").asText()).distinct().count());
        for (int i = 3; i < 1_000; i += 4) {
            String commentId = "1787" + String.format("%013d", i);
            assertTrue(item("mention", commentId).isPresent(), "mention " + commentId);
        }
    }

    @Test
    void aDeliveryForAThousandUnconnectedAccountsIsCountedNotLost() {
        StringBuilder body = new StringBuilder("{\"object\":\"instagram\",\"entry\":[");
        String prefix = "1785" + (100_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(800_000_000L));
        for (int i = 0; i < 1_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append(String.format("%04d", i))
                    .append("\",\"time\":1795449600,\"field\":\"comments\",\"value\":{\"id\":\"1788").append(String.format("%013d", i))
                    .append("\",\"from\":{\"id\":\"9\"},\"text\":\"hi\"}}");
        }
        body.append("]}");
        long before = ignoredCounts().getOrDefault("unconnected_account", 0L);

        long start = System.nanoTime();
        FunctionClient.Response r = deliver(body.toString());
        System.out.println("MetaWebhookIT: 1,000 entries for 1,000 unconnected accounts answered " + r.status() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");

        assertEquals(200, r.status(), r.body());
        assertEquals(before + 1_000, ignoredCounts().getOrDefault("unconnected_account", 0L));
    }
}
