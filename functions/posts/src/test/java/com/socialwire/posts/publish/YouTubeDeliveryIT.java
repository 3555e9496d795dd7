package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.social.publishers.YouTubePublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A YouTube delivery through {@link PlatformDeliveries} with the real {@link YouTubePublisher} over HTTP (WireMock
 * shaped from Google's resumable upload protocol) and the video read from the local media bucket: the upload's answer
 * is lost after YouTube made the video; the delivery stays armed, asks the session, and ends published once
 * ({@code recovered}), the bytes never sent twice.
 */
class YouTubeDeliveryIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension google = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String INSERT = "/upload/youtube/v3/videos";
    static final String VIDEO_ID = "Ks-_Mh1QhMc";
    static final int SIZE = 2_048;

    PublishFixture f;

    /** The content worker publishing to YouTube through {@code channel}, with a timeout the lost answer below outlasts. */
    Publisher worker(FixedAccounts channel) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), Duration.ofMillis(1_000), Clock.systemUTC());
        return f.worker.publisher(channel, Map.of("youtube", new YouTubePublisher(http,
                new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), 50_000_000, google.baseUrl() + "/upload/youtube/v3",
                "public", YouTubePublisher.DEFAULT_CHUNK_BYTES)));
    }

    @BeforeEach
    void setUp() {
        google.resetAll();
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.now());
        f.stubGraph(meta);
    }

    /** A ready video of the tenant, its bytes in the media bucket (written as the media function would). */
    String video() {
        String id = f.media(f.tenantId, "video", "video/mp4");
        byte[] mp4 = new byte[SIZE];
        System.arraycopy(new byte[]{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, mp4, 0, 12);
        var media = f.as("MediaFunction", meta.baseUrl() + PublishFixture.V, Map.of());
        media.aws.s3().putObject(media.config.require("MEDIA_BUCKET"), "media/" + f.tenantId + "/" + id + "/a.mp4", mp4, "video/mp4");
        return id;
    }

    static String videoResource() {
        return "{\"kind\":\"youtube#video\",\"id\":\"" + VIDEO_ID + "\",\"snippet\":{\"title\":\"Fresh loaves at 7\"},"
                + "\"status\":{\"uploadStatus\":\"uploaded\",\"privacyStatus\":\"public\"}}";
    }

    @Test
    void anUploadWhoseAnswerWasLostEndsPublishedOnceFoundByTheSession() {
        String session = google.baseUrl() + INSERT + "?uploadType=resumable&upload_id=AEnB2Ur-delivery";
        google.stubFor(post(urlPathEqualTo(INSERT)).willReturn(aResponse().withStatus(200).withHeader("Location", session)));
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Content-Range", equalTo("bytes */" + SIZE)).willReturn(aResponse().withStatus(308)));
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Content-Range", equalTo("bytes 0-" + (SIZE - 1) + "/" + SIZE)).willSetStateTo("made")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(videoResource())
                        .withFixedDelay(3_000)));
        google.stubFor(put(urlPathEqualTo(INSERT)).inScenario("upload").whenScenarioStateIs("made")
                .withHeader("Content-Range", equalTo("bytes */" + SIZE))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(videoResource())));
        Post p = f.api.service().create(f.who, f.tenantId, (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(
                "{\"content\":\"Fresh loaves at 7\\nThe morning bake.\",\"platforms\":[\"youtube\"],\"media\":[\"" + video() + "\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        FixedAccounts channel = new FixedAccounts();
        channel.connect("ya29.youtube-token-sa_youtube1", new SocialAccount(f.tenantId, "sa_youtube1", "youtube", "UC_x5XG1OV2P6uZZ5FSM9Ttw",
                "@bloombakery", "Bloom Bakery", null, "channel", null, List.of("https://www.googleapis.com/auth/youtube.upload"),
                Instant.now().plusSeconds(3600), AccountStatus.CONNECTED, null, true, Instant.now(), Instant.now(), 1));
        Publisher publisher = worker(channel);

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "youtube"));
        assertEquals("publishing", f.reload(p.id).deliveries.path("youtube").path("status").asText());
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "youtube");

        JsonNode d = f.reload(p.id).deliveries.path("youtube");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertTrue(d.path("recovered").asBoolean(), d.toString());
        assertEquals(VIDEO_ID, d.path("externalId").asText());
        assertEquals("https://www.youtube.com/watch?v=" + VIDEO_ID, d.path("permalink").asText());
        assertEquals(PostStatus.PUBLISHED, f.reload(p.id).status);
        google.verify(1, postRequestedFor(urlPathEqualTo(INSERT)));
        google.verify(1, putRequestedFor(urlPathEqualTo(INSERT)).withHeader("Content-Range", equalTo("bytes 0-" + (SIZE - 1) + "/" + SIZE)));
    }
}
