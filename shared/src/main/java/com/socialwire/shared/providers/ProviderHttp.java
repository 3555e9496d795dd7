package com.socialwire.shared.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP plumbing every provider client shares: one client shape, one way to read bodies, one way to keep secrets out of text. */
public final class ProviderHttp {

    /** Long enough for a cold TLS handshake from Lambda, short enough to fail fast when a host is down. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private static final String REDACTED = "[redacted]";

    private ProviderHttp() {
    }

    /**
     * A client for one provider. HTTP/1.1 because plain-http local sandboxes and WireMock do not
     * all speak h2c, and one keep-alive connection per Lambda container is all we need. Its exchanges run over
     * {@code HttpURLConnection} ({@link LazyHttpClient}); the JDK's client behind it is built only for what that
     * cannot send, on its first such request.
     */
    public static HttpClient newClient() {
        return new LazyHttpClient(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), CONNECT_TIMEOUT);
    }

    /** {@code text} with every occurrence of {@code secret} replaced, so a provider that echoes a credential cannot leak it. */
    public static String redact(String text, String secret) {
        if (text == null) {
            return null;
        }
        if (secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, REDACTED);
    }

    /** Trims a base URL's trailing slashes so paths can be appended with one "/". */
    public static String trimBase(String baseUrl) {
        String b = baseUrl.trim();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    /** Caps a provider's message so one huge HTML error page does not end up in a DynamoDB item or a log line. */
    public static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…";
    }

    /** A provider's body as JSON, or null when it is empty or not JSON (an HTML error page from a proxy, say). */
    public static JsonNode jsonOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.tree(body);
        } catch (java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** A scalar field as text, or null when it is missing, null or an object. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
