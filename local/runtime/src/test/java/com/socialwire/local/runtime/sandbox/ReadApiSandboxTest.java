package com.socialwire.local.runtime.sandbox;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.provider.HttpReadProvider;
import com.socialwire.reads.provider.ReadResult;
import com.socialwire.reads.url.Shortcodes;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local read API sandbox read by the real {@link HttpReadProvider}, configured from the sandbox's own environment. */
class ReadApiSandboxTest {

    static SandboxServer server;
    static String base;
    static SandboxHost host;
    static HttpReadProvider provider;

    @BeforeAll
    static void serve() throws Exception {
        host = new SandboxHost(new ReadApiSandbox());
        server = new SandboxServer(host, Map.of());
        base = server.base().substring(0, server.base().indexOf("/_local/"));
        Map<String, String> env = new HashMap<>(host.sandbox().environment(server.base()));
        provider = HttpReadProvider.fromConfig(Config.of(env), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The first shortcode of sandbox kind {@code kind} (0 image, 1 carousel, 2 reel, 3 video) matching {@code transcript}. */
    static String shortcodeOf(int kind, Boolean withTranscript) {
        for (long pk = 3_500_000_000_000_000_000L; ; pk += 7_919) {
            String sc = Shortcodes.fromMediaPk(pk);
            if (ReadApiSandbox.kind(sc) != kind || sc.startsWith("Priv") || sc.startsWith("Gone") || sc.startsWith("Many")) {
                continue;
            }
            if (withTranscript == null) {
                return sc;
            }
            ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(sc, true));
            if ((ok.value().transcript() != null) == withTranscript) {
                return sc;
            }
        }
    }

    @Test
    void theSameShortcodeIsTheSamePostLabelledAsTheSandbox() {
        String sc = shortcodeOf(0, null);
        ReadResult.Ok<InstagramMedia> first = assertInstanceOf(ReadResult.Ok.class, provider.media(sc, false));
        ReadResult.Ok<InstagramMedia> again = assertInstanceOf(ReadResult.Ok.class, provider.media(sc, false));
        assertEquals(first.value().caption(), again.value().caption());
        assertEquals(first.value().metrics().likes(), again.value().metrics().likes());
        InstagramMedia m = first.value();
        assertEquals("image", m.type());
        assertEquals(Shortcodes.mediaPk(sc).toString(), m.mediaId());
        assertTrue(m.caption().contains("LOCAL SANDBOX"), m.caption());
        assertTrue(m.owner().fullName().contains("local sandbox"));
        assertFalse(m.hashtags().isEmpty());
        InstagramMedia.Asset a = m.assets().get(0);
        assertTrue(a.url().startsWith(base + "/_local/readapi/cdn/"), a.url());
        assertTrue(a.shortLived());
        assertNotNull(a.expiresAt());
        HttpResponse<String> card = get(a.url(), null);
        assertEquals(200, card.statusCode());
        assertTrue(card.body().contains("LOCAL READ API SANDBOX"));
    }

    @Test
    void aCarouselAndReelsWithAndWithoutATranscript() {
        ReadResult.Ok<InstagramMedia> carousel = assertInstanceOf(ReadResult.Ok.class, provider.media(shortcodeOf(1, null), false));
        assertEquals("carousel", carousel.value().type());
        assertTrue(carousel.value().children().size() >= 2);
        assertEquals("video", carousel.value().children().get(1).type());

        ReadResult.Ok<InstagramMedia> reel = assertInstanceOf(ReadResult.Ok.class, provider.media(shortcodeOf(2, true), true));
        assertEquals("reel", reel.value().type());
        assertEquals("provider", reel.value().transcript().source());
        assertTrue(reel.value().transcript().text().contains("LOCAL SANDBOX"));
        assertNotNull(reel.value().audio());

        ReadResult.Ok<InstagramMedia> silent = assertInstanceOf(ReadResult.Ok.class, provider.media(shortcodeOf(2, false), true));
        assertNull(silent.value().transcript());
        assertFalse(silent.limitations().isEmpty());
    }

    @Test
    void theDemoShortcodesAreWhatTheDocsSay() {
        ReadApiSandbox.DEMO.forEach((sc, what) -> {
            ReadResult.Ok<InstagramMedia> ok = assertInstanceOf(ReadResult.Ok.class, provider.media(sc, true));
            assertTrue(what.startsWith(ok.value().type()), sc + " is " + ok.value().type());
            if (what.startsWith("reel")) {
                assertEquals(what.endsWith("with transcript"), ok.value().transcript() != null, sc);
            }
        });
    }

    @Test
    void fiveHundredCommentsWithRepliesPageThroughTheSandbox() {
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, provider.comments("ManyC0mment", 500, true));
        CommentsRead read = ok.value();
        assertEquals(500, read.comments().size());
        assertFalse(read.truncated(), read.notes().toString());
        InstagramComment withReplies = read.comments().get(3);
        assertEquals(3, withReplies.replies().size());
        assertEquals(withReplies.id(), withReplies.replies().get(2).parentId());
        assertTrue(read.comments().stream().allMatch(c -> c.text() != null && c.owner().username().startsWith("sandbox_fan_")));
        ReadResult.Ok<CommentsRead> few = assertInstanceOf(ReadResult.Ok.class, provider.comments(shortcodeOf(0, null), 500, false));
        assertEquals(ReadApiSandbox.commentTotal(shortcodeOf(0, null)), few.value().comments().size());
        assertFalse(few.value().truncated(), "the sandbox said it had no more");
    }

    @Test
    void privateRemovedWrongKeyAndFaults() {
        assertInstanceOf(ReadResult.NotFound.class, provider.media("PrivAbc1234", false));
        assertInstanceOf(ReadResult.NotFound.class, provider.media("GoneAbc1234", false));
        HttpResponse<String> refused = get(base + "/_local/readapi/v1/instagram/media?shortcode=BUG", "wrong");
        assertEquals(401, refused.statusCode());
        assertTrue(Json.tree(refused.body()).path("sandbox").asText().startsWith("LOCAL READ API SANDBOX"));
        host.handle(new SandboxRequest("POST", "/_faults", null, Map.of(),
                "{\"pathContains\":\"/v1/instagram/media\",\"status\":503,\"times\":1}".getBytes()));
        assertInstanceOf(ReadResult.Unavailable.class, provider.media("BUG", false));
        assertInstanceOf(ReadResult.Ok.class, provider.media("BUG", false));
    }

    /** The outbox's credential scrubber took {@code shortcode=} for OAuth's {@code code=} and hid what was read. */
    @Test
    void theOutboxShowsTheShortcodeItWasAskedFor() {
        assertInstanceOf(ReadResult.Ok.class, provider.media("BSKplJUDPPE", false));
        String outbox = host.handle(new SandboxRequest("GET", "/_outbox", null, Map.of(), null)).text();
        assertTrue(outbox.contains("shortcode=BSKplJUDPPE"), outbox.substring(Math.max(0, outbox.length() - 300)));
        assertFalse(outbox.contains(ReadApiSandbox.KEY), "the key never shows in the outbox");
        assertEquals("code=[redacted]&state=s", SandboxHost.redact("code=abc&state=s"));
        assertEquals("a=1&code=[redacted]", SandboxHost.redact("a=1&code=abc"));
    }

    private static HttpResponse<String> get(String url, String key) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).GET();
            if (key != null) {
                r.header("x-api-key", key);
            }
            return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
