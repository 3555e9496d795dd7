package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.providers.bluesky.Blob;
import com.socialwire.shared.providers.bluesky.BlueskyApi;
import com.socialwire.shared.providers.bluesky.BlueskyPost;
import com.socialwire.shared.providers.bluesky.BlueskySession;
import com.socialwire.shared.providers.bluesky.HttpBlueskyApi;
import com.socialwire.shared.providers.bluesky.RichText;
import com.socialwire.shared.providers.bluesky.Tid;
import com.socialwire.shared.providers.bluesky.XrpcResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bluesky client against the real reference PDS ({@code @atproto/dev-env} 0.3.215, started once per test JVM by
 * {@link BlueskyPds#shared()}): connecting, refreshing, publishing with facets, images and a link card, and proving an
 * unknown outcome before a retry. Nothing of the PDS is mocked.
 */
class BlueskyPdsIT {

    private static BlueskyPds pds;
    private final BlueskyApi api = new HttpBlueskyApi(Duration.ofSeconds(20));

    @BeforeAll
    static void startPds() {
        pds = BlueskyPds.shared();
    }

    private BlueskySession connect(BlueskyPds.Account account) {
        return ok(api.createSession(pds.url().toString(), account.handle(), account.appPassword()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T ok(XrpcResult<T> result) {
        return ((XrpcResult.Ok<T>) assertInstanceOf(XrpcResult.Ok.class, result, () -> "expected Ok, got " + result)).value();
    }

    @Test
    void connectsWithAnAppPasswordMadeThroughCreateAppPassword() {
        BlueskyPds.Account account = pds.newAccount();
        assertTrue(BlueskyApi.isAppPassword(account.appPassword()), account.appPassword().length() + " chars");

        BlueskySession session = connect(account);

        assertEquals(account.did(), session.did());
        assertEquals(account.handle(), session.handle());
        assertEquals(pds.url().toString(), session.pdsUrl(), "the PDS comes from the account's DID document");
        assertFalse(session.toString().contains(session.accessJwt()) || session.toString().contains(session.refreshJwt()));
        BlueskyApi.SessionInfo info = ok(api.getSession(session));
        assertEquals(account.did(), info.did());
        assertTrue(info.active());
        assertEquals(account.did(), ok(api.resolveHandle(session.pdsUrl(), account.handle())));
        BlueskyApi.RepoInfo repo = ok(api.describeRepo(session.pdsUrl(), account.handle()));
        assertEquals(account.did(), repo.did());
        assertTrue(repo.handleIsCorrect());
    }

    @Test
    void readsTheNameAndAvatarAConnectedAccountShowsFromItsPds() throws Exception {
        BlueskyPds.Account account = pds.newAccount();
        BlueskySession session = connect(account);
        assertEquals(Optional.empty(), ok(api.getProfile(session.pdsUrl(), session.did())), "no profile yet");

        Blob avatar = ok(api.uploadBlob(session, png(32, 32), "image/png"));
        pds.putProfile(account, "Bloom Bakery", avatar.toJson());

        BlueskyApi.Profile profile = ok(api.getProfile(session.pdsUrl(), session.did())).orElseThrow();
        assertEquals("Bloom Bakery", profile.displayName());
        assertEquals(avatar, profile.avatar());
        HttpResponse<byte[]> image = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(profile.avatarUrl(session.pdsUrl(), session.did()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, image.statusCode());
        assertEquals(avatar.size(), image.body().length);
    }

    @Test
    void refusesTheMainPasswordBeforeAnyCallAndAWrongAppPasswordAsAuth() {
        BlueskyPds.Account account = pds.newAccount();

        // the PDS would accept this password (it is the account's own): status 0 shows it was never sent
        XrpcResult.Rejected<?> main = assertInstanceOf(XrpcResult.Rejected.class,
                api.createSession(pds.url().toString(), account.handle(), account.mainPassword()));
        assertEquals(0, main.httpStatus());
        assertEquals("NotAnAppPassword", main.error());

        XrpcResult.AuthRefused<?> wrong = assertInstanceOf(XrpcResult.AuthRefused.class,
                api.createSession(pds.url().toString(), account.handle(), "abcd-efgh-ijkl-mnop"));
        assertEquals(401, wrong.httpStatus());
        assertEquals(new ProviderError("BLUESKY_AuthenticationRequired", ProviderError.AUTH), ProviderError.of(wrong));
    }

    @Test
    void postsLinksMentionsAndTagsAtTheByteOffsetsTheServerStores() {
        BlueskyPds.Account author = pds.newAccount();
        BlueskyPds.Account friend = pds.newAccount();
        BlueskySession session = connect(author);
        String text = "Frühling 🌸👩‍👩‍👧 im Laden, 日本語も! Mit @" + friend.handle() + " und @nobody.invalid.test: "
                + "https://example.com/menü?x=1. #FrühlingsBrot #日本";

        BlueskyPost post = BlueskyPost.of(text, handle -> api.resolveHandle(session.pdsUrl(), handle) instanceof XrpcResult.Ok<String> d
                ? Optional.of(d.value()) : Optional.empty(), null, Instant.now(), List.of("de"));
        String rkey = Tid.forDelivery("dlv_facets_" + author.did(), Instant.now());
        BlueskyApi.PostRef created = ok(api.createPost(session, rkey, post));
        assertEquals("at://" + author.did() + "/app.bsky.feed.post/" + rkey, created.uri());

        BlueskyApi.PostRef read = ok(api.getPost(session.pdsUrl(), author.did(), rkey)).orElseThrow();
        assertTrue(post.sameAs(read.value()));
        String stored = read.value().path("text").asText();
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
        List<String> covered = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (JsonNode f : read.value().path("facets")) {
            int start = f.path("index").path("byteStart").asInt();
            int end = f.path("index").path("byteEnd").asInt();
            covered.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
            JsonNode feature = f.path("features").path(0);
            features.add(feature.path("$type").asText() + " " + feature.path(feature.has("did") ? "did" : feature.has("uri") ? "uri" : "tag").asText());
        }
        // the unresolvable mention stays text
        assertEquals(List.of("@" + friend.handle(), "https://example.com/menü?x=1", "#FrühlingsBrot", "#日本"), covered);
        assertEquals(List.of("app.bsky.richtext.facet#mention " + friend.did(), "app.bsky.richtext.facet#link https://example.com/menü?x=1",
                "app.bsky.richtext.facet#tag FrühlingsBrot", "app.bsky.richtext.facet#tag 日本"), features);
        assertEquals(List.of("de"), List.of(read.value().path("langs").path(0).asText()));
    }

    @Test
    void threeHundredGraphemesOfFlagsAndCombiningMarksAreWithinTheServersLimit() {
        BlueskySession session = connect(pds.newAccount());
        String text = "🇩🇪".repeat(100) + "e\u0301".repeat(100) + "👍🏽".repeat(100);
        BlueskyPost post = new BlueskyPost(text, null, null, Instant.now(), null); // 300 graphemes, 2,300 bytes: ours too

        ok(api.createPost(session, Tid.forDelivery("dlv_300_graphemes", Instant.now()), post));
        assertThrows(IllegalArgumentException.class, () -> new BlueskyPost(text + "!", null, null, Instant.now(), null));
    }

    @Test
    void postsImagesWithAltTextAndALinkCardWithAThumbnail() throws IOException {
        BlueskySession session = connect(pds.newAccount());
        Blob first = ok(api.uploadBlob(session, png(40, 30), "image/png"));
        Blob second = ok(api.uploadBlob(session, png(20, 20), "image/png"));
        assertEquals("image/png", first.mimeType());

        String imagesKey = Tid.forDelivery("dlv_images", Instant.now());
        BlueskyPost withImages = new BlueskyPost("Two loaves", List.of(), new BlueskyPost.Images(List.of(
                new BlueskyPost.Image(first, "A sourdough loaf on a wooden board", 40, 30),
                new BlueskyPost.Image(second, "", 20, 20))), Instant.now(), List.of());
        ok(api.createPost(session, imagesKey, withImages));
        JsonNode images = ok(api.getPost(session.pdsUrl(), session.did(), imagesKey)).orElseThrow().value().path("embed");
        assertEquals("app.bsky.embed.images", images.path("$type").asText());
        assertEquals("A sourdough loaf on a wooden board", images.path("images").path(0).path("alt").asText());
        assertEquals(first.cid(), images.path("images").path(0).path("image").path("ref").path("$link").asText());
        assertEquals(40, images.path("images").path(0).path("aspectRatio").path("width").asInt());
        assertEquals(second.cid(), images.path("images").path(1).path("image").path("ref").path("$link").asText());

        Blob thumb = ok(api.uploadBlob(session, png(60, 30), "image/png"));
        String cardKey = Tid.forDelivery("dlv_card", Instant.now());
        BlueskyPost withCard = new BlueskyPost("Our spring menu https://example.com/spring", null,
                new BlueskyPost.External("https://example.com/spring", "Spring menu", "Five new breads", thumb), Instant.now(), null);
        ok(api.createPost(session, cardKey, withCard));
        JsonNode card = ok(api.getPost(session.pdsUrl(), session.did(), cardKey)).orElseThrow().value().path("embed");
        assertEquals("app.bsky.embed.external", card.path("$type").asText());
        assertEquals("Spring menu", card.path("external").path("title").asText());
        assertEquals(thumb.cid(), card.path("external").path("thumb").path("ref").path("$link").asText());

        // over Bluesky's 1,000,000-byte image limit: refused here, nothing sent
        XrpcResult.Rejected<?> big = assertInstanceOf(XrpcResult.Rejected.class, api.uploadBlob(session, new byte[1_000_001], "image/png"));
        assertEquals(0, big.httpStatus());
    }

    /**
     * The answer to createRecord is lost (a proxy lets the request through to the real PDS and drops the response): the
     * client says Unknown, getPost proves the post exists, and nothing is posted again. A blind retry with the same key
     * would not post twice either: the PDS refuses it, and the client reports that as Unknown, never as a second success.
     */
    @Test
    void aLostCreateAnswerIsProvenByGetRecordAndLeavesExactlyOnePost() throws Exception {
        BlueskySession session = connect(pds.newAccount());
        String rkey = Tid.forDelivery("dlv_lost_answer", Instant.now());
        BlueskyPost post = new BlueskyPost("Published once, whatever the network does", null, null, Instant.now(), null);

        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(pds.url())) {
            BlueskySession throughProxy = new BlueskySession(session.did(), session.handle(), proxy.url(), session.accessJwt(),
                    session.refreshJwt(), true, null);
            XrpcResult<BlueskyApi.PostRef> lost = api.createPost(throughProxy, rkey, post);
            assertInstanceOf(XrpcResult.Unknown.class, lost);
            assertEquals(new ProviderError("BLUESKY_UNKNOWN", ProviderError.UNKNOWN_OUTCOME), ProviderError.of(lost));
        }

        // prove before any retry: the post is there, so the delivery is published with this uri
        Optional<BlueskyApi.PostRef> found = ok(api.getPost(session.pdsUrl(), session.did(), rkey));
        assertTrue(found.isPresent() && post.sameAs(found.get().value()));
        assertEquals("at://" + session.did() + "/app.bsky.feed.post/" + rkey, found.get().uri());

        XrpcResult<BlueskyApi.PostRef> blindRetry = api.createPost(session, rkey, post);
        assertInstanceOf(XrpcResult.Unknown.class, blindRetry, "the PDS answers 500 for a key it holds");
        assertEquals(1, postCount(session));
    }

    @Test
    void anUnknownOutcomeThatDidNotLandIsRetriedWithTheSameKeyToOnePost() {
        BlueskySession session = connect(pds.newAccount());
        String rkey = Tid.forDelivery("dlv_never_sent", Instant.now());
        BlueskyPost post = new BlueskyPost("Sent after the proof", null, null, Instant.now(), null);

        // the first attempt never reached the PDS (nothing listens there): the proof finds nothing, the retry posts
        BlueskySession unreachable = new BlueskySession(session.did(), session.handle(), "http://127.0.0.1:" + LocalStores.port(0),
                session.accessJwt(), session.refreshJwt(), true, null);
        assertInstanceOf(XrpcResult.Transient.class, api.createPost(unreachable, rkey, post));
        assertEquals(Optional.empty(), ok(api.getPost(session.pdsUrl(), session.did(), rkey)));
        ok(api.createPost(session, rkey, post));
        assertEquals(1, postCount(session));
        // another post under the same key is never taken for this one
        JsonNode stored = ok(api.getPost(session.pdsUrl(), session.did(), rkey)).orElseThrow().value();
        assertFalse(new BlueskyPost("a different post", null, null, Instant.now(), null).sameAs(stored));
        assertTrue(ok(api.deletePost(session, rkey)));
        assertEquals(Optional.empty(), ok(api.getPost(session.pdsUrl(), session.did(), rkey)));
        assertEquals(0, postCount(session));
    }

    @Test
    void refreshRotatesTheRefreshTokenAndARevokedAppPasswordEndsTheChain() {
        BlueskyPds.Account account = pds.newAccount();
        BlueskySession first = connect(account);

        BlueskySession second = ok(api.refreshSession(first));
        assertNotEquals(first.refreshJwt(), second.refreshJwt());
        assertNotEquals(jti(first.refreshJwt()), jti(second.refreshJwt()));
        assertEquals(account.did(), ok(api.getSession(second)).did());
        BlueskySession third = ok(api.refreshSession(second));
        assertNotEquals(jti(second.refreshJwt()), jti(third.refreshJwt()));

        // the reference PDS keeps a used refresh token for 2 hours and answers it with the chain's next id: a repeat
        // after a lost answer continues the one chain instead of forking it
        BlueskySession repeated = ok(api.refreshSession(first));
        assertEquals(jti(second.refreshJwt()), jti(repeated.refreshJwt()));

        // a stored grant refreshes with its PDS and refresh token alone; the answer names the account
        BlueskySession fromGrant = ok(api.refreshSession(new BlueskySession(null, null, pds.url().toString(), null,
                third.refreshJwt(), true, null)));
        assertEquals(account.did(), fromGrant.did());

        pds.revokeAppPassword(account, "socialwire");
        XrpcResult<BlueskySession> refused = api.refreshSession(third);
        XrpcResult.AuthRefused<?> auth = assertInstanceOf(XrpcResult.AuthRefused.class, refused);
        assertEquals("ExpiredToken", auth.error());
        assertEquals(ProviderError.AUTH, ProviderError.of(refused).category());
        assertInstanceOf(XrpcResult.AuthRefused.class, api.refreshSession(first), "the old token is refused too");
        assertInstanceOf(XrpcResult.AuthRefused.class, api.createSession(pds.url().toString(), account.handle(), account.appPassword()));
    }

    @Test
    void twentyConcurrentRefreshesOfOneTokenContinueOneChainThatStillWorks() throws Exception {
        BlueskySession session = connect(pds.newAccount());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<XrpcResult<BlueskySession>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> api.refreshSession(session));
            }
            Set<String> ids = new HashSet<>();
            BlueskySession any = null;
            for (Future<XrpcResult<BlueskySession>> f : pool.invokeAll(calls)) {
                any = ok(f.get());
                ids.add(jti(any.refreshJwt()));
            }
            assertEquals(1, ids.size(), "every concurrent refresh answers the same next token id");
            BlueskySession next = ok(api.refreshSession(any));
            assertEquals(session.did(), ok(api.getSession(next)).did());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredAccessTokenAsksForARefreshNotAReconnect() throws Exception {
        BlueskySession session = connect(pds.newAccount());
        // an access token the PDS itself would sign (dev-env's JWT secret), two hours past its expiry
        BlueskySession expired = new BlueskySession(session.did(), session.handle(), session.pdsUrl(),
                expiredAccessToken(session), session.refreshJwt(), true, null);

        XrpcResult<BlueskyApi.PostRef> r = api.createPost(expired, Tid.forDelivery("dlv_expired", Instant.now()),
                new BlueskyPost("never posted", null, null, null, null));

        XrpcResult.TokenExpired<?> t = assertInstanceOf(XrpcResult.TokenExpired.class, r);
        assertEquals("ExpiredToken", t.error(), "a refresh, not a reconnect, answers this");
        BlueskySession refreshed = ok(api.refreshSession(expired));
        assertEquals(session.did(), ok(api.getSession(refreshed)).did());
        assertEquals(0, postCount(session));
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 7 + y * 13) << 8);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String jti(String jwt) {
        return payload(jwt).path("jti").asText();
    }

    private static JsonNode payload(String jwt) {
        return Json.tree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String expiredAccessToken(BlueskySession session) throws Exception {
        JsonNode real = payload(session.accessJwt());
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"typ\":\"at+jwt\",\"alg\":\"HS256\"}");
        String body = b64(Json.write(Json.object().put("scope", real.path("scope").asText()).put("aud", real.path("aud").asText())
                .put("sub", session.did()).put("iat", now - 4 * 3600).put("exp", now - 2 * 3600)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("jwt-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((header + "." + body).getBytes(StandardCharsets.UTF_8)));
        return header + "." + body + "." + signature;
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** How many posts the account's repository holds, read with listRecords. */
    private static int postCount(BlueskySession session) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(session.pdsUrl()
                    + "/xrpc/com.atproto.repo.listRecords?repo=" + session.did() + "&collection=app.bsky.feed.post&limit=100"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return Json.tree(r.body()).path("records").size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
