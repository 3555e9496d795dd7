package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds API Gateway HTTP API payload-2.0 events, field for field as API Gateway sends them. */
public final class HttpApiEvents {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpApiEvents() {
    }

    /**
     * An event for {@code method path?query}, matched to {@code routeKey} with {@code pathParameters}.
     * Header names are lower-cased and repeated headers joined with commas, as API Gateway does;
     * a body that is not UTF-8 text is base64-encoded.
     */
    public static ObjectNode event(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                   byte[] body, String routeKey, Map<String, String> pathParameters, String sourceIp) {
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", rawPath);
        e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode h = e.putObject("headers");
        List<String> cookies = new ArrayList<>();
        headers.forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                v.forEach(c -> cookies.addAll(List.of(c.split(";\\s*"))));
            } else {
                h.put(name, String.join(",", v));
            }
        });
        if (!cookies.isEmpty()) {
            e.putArray("cookies").addAll(cookies.stream().map(Json.mapper().getNodeFactory()::textNode).toList());
        }
        Map<String, List<String>> query = parseQuery(rawQuery);
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach((k, v) -> q.put(k, String.join(",", v)));
        }
        if (pathParameters != null && !pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        Instant now = Instant.now();
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", LocalStores.ACCOUNT_ID);
        ctx.put("apiId", "local");
        ctx.put("domainName", "localhost");
        ctx.put("domainPrefix", "localhost");
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.entrySet().stream().filter(x -> x.getKey().equalsIgnoreCase("user-agent"))
                .map(x -> x.getValue().get(0)).findFirst().orElse(""));
        ctx.put("requestId", UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        if (body != null && body.length > 0) {
            boolean text = isUtf8(body);
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", !text);
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    /** A simple event for tests: one value per header, a JSON or text body. */
    public static ObjectNode event(String method, String path, Map<String, String> headers, String body) {
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String rawQuery = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        if (body != null && !h.containsKey("content-type")) {
            h.put("content-type", List.of("application/json"));
        }
        return event(method, rawPath, rawQuery, h, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                method + " " + rawPath, Map.of(), "127.0.0.1");
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
