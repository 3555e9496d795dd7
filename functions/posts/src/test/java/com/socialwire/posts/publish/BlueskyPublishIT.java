package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.BlueskyPds;
import com.socialwire.local.stores.S3Clients;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.providers.bluesky.BlueskyApi;
import com.socialwire.shared.providers.bluesky.BlueskyConnector;
import com.socialwire.shared.providers.bluesky.BlueskyPost;
import com.socialwire.shared.providers.bluesky.BlueskyPublisher;
import com.socialwire.shared.providers.bluesky.BlueskySession;
import com.socialwire.shared.providers.bluesky.HttpBlueskyApi;
import com.socialwire.shared.providers.bluesky.XrpcResult;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publishing to Bluesky end to end against the real reference PDS (@atproto/dev-env): an account connected by app
 * password through {@link BlueskyConnector}, posts delivered by the publish worker through {@link BlueskyPublisher} —
 * text with a link, a mention and a tag, an image with alt text from the media library, a link card — and a
 * createRecord whose answer is lost ending with exactly one record, proven by getRecord, never posted again.
 */
class BlueskyPublishIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static BlueskyPds pds;
    final BlueskyApi api = new HttpBlueskyApi(Duration.ofSeconds(20));
    PublishFixture f;
    FixedAccounts accounts;
    BlueskyPds.Account owner;
    String token;

    @BeforeAll
    static void startPds() {
        pds = BlueskyPds.shared();
    }

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.now());
        f.stubGraph(meta);
        owner = pds.newAccount();
        Connector connector = new BlueskyConnector(api);
        Connector.Login login = ((PlatformResult.Ok<Connector.Login>) assertInstanceOf(PlatformResult.Ok.class,
                connector.login(owner.handle(), owner.appPassword(), pds.url().toString()))).value();
        assertEquals(owner.did(), login.account().externalId());
        accounts = new FixedAccounts();
        token = login.grant().accessToken();
        accounts.connect(token, new SocialAccount(f.tenantId, "sa_bsky1", "bluesky", login.account().externalId(), login.account().handle(),
                login.account().name(), null, "profile", login.account().attributes().get("pdsUrl"), List.of(), login.grant().expiresAt(),
                AccountStatus.CONNECTED, null, true, Instant.now(), Instant.now(), 1));
    }

    Publisher publisher(BlueskyApi through) {
        return f.worker.publisher(accounts, Map.of("bluesky",
                new BlueskyPublisher(through, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), f.clock)));
    }

    Post published(String body, Publisher publisher) {
        Post p = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree(body));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        publisher.handle(f.tenantId, p.id, "bluesky");
        return f.reload(p.id);
    }

    /** The post's record as the PDS holds it, read by the key in its at:// URI. */
    JsonNode record(Post p) {
        String uri = p.deliveries.path("bluesky").path("externalId").asText();
        String rkey = uri.substring(uri.lastIndexOf('/') + 1);
        var found = ((XrpcResult.Ok<java.util.Optional<BlueskyApi.PostRef>>) api.getPost(pds.url().toString(), owner.did(), rkey)).value();
        return found.orElseThrow().value();
    }

    /** Every post in the account's repository (com.atproto.repo.listRecords). */
    int postsInRepository() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(pds.url() + "/xrpc/com.atproto.repo.listRecords?repo="
                + owner.did() + "&collection=app.bsky.feed.post&limit=100")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.tree(r.body()).path("records").size();
    }

    @Test
    void textWithALinkAMentionAndATagIsPublishedWithItsFacetsIdAndUrl() {
        Post p = published("{\"content\":\"Fresh loaves at 7 https://bloom.example/menu #bread\",\"platforms\":[\"bluesky\"]}", publisher(api));

        JsonNode d = p.deliveries.path("bluesky");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(PostStatus.PUBLISHED, p.status);
        assertTrue(d.path("externalId").asText().startsWith("at://" + owner.did() + "/app.bsky.feed.post/"), d.toString());
        assertTrue(d.path("permalink").asText().startsWith("https://bsky.app/profile/" + owner.handle() + "/post/"), d.toString());
        JsonNode record = record(p);
        assertEquals("Fresh loaves at 7 https://bloom.example/menu #bread", record.path("text").asText());
        assertEquals(2, record.path("facets").size(), record.toString()); // the link and the tag
        assertEquals("app.bsky.embed.external", record.path("embed").path("$type").asText(), "a link in the text gets a card");
        assertEquals(PublishFixture.CREDITS - 10_000, f.balance().availableMicroCredits());
    }

    @Test
    void anImageFromTheMediaLibraryIsPublishedWithItsAltText() throws IOException {
        String mediaId = image("A sourdough loaf on a wooden board");
        Post p = published("{\"content\":\"Today's loaf\",\"platforms\":[\"bluesky\"],\"media\":[\"" + mediaId + "\"]}", publisher(api));

        assertEquals("published", p.deliveries.path("bluesky").path("status").asText(), p.deliveries.toString());
        JsonNode images = record(p).path("embed");
        assertEquals("app.bsky.embed.images", images.path("$type").asText());
        assertEquals("A sourdough loaf on a wooden board", images.path("images").path(0).path("alt").asText());
        assertEquals(64, images.path("images").path(0).path("aspectRatio").path("width").asInt());
    }

    @Test
    void aLostCreateRecordAnswerEndsWithExactlyOneRecordNeverPostedAgain() throws Exception {
        // the real createRecord reaches the PDS and takes effect, but its answer never comes back to the worker
        BlueskyApi losingAnswers = (BlueskyApi) Proxy.newProxyInstance(BlueskyApi.class.getClassLoader(), new Class<?>[]{BlueskyApi.class},
                (proxy, method, args) -> {
                    Object answer = method.invoke(api, args);
                    return "createPost".equals(method.getName()) ? new XrpcResult.Unknown<>("read timed out") : answer;
                });
        Post p = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree(
                "{\"content\":\"Published once, whatever the network does\",\"platforms\":[\"bluesky\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        assertThrows(RetryLater.class, () -> publisher(losingAnswers).handle(f.tenantId, p.id, "bluesky"));
        assertEquals("publishing", f.reload(p.id).deliveries.path("bluesky").path("status").asText());
        assertEquals(1, postsInRepository());

        f.clock.now = f.clock.now.plusSeconds(60);
        publisher(api).handle(f.tenantId, p.id, "bluesky");

        JsonNode d = f.reload(p.id).deliveries.path("bluesky");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertTrue(d.path("recovered").asBoolean(), d.toString());
        assertEquals(1, d.path("publishAttempts").asInt(), "proven by getRecord, not published again");
        assertEquals(1, postsInRepository());
        assertEquals(PublishFixture.CREDITS - 10_000, f.balance().availableMicroCredits());
    }

    @Test
    void aThreadWhoseAttemptStoppedHalfWayGoesOnToThreeRecordsEachOnce() throws Exception {
        // the second createRecord reaches the PDS and takes effect, but its answer is lost: the attempt stops there
        int[] creates = {0};
        BlueskyApi losingTheSecondAnswer = (BlueskyApi) Proxy.newProxyInstance(BlueskyApi.class.getClassLoader(), new Class<?>[]{BlueskyApi.class},
                (proxy, method, args) -> {
                    Object answer = method.invoke(api, args);
                    return "createPost".equals(method.getName()) && ++creates[0] == 2 ? new XrpcResult.Unknown<>("read timed out") : answer;
                });
        Post p = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree(
                "{\"content\":\"Our week\",\"threadParts\":[\"Our week, in three posts\",\"Monday: rye\",\"Friday: brioche\"],"
                        + "\"platforms\":[\"bluesky\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        assertThrows(RetryLater.class, () -> publisher(losingTheSecondAnswer).handle(f.tenantId, p.id, "bluesky"));
        assertEquals(2, postsInRepository(), "the first two parts were made, the third not yet");

        f.clock.now = f.clock.now.plusSeconds(60);
        publisher(api).handle(f.tenantId, p.id, "bluesky");

        JsonNode d = f.reload(p.id).deliveries.path("bluesky");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(3, postsInRepository(), "three records, each once");
        JsonNode last = recordAt(d, 2);
        assertEquals("Friday: brioche", last.path("text").asText());
        assertEquals(d.path("externalId").asText(), last.path("reply").path("root").path("uri").asText(), "every part replies to the first");
        assertEquals("Monday: rye", recordByUri(last.path("reply").path("parent").path("uri").asText()).path("text").asText(),
                "and to the one before it");
    }

    /** Part {@code part} of a thread as the PDS holds it: the record under the delivery's key for that part. */
    JsonNode recordAt(JsonNode delivery, int part) {
        String key = com.socialwire.shared.providers.bluesky.Tid.forDelivery(delivery.path("dedupeKey").asText() + "#" + part,
                Instant.parse(delivery.path("state").path("createdAt").asText()).plusMillis(part));
        var found = ((XrpcResult.Ok<java.util.Optional<BlueskyApi.PostRef>>) api.getPost(pds.url().toString(), owner.did(), key)).value();
        return found.orElseThrow().value();
    }

    JsonNode recordByUri(String uri) {
        var found = ((XrpcResult.Ok<java.util.Optional<BlueskyApi.PostRef>>) api.getPost(pds.url().toString(), owner.did(),
                uri.substring(uri.lastIndexOf('/') + 1))).value();
        return found.orElseThrow().value();
    }

    /** A 64 × 48 JPEG in the media bucket and its ready media item with {@code alt}, as the media function leaves them. */
    String image(String alt) throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 90);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", jpeg);
        String id = "med_" + Ids.base62(20);
        String key = "media/" + f.tenantId + "/" + id + "/a.jpg";
        var config = f.env.functionConfig("MediaFunction"); // a function that may write the media bucket
        S3Clients.s3(new AwsClients(config)).putObject(b -> b.bucket(config.require("MEDIA_BUCKET")).key(key).contentType("image/jpeg"),
                RequestBody.fromBytes(jpeg.toByteArray()));
        f.worker.table.put(new Write.Put(Item.create()
                .s("PK", MediaLibrary.pk(f.tenantId)).s("SK", MediaLibrary.sk(id)).s("id", id).s("tenantId", f.tenantId)
                .s("status", "ready").s("kind", "image").s("mimeType", "image/jpeg").s("s3Key", key).s("altText", alt)
                .n("width", 64).n("height", 48).n("sizeBytes", jpeg.size()).build()));
        return id;
    }
}
