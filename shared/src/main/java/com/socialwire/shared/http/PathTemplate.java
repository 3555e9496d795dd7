package com.socialwire.shared.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A path template as API Gateway writes them: literal segments, {@code {param}} for one segment
 * and a final {@code {proxy+}} for the rest of the path. Used by the routers inside functions and
 * by the local gateway, so both match paths the same way.
 */
public record PathTemplate(String template, List<String> segments) {

    public static PathTemplate of(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with /: " + template);
        }
        return new PathTemplate(template, List.of(trim(template).split("/", -1)));
    }

    /** The decoded path parameters if {@code rawPath} fits, else null. */
    public Map<String, String> match(String rawPath) {
        String[] got = trim(rawPath).split("/", -1);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String want = segments.get(i);
            if (want.startsWith("{") && want.endsWith("+}")) {
                String rest = i < got.length ? String.join("/", Arrays.copyOfRange(got, i, got.length)) : "";
                if (rest.isEmpty()) {
                    return null;
                }
                params.put(want.substring(1, want.length() - 2), URLDecoder.decode(rest, StandardCharsets.UTF_8));
                return params;
            }
            if (i >= got.length) {
                return null;
            }
            if (want.startsWith("{") && want.endsWith("}")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                params.put(want.substring(1, want.length() - 1), URLDecoder.decode(got[i], StandardCharsets.UTF_8));
            } else if (!want.equals(got[i])) {
                return null;
            }
        }
        return got.length == segments.size() ? params : null;
    }

    /** API Gateway's priority, lowest first: more literal segments first, a greedy variable last. */
    public int rank() {
        int literal = 0;
        boolean greedy = false;
        for (String s : segments) {
            if (s.endsWith("+}")) {
                greedy = true;
            } else if (!s.startsWith("{")) {
                literal++;
            }
        }
        return (greedy ? 1_000_000 : 0) - literal * 100 - segments.size() * 10;
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
