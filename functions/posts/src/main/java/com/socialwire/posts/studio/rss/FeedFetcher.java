package com.socialwire.posts.studio.rss;

import com.socialwire.shared.net.PublicUrls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches a feed document ourselves (not Rome's deprecated {@code XmlReader(URL)}): a conditional GET
 * ({@code If-None-Match} / {@code If-Modified-Since} from what the last fetch stored; 304 is "nothing new"), the
 * request's timeout bounding every wait for bytes and the whole fetch (redirects and body; checked between reads, so a
 * server that drips bytes is dropped within about twice the timeout), at most {@code maxBytes} read (a longer body stops the read:
 * "feed too large"), redirects followed by hand (at most {@value #MAX_REDIRECTS}) and only to URLs {@link FeedUrls}
 * accepts, checked again before every request.
 */
public final class FeedFetcher {

    static final int MAX_REDIRECTS = 5;
    static final String ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8,"
            + " text/xml;q=0.8, */*;q=0.5";
    static final String USER_AGENT = "SocialwireFeedReader/1.0 (+https://socialwire.app/feeds)";

    /** What a fetch found. */
    public sealed interface Result {
    }

    /** 304: the document did not change since the stored validators. */
    public record NotModified() implements Result {
    }

    /** 200: the document, its declared type and the validators for the next fetch (either may be null). */
    public record Fetched(byte[] body, String contentType, String etag, String lastModified, URI url) implements Result {
    }

    /** The fetch failed; {@code reason} is readable and safe to show the tenant (no response body in it). */
    public static final class Failed extends Exception {
        public Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final HttpClient http;
    private final UrlGuard urls;
    private final Duration timeout;
    private final long maxBytes;

    public FeedFetcher(HttpClient http, UrlGuard urls, Duration timeout, long maxBytes) {
        this.http = http;
        this.urls = urls;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Result fetch(String url, String etag, String lastModified) throws Failed {
        long deadline = System.nanoTime() + timeout.toNanos();
        String current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (System.nanoTime() > deadline) {
                throw new Failed(unfinished());
            }
            Optional<PublicUrls.Problem> problem = urls.problem(current);
            if (problem.isPresent()) {
                throw new Failed((hop == 0 ? "the feed URL " : "the feed redirected to a URL that ") + "is refused: " + problem.get().reason());
            }
            URI uri = URI.create(current);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("Accept", ACCEPT).header("User-Agent", USER_AGENT);
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.header("If-Modified-Since", lastModified);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw new Failed("the feed server did not answer within " + timeout.toSeconds() + " s");
            } catch (IOException e) {
                throw new Failed("the feed server could not be reached (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted");
            }
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                if (status == 304) {
                    return new NotModified();
                }
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    String location = response.headers().firstValue("location").orElse(null);
                    String next = location == null ? null : RomeFeedParser.resolve(uri, location);
                    if (next == null) {
                        throw new Failed("the feed server answered HTTP " + status + " without a usable Location");
                    }
                    current = next;
                    continue;
                }
                if (status != 200) {
                    throw new Failed("the feed server answered HTTP " + status);
                }
                long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
                if (declared > maxBytes) {
                    throw new Failed(tooLarge());
                }
                return new Fetched(read(body, deadline), response.headers().firstValue("content-type").orElse(null),
                        response.headers().firstValue("etag").orElse(null), response.headers().firstValue("last-modified").orElse(null), uri);
            } catch (HttpTimeoutException e) {
                throw new Failed("the feed server stopped sending within " + timeout.toSeconds() + " s");
            } catch (IOException e) {
                throw new Failed("the feed could not be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new Failed("the feed redirected more than " + MAX_REDIRECTS + " times");
    }

    /** The body, stopping as soon as it passes {@code maxBytes}. */
    private byte[] read(InputStream in, long deadline) throws IOException, Failed {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new Failed(tooLarge());
            }
            out.write(buf, 0, n);
            if (System.nanoTime() > deadline) {
                throw new Failed(unfinished());
            }
        }
        return out.toByteArray();
    }

    private String unfinished() {
        return "the feed server did not finish sending within " + timeout.toMillis() / 1000.0 + " s";
    }

    private String tooLarge() {
        return "feed too large: over " + maxBytes + " bytes";
    }
}
