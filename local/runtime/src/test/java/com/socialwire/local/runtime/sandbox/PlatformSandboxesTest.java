package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.Posts;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.Pkce;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each local platform sandbox against Socialwire's real connector and publisher for that platform (built from the
 * sandbox's {@link PlatformSandbox#environment} as the functions build them), without the runtime: connecting through
 * the consent page, publishing a post with an image, a lost publishing answer reconciled to the one post the platform
 * made, and a revoked person's token refused as the publisher reads an auth failure.
 */
class PlatformSandboxesTest {

    /** A video of two X segments and two LinkedIn parts (4 MB each). */
    static final int CLIP_BYTES = 5_000_000;
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4};
    static HttpServer server;
    static String base;
    static final Map<String, SandboxHost> hosts = new LinkedHashMap<>();
    static final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static Connectors connectors;
    static Map<String, PlatformPublisher> publishers;
    static Map<String, com.socialwire.shared.social.insights.InsightsProvider> insights;
    static Map<String, com.socialwire.shared.social.mentions.MentionSource> mentions;

    @BeforeAll
    static void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> env = new HashMap<>(Map.of("TABLE_NAME", "unused", "AWS_REGION", "us-east-1", "PLATFORM_API_TIMEOUT_MS", "1000"));
        for (PlatformSandbox s : Sandboxes.all()) {
            hosts.put(s.name(), new SandboxHost(s));
            env.putAll(s.environment(base + "/_local/" + s.name()));
        }
        server.createContext("/media/loaf.jpg", ex -> {
            ex.getResponseHeaders().add("content-type", "image/jpeg");
            ex.sendResponseHeaders(200, JPEG.length);
            ex.getResponseBody().write(JPEG);
            ex.close();
        });
        server.createContext("/media/clip.mp4", ex -> {
            byte[] clip = new byte[CLIP_BYTES];
            ex.getResponseHeaders().add("content-type", "video/mp4");
            ex.sendResponseHeaders(200, clip.length);
            ex.getResponseBody().write(clip);
            ex.close();
        });
        server.createContext("/_local/", ex -> {
            String path = ex.getRequestURI().getRawPath();
            int slash = path.indexOf('/', "/_local/".length());
            SandboxResponse r = hosts.get(path.substring("/_local/".length(), slash)).handle(new SandboxRequest(ex.getRequestMethod(),
                    path.substring(slash), ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
            if (r.delayMs() > 0) {
                try {
                    Thread.sleep(r.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                ex.getResponseBody().write(r.body());
            }
            ex.close();
        });
        server.start();
        Config config = Config.of(env);
        connectors = Connectors.fromConfig(config);
        publishers = new Posts(config, Clock.systemUTC()).publishers();
        insights = com.socialwire.shared.social.insights.InsightsProviders.fromConfig(config);
        mentions = com.socialwire.shared.social.mentions.MentionSources.fromConfig(config);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String sandboxOf(String platform) {
        return platform.equals("twitter") ? "x" : platform;
    }

    /** Consent → code → the connector's exchange and its offered accounts; the account the test publishes as. */
    static SocialAccount connect(String platform, Map<String, Grant> grants) throws Exception {
        Connector c = connectors.find(platform).orElseThrow();
        String instance = platform.equals("mastodon") ? base + "/_local/mastodon" : null;
        String verifier = Pkce.verifier();
        URI redirect = URI.create("http://localhost:3000/oauth/" + platform + "/callback");
        URI authorize = c.authorizeUrl(new Connector.Authorize("st-" + platform, Pkce.challenge(verifier), redirect, instance));
        String page = get(authorize.toString()).body();
        Matcher allow = Pattern.compile("href=\"(/_local/[a-z]+/_oauth/consent\\?[^\"]+allow)\"").matcher(page);
        assertTrue(allow.find(), page);
        String location = get(base + allow.group(1)).headers().firstValue("location").orElseThrow();
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find() && location.endsWith("state=st-" + platform), location);
        PlatformResult<Grant> grant = c.exchange(new Connector.Exchange(java.net.URLDecoder.decode(code.group(1), java.nio.charset.StandardCharsets.UTF_8),
                verifier, redirect, instance));
        Grant g = ok(grant);
        List<Connector.Offered> accounts = ok(c.offered(g, instance));
        assertEquals(switch (platform) {
            case "linkedin" -> 3;
            case "facebook" -> 2;
            default -> 1;
        }, accounts.size(), accounts.toString());
        Connector.Offered chosen = accounts.get(platform.equals("linkedin") ? 1 : 0);
        Grant used = chosen.grant() == null ? g : chosen.grant();
        grants.put(platform, used);
        return new SocialAccount("tnt_sbx", "sa_" + platform, platform, chosen.externalId(), chosen.handle(), chosen.name(), null,
                chosen.kind(), instance == null ? null : chosen.attributes().getOrDefault("instance", instance), List.of(), null,
                AccountStatus.CONNECTED, null, true, Instant.now(), Instant.now(), 1);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static Outgoing outgoing(String text, boolean image) {
        return new Outgoing("tnt_sbx", "post_" + text.hashCode(), text, List.of(), image
                ? List.of(new PlatformPublisher.Media("med_1", base + "/media/loaf.jpg", "image/jpeg", JPEG.length, "A loaf", 1080, 1350, null))
                : List.of(), null, null, null);
    }

    /** Preparation (asked again while the platform processes), then the publishing call. */
    static PlatformResult<Published> publish(PlatformPublisher p, PlatformPublisher.Target t, Outgoing post, ObjectNode state) {
        for (int i = 0; i < 5; i++) {
            if (ok(p.prepare(t, post, state)) instanceof PlatformPublisher.Prepared.Ready) {
                return p.publish(t, post, state, "dk-" + post.postId());
            }
        }
        throw new AssertionError("never ready");
    }

    static long postsBy(String platform, String author, String text) throws Exception {
        long n = 0;
        for (var p : Json.tree(get(base + "/_local/" + sandboxOf(platform) + "/_posts").body()).path("posts")) {
            n += p.path("author").asText().equals(author) && p.path("text").asText().startsWith(text) ? 1 : 0;
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    static <T> T ok(PlatformResult<T> r) {
        assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r));
        return ((PlatformResult.Ok<T>) r).value();
    }

    /** LOCAL SANDBOX: someone mentions the account ({@code POST /_local/<name>/_mentions}); answers the mention as JSON. */
    static com.fasterxml.jackson.databind.JsonNode seedMention(String platform, String body) throws Exception {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(base + "/_local/" + sandboxOf(platform) + "/_mentions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.tree(r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mastodon", "twitter", "youtube", "linkedin"})
    void theRealMentionSourcePollsASeededMentionAnswersItOnceAndASecondPollAddsNothing(String platform) throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect(platform, grants);
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get(platform).accessToken());
        com.socialwire.shared.social.mentions.MentionSource source = mentions.get(platform);
        String before = ok(source.poll(target, null, 20)).cursor();

        String text = "are the rye loaves back? " + System.nanoTime();
        String on = "";
        if (platform.equals("linkedin")) { // comments on the organization's own posts
            on = ",\"postUrn\":\"" + ok(publish(publishers.get(platform), target, outgoing("Fresh loaves " + System.nanoTime(), false), Json.object()))
                    .externalId() + "\"";
        }
        seedMention(platform, "{\"text\":\"hey @" + account.handle() + " " + text + "\"" + on + "}");
        var page = ok(source.poll(target, before, 20));
        var mention = page.items().stream().filter(m -> m.text().contains(text)).findFirst().orElseThrow(() -> new AssertionError(page.toString()));
        assertEquals(platform.equals("youtube") || platform.equals("linkedin") ? "comment" : "mention", mention.type());
        assertTrue(source.automation(account, mention).allowed(), "the author named the account: " + source.automation(account, mention));

        String dedupe = "inb-" + System.nanoTime();
        Published reply = ok(source.reply(target, mention, "Yes, from Friday!", dedupe));
        if (platform.equals("mastodon")) { // the one with an idempotency key: a resend answers the same reply
            assertEquals(reply.externalId(), ok(source.reply(target, mention, "Yes, from Friday!", dedupe)).externalId());
        }
        assertEquals(new com.socialwire.shared.social.PlatformPublisher.Reconciled.Found(reply),
                ok(source.findReply(target, mention, "Yes, from Friday!", dedupe, Instant.now().minus(java.time.Duration.ofHours(2)))));

        var second = ok(source.poll(target, page.cursor(), 20));
        assertTrue(second.items().isEmpty(), "a second poll adds nothing: " + second);
        assertEquals(page.cursor(), second.cursor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"facebook", "threads"})
    void aWebhookCommentIsAnsweredOnceThroughTheRealSourceAndFoundAfterALostAnswer(String platform) throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect(platform, grants);
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get(platform).accessToken());
        com.socialwire.shared.social.mentions.MentionSource source = mentions.get(platform);
        String post = ok(publish(publishers.get(platform), target, outgoing("Fresh loaves " + System.nanoTime(), false), Json.object())).externalId();
        JsonNode seeded = seedMention(platform, platform.equals("facebook") ? "{\"text\":\"Open on Sunday?\",\"postId\":\"" + post + "\"}"
                : "{\"text\":\"Open on Sunday?\",\"replyTo\":\"" + post + "\"}");
        String id = seeded.path(platform.equals("facebook") ? "comment_id" : "id").asText();
        var comment = new com.socialwire.shared.social.mentions.MentionSource.Mention(id, platform.equals("facebook") ? "comment" : "reply",
                null, null, null, "Open on Sunday?", post, null, Instant.now(), Map.of());
        assertFalse(source.polled(), "webhook-driven");
        assertTrue(source.automation(account, comment).allowed());

        String answer = "Yes, 8 to 12! " + System.nanoTime();
        Instant armed = Instant.now();
        assertInstanceOf(com.socialwire.shared.social.PlatformPublisher.Reconciled.NotFound.class,
                ok(source.findReply(target, comment, answer, "inb-1", armed)), "nothing sent yet");
        Published reply = ok(source.reply(target, comment, answer, "inb-1"));
        var found = assertInstanceOf(com.socialwire.shared.social.PlatformPublisher.Reconciled.Found.class,
                ok(source.findReply(target, comment, answer, "inb-1", armed)), "the answer is found by the Page/account and its text");
        assertEquals(reply.externalId(), found.post().externalId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"twitter", "linkedin", "facebook", "mastodon", "threads"})
    void theRealConnectorAndPublisherConnectPublishReconcileAndSeeARevocation(String platform) throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect(platform, grants);
        PlatformPublisher publisher = publishers.get(platform);
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get(platform).accessToken());

        // a post with an image, published once
        String text = "Fresh loaves at 7 " + platform + " " + System.nanoTime();
        PlatformResult<Published> first = publish(publisher, target, outgoing(text, true), Json.object());
        Published made = ok(first);
        assertTrue(made.url().startsWith("http"), made.toString());
        assertEquals(1, postsBy(platform, account.externalId(), text));

        // the platform makes the post and its answer is lost: reconciling finds that one post
        String lost = "Lost answer " + platform + " " + System.nanoTime();
        SandboxHost host = hosts.get(sandboxOf(platform));
        String publishPath = switch (platform) {
            case "twitter" -> "/2/tweets";
            case "linkedin" -> "/rest/posts";
            case "facebook" -> "/feed";
            case "mastodon" -> "/api/v1/statuses";
            default -> "/threads_publish";
        };
        host.handle(new SandboxRequest("POST", "/_faults", null, Map.of(),
                ("{\"pathContains\":\"" + publishPath + "\",\"method\":\"POST\",\"status\":503,\"applyFirst\":true}").getBytes()));
        ObjectNode state = Json.object();
        Instant armedAt = Instant.now().minusSeconds(60); // as if the in-flight time and X's settling time had passed
        PlatformResult<Published> unknown = publish(publisher, target, outgoing(lost, false), state);
        assertTrue(!(unknown instanceof PlatformResult.Ok<Published>), unknown.toString());
        PlatformResult<Reconciled> r = publisher.reconcile(target, outgoing(lost, false), state, "dk-" + outgoing(lost, false).postId(), armedAt);
        Reconciled found = ok(r);
        if (platform.equals("mastodon")) {
            // Mastodon keeps the Idempotency-Key an hour: the publisher publishes again and gets the same status
            assertInstanceOf(Reconciled.NotFound.class, found);
            assertInstanceOf(PlatformResult.Ok.class, publisher.publish(target, outgoing(lost, false), state, "dk-" + outgoing(lost, false).postId()));
        } else {
            assertInstanceOf(Reconciled.Found.class, found, found.toString());
        }
        assertEquals(1, postsBy(platform, account.externalId(), lost));

        // the person revokes the app: the publisher sees an auth failure (reconnect_required), nothing is posted
        host.handle(new SandboxRequest("POST", "/_revoke", null, Map.of(), null));
        String refused = "Revoked " + platform + " " + System.nanoTime();
        PlatformResult<PlatformPublisher.Prepared> prepared = publisher.prepare(target, outgoing(refused, false), Json.object());
        PlatformResult<?> denied = prepared instanceof PlatformResult.Ok<?> ? publisher.publish(target, outgoing(refused, false), Json.object(), "dk-r") : prepared;
        assertInstanceOf(PlatformResult.AuthFailed.class, denied, denied.toString());
        assertEquals(0, postsBy(platform, account.externalId(), refused));
        // and consenting again connects again
        connect(platform, grants);
    }

    @ParameterizedTest
    @ValueSource(strings = {"facebook", "threads"})
    void anImageMetaCannotFetchIsRefusedAndNothingIsPosted(String platform) throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect(platform, grants);
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get(platform).accessToken());
        String text = "Unfetchable " + platform + " " + System.nanoTime();
        Outgoing post = new Outgoing("tnt_sbx", "post_unfetchable", text, List.of(), List.of(new PlatformPublisher.Media("med_2",
                base + "/media/gone.jpg", "image/jpeg", 10, null, 1080, 1350, null)), null, null, null);
        PlatformResult<PlatformPublisher.Prepared> prepared = publishers.get(platform).prepare(target, post, Json.object());
        assertInstanceOf(PlatformResult.Rejected.class, prepared, prepared.toString());
        assertEquals(0, postsBy(platform, account.externalId(), text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"twitter", "mastodon", "threads"})
    void aThreadWhoseFirstAnswerWasLostGoesOnFromThePartFoundAndEndsWithEachPartOnce(String platform) throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect(platform, grants);
        PlatformPublisher publisher = publishers.get(platform);
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get(platform).accessToken());
        String n = platform + " " + System.nanoTime();
        Outgoing thread = new Outgoing("tnt_sbx", "post_thread_" + platform, "Part one " + n, List.of("Part two " + n, "Part three " + n),
                List.of(), null, null, null);
        String path = switch (platform) {
            case "twitter" -> "/2/tweets";
            case "mastodon" -> "/api/v1/statuses";
            default -> "/threads_publish";
        };
        hosts.get(sandboxOf(platform)).handle(new SandboxRequest("POST", "/_faults", null, Map.of(),
                ("{\"pathContains\":\"" + path + "\",\"method\":\"POST\",\"status\":503,\"applyFirst\":true}").getBytes()));
        ObjectNode state = Json.object();
        assertTrue(!(publish(publisher, target, thread, state) instanceof PlatformResult.Ok<Published>), "the first part's answer is lost");
        Reconciled r = ok(publisher.reconcile(target, thread, state, "dk-" + thread.postId(), Instant.now().minusSeconds(60 * 60 + 60)));
        ObjectNode next = r instanceof Reconciled.Partial(ObjectNode s) ? s : state; // Mastodon within the keys' hour: NotFound, the keys answer
        Published made = ok(publisher.publish(target, thread, next, "dk-" + thread.postId()));
        for (String part : List.of("Part one ", "Part two ", "Part three ")) {
            assertEquals(1, postsBy(platform, account.externalId(), part + n), part);
        }
        var posted = Json.tree(get(base + "/_local/" + sandboxOf(platform) + "/_posts").body()).path("posts");
        assertTrue(posted.toString().contains(made.externalId()), posted.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"twitter", "linkedin", "facebook"})
    void aVideoGoesUpInPartsAndIsPostedOnceProcessed(String platform) throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect(platform, grants);
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get(platform).accessToken());
        String text = "A loaf in motion " + System.nanoTime();
        Outgoing post = clip("post_video_" + platform, text);
        ok(publish(publishers.get(platform), target, post, Json.object()));
        assertEquals(1, postsBy(platform, account.externalId(), text));
        String outbox = hosts.get(sandboxOf(platform)).handle(new SandboxRequest("GET", "/_outbox", null, Map.of(), null)).text();
        assertTrue(switch (platform) {
            case "twitter" -> outbox.contains("/2/media/upload/initialize") && outbox.contains("/finalize");
            case "facebook" -> outbox.contains("/video_reels") && outbox.contains("/video-upload/");
            default -> outbox.contains("/dms-uploads/video/") && outbox.contains("finalizeUpload");
        }, outbox);
    }

    /** A post with the five-second clip the test server serves. */
    static Outgoing clip(String postId, String text) {
        return new Outgoing("tnt_sbx", postId, text, List.of(), List.of(new PlatformPublisher.Media("med_v",
                base + "/media/clip.mp4", "video/mp4", CLIP_BYTES, null, 1280, 720, 5.0)), null, null, null);
    }

    @org.junit.jupiter.api.Test
    void aPageVideoWhoseFinishAnswerIsLostIsFoundByItsVideoIdAndPostedOnce() throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect("facebook", grants);
        PlatformPublisher publisher = publishers.get("facebook");
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get("facebook").accessToken());
        String text = "A reel whose answer was lost " + System.nanoTime();
        Outgoing post = clip("post_lost_reel", text);
        ObjectNode state = Json.object();
        for (int i = 0; i < 5 && !(ok(publisher.prepare(target, post, state)) instanceof PlatformPublisher.Prepared.Ready); i++) {
            // Meta processes the video: asked again
        }
        // Meta publishes the reel, its answer to the finish is lost
        hosts.get("facebook").handle(new SandboxRequest("POST", "/_faults", null, Map.of(),
                "{\"pathContains\":\"/video_reels\",\"method\":\"POST\",\"status\":503,\"applyFirst\":true}".getBytes()));
        PlatformResult<Published> lost = publisher.publish(target, post, state, "dk-lost-reel");
        assertTrue(!(lost instanceof PlatformResult.Ok<Published>), lost.toString());

        Reconciled found = ok(publisher.reconcile(target, post, state, "dk-lost-reel", Instant.now().minusSeconds(60)));

        Published reel = assertInstanceOf(Reconciled.Found.class, found, found.toString()).post();
        assertEquals(state.path("videoId").asText(), reel.externalId());
        assertEquals(1, postsBy("facebook", account.externalId(), text));
    }

    @org.junit.jupiter.api.Test
    void aThreadsVideoAndAVideoInACarouselAreProcessedThenEachPostedOnce() throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect("threads", grants);
        PlatformPublisher publisher = publishers.get("threads");
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get("threads").accessToken());
        PlatformPublisher.Media clip = new PlatformPublisher.Media("med_v", base + "/media/clip.mp4", "video/mp4", CLIP_BYTES, null, 1280, 720, 5.0);
        PlatformPublisher.Media loaf = new PlatformPublisher.Media("med_1", base + "/media/loaf.jpg", "image/jpeg", JPEG.length, "A loaf", 1080, 1350, null);
        for (List<PlatformPublisher.Media> media : List.of(List.of(clip), List.of(loaf, clip))) {
            String text = "A loaf in motion " + media.size() + " " + System.nanoTime();
            Outgoing post = new Outgoing("tnt_sbx", "post_video_threads_" + media.size(), text, List.of(), media, null, null, null);
            ObjectNode state = Json.object();
            // the sandbox processes a video container: the first preparation waits for it
            assertInstanceOf(PlatformPublisher.Prepared.Waiting.class, ok(publisher.prepare(target, post, state)));
            ok(publish(publisher, target, post, state));
            assertEquals(1, postsBy("threads", account.externalId(), text));
        }
    }

    /** The real insights provider reads a post the real publisher made, from the sandbox (LOCAL SANDBOX numbers). */
    @ParameterizedTest
    @ValueSource(strings = {"twitter", "linkedin", "facebook", "threads", "mastodon"})
    void theRealInsightsProviderReadsAPublishedPostsMetricsFromTheSandbox(String platform) throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        SocialAccount account = connect(platform, grants);
        PlatformPublisher.Target target = new PlatformPublisher.Target(account, grants.get(platform).accessToken());
        Published made = ok(publish(publishers.get(platform), target, outgoing("Insights of " + platform + " " + System.nanoTime(), false), Json.object()));
        var read = ok(insights.get(platform).post(target, made.externalId(), null));
        if (platform.equals("linkedin") && !account.externalId().startsWith("urn:li:organization:")) {
            assertTrue(read.metrics().isEmpty(), read.toString());
            return;
        }
        assertTrue(read.metrics().get("likes") != null, read.toString());
        if (!platform.equals("mastodon")) { // Mastodon has no views or reach
            assertTrue(platform.equals("twitter") || platform.equals("threads") ? read.metrics().get("views") != null
                    : read.metrics().get("reach") != null, read.toString());
        }
        if (!platform.equals("threads")) { // Threads' account numbers are not read: not available
            assertTrue(ok(insights.get(platform).account(target, Instant.now())).followers() > 0);
        }
    }

    /** The Facebook sandbox handed a reconnected person the Page token that its revocation had killed. */
    @Test
    void aFacebookPageReconnectedAfterARevocationGetsALivePageToken() throws Exception {
        Map<String, Grant> grants = new HashMap<>();
        connect("facebook", grants);
        hosts.get("facebook").handle(new SandboxRequest("POST", "/_revoke", null, Map.of(), null));
        SocialAccount again = connect("facebook", grants);
        PlatformPublisher.Target target = new PlatformPublisher.Target(again, grants.get("facebook").accessToken());
        ok(publish(publishers.get("facebook"), target, outgoing("After reconnecting " + System.nanoTime(), false), Json.object()));
    }
}
