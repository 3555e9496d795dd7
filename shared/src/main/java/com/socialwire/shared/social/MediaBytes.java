package com.socialwire.shared.social;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A post's medium read from its (presigned, short-lived) URL for a platform that takes uploads rather than URLs
 * (Bluesky blobs, Mastodon media, X's chunked video upload): the one way publishers fetch media, bounded by the
 * platform's size limit so a large file is refused with the reason, not read whole into memory.
 */
public final class MediaBytes {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes \\d+-\\d+/(\\d+)");

    private final HttpClient http;
    private final Duration timeout;

    public MediaBytes(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The bytes of {@code m}, at most {@code maxBytes}: larger is {@code MEDIA_TOO_LARGE}, an unreadable one refused. */
    public PlatformResult<byte[]> fetch(PlatformPublisher.Media m, long maxBytes, String platformName) {
        PlatformResult<Read> opened = open(m, maxBytes, platformName, 0);
        if (!(opened instanceof PlatformResult.Ok<Read>(Read read))) {
            return opened.failure();
        }
        try (read) {
            byte[] bytes = read.in().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return bytes.length > maxBytes ? tooLarge(m, maxBytes, platformName) : new PlatformResult.Ok<>(bytes);
        } catch (IOException e) {
            return new PlatformResult.Transient<>(0, "MEDIA_FETCH", e.getClass().getSimpleName(), 0);
        }
    }

    /**
     * {@code m} opened at byte {@code offset} to be read piece by piece (a chunked upload resuming where it stopped),
     * with its whole size: asked as a range, skipped to when the store answers the whole file. A medium whose size is
     * over {@code maxBytes} is {@code MEDIA_TOO_LARGE} before anything is read. The caller closes the read.
     */
    public PlatformResult<Read> open(PlatformPublisher.Media m, long maxBytes, String platformName, long offset) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(m.url())).timeout(timeout).GET();
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-");
            }
            HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            InputStream in = r.body();
            if (r.statusCode() / 100 != 2) {
                in.close();
                return r.statusCode() >= 500 ? new PlatformResult.Transient<>(r.statusCode(), "MEDIA_FETCH", "the media store is unavailable", 0)
                        : new PlatformResult.Rejected<>(r.statusCode(), "MEDIA_FETCH", "medium " + m.mediaId() + " could not be read");
            }
            long total = r.statusCode() == 206 ? rangeTotal(r) : r.headers().firstValueAsLong("Content-Length").orElse(-1);
            total = total >= 0 ? total : m.bytes() > 0 ? m.bytes() : -1;
            if (total > maxBytes) {
                in.close();
                return tooLarge(m, maxBytes, platformName);
            }
            if (r.statusCode() != 206 && offset > 0) {
                in.skipNBytes(offset); // the store ignored the range
            }
            return new PlatformResult.Ok<>(new Read(in, total));
        } catch (IOException e) {
            return new PlatformResult.Transient<>(0, "MEDIA_FETCH", e.getClass().getSimpleName(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PlatformResult.Transient<>(0, "MEDIA_FETCH", "interrupted", 0);
        }
    }

    /** An open read of a medium: {@code totalBytes} is the whole medium's size (-1 when neither store nor library knows it). */
    public record Read(InputStream in, long totalBytes) implements Closeable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static long rangeTotal(HttpResponse<?> r) {
        Matcher range = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
        return range.matches() ? Long.parseLong(range.group(1)) : -1;
    }

    private static <T> PlatformResult<T> tooLarge(PlatformPublisher.Media m, long maxBytes, String platformName) {
        return new PlatformResult.Rejected<>(0, "MEDIA_TOO_LARGE", platformName + " takes media up to " + maxBytes
                + " bytes; " + m.mediaId() + " is larger");
    }
}
