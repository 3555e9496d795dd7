package com.socialwire.shared.social;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A post's medium read from its (presigned, short-lived) URL for a platform that takes uploads rather than URLs
 * (Bluesky blobs, Mastodon media): the one way publishers fetch media, bounded by the platform's size limit so a large
 * file is refused with the reason, not read whole into memory.
 */
public final class MediaBytes {

    private final HttpClient http;
    private final Duration timeout;

    public MediaBytes(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The bytes of {@code m}, at most {@code maxBytes}: larger is {@code MEDIA_TOO_LARGE}, an unreadable one refused. */
    public PlatformResult<byte[]> fetch(PlatformPublisher.Media m, long maxBytes, String platformName) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(m.url())).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() / 100 != 2) {
                    return r.statusCode() >= 500 ? new PlatformResult.Transient<>(r.statusCode(), "MEDIA_FETCH", "the media store is unavailable", 0)
                            : new PlatformResult.Rejected<>(r.statusCode(), "MEDIA_FETCH", "medium " + m.mediaId() + " could not be read");
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    return new PlatformResult.Rejected<>(0, "MEDIA_TOO_LARGE", platformName + " takes media up to " + maxBytes
                            + " bytes; " + m.mediaId() + " is larger");
                }
                return new PlatformResult.Ok<>(bytes);
            }
        } catch (IOException e) {
            return new PlatformResult.Transient<>(0, "MEDIA_FETCH", e.getClass().getSimpleName(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PlatformResult.Transient<>(0, "MEDIA_FETCH", "interrupted", 0);
        }
    }
}
