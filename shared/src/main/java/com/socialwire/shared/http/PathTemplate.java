package com.socialwire.shared.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A path template as API Gateway writes them: literal segments, {@code {param}} for one segment
 * and a final {@code {proxy+}} for the rest of the path. Used by the routers inside functions and
 * by the local gateway, so both match paths the same way. A {@code {param}} matches only a value in
 * the id alphabet ({@link #PARAM}): a {@code #} (our key separator), a space, a quote or a slash in
 * an id matches no route (404) and never reaches a store key.
 */
public record PathTemplate(String template, List<String> segments) {

    /** What an id, a platform or a campaign id may hold once decoded: ASCII letters, digits and {@code _ . : ~ -}. */
    public static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_.:~-]{1,128}");

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
                String decoded = rest.isEmpty() ? null : decode(rest);
                if (decoded == null) {
                    return null;
                }
                params.put(want.substring(1, want.length() - 2), decoded);
                return params;
            }
            if (i >= got.length) {
                return null;
            }
            if (want.startsWith("{") && want.endsWith("}")) {
                String value = got[i].isEmpty() ? "" : decode(got[i]);
                if (value == null || !PARAM.matcher(value).matches()) {
                    return null;
                }
                params.put(want.substring(1, want.length() - 1), value);
            } else if (!want.equals(got[i])) {
                return null;
            }
        }
        return got.length == segments.size() ? params : null;
    }

    /** The decoded segment, or null if its percent-encoding is malformed. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
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
