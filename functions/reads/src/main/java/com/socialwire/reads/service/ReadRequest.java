package com.socialwire.reads.service;

import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.url.InstagramTarget;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One read as the caller asked for it, checked: the query parameters each route takes and their allowed values (the
 * instagram-read seed's), anything else a 422 naming the parameter and what it may be.
 *
 * @param route          what is read: a post, a reel, or a media's comments
 * @param commentLimit   comments to read: {@code commentLimit} of a post or reel with {@code comments=latest}, {@code limit}
 *                       of the comments route; 0 when no comments are read
 * @param parse          the parse mode, or null
 * @param tenantId       the tenant whose own media this is (the Graph path), or null for a public read
 */
public record ReadRequest(Route route, InstagramTarget target, int commentLimit, boolean includeReplies, Transcript transcript,
                          String parse, String tenantId) {

    /** The three read routes. */
    public enum Route {
        POST, REEL, COMMENTS
    }

    /** A reel's transcript: none, the provider's only, or the provider's then our transcription boundary's. */
    public enum Transcript {
        FALSE, PROVIDER, TRUE
    }

    static final List<String> MEDIA_COMMENT_LIMITS = List.of("20", "100");
    static final List<String> COMMENT_LIMITS = List.of("20", "100", "500");
    static final int DEFAULT_COMMENT_LIMIT = 100;
    private static final List<String> BOOLEANS = List.of("true", "false");

    private static final Set<String> POST_PARAMS = Set.of("url", "parse", "comments", "commentLimit", "tenantId");
    private static final Set<String> REEL_PARAMS = Set.of("url", "parse", "comments", "commentLimit", "transcript", "tenantId");
    private static final Set<String> COMMENT_PARAMS = Set.of("url", "limit", "includeReplies", "parse", "tenantId");

    public boolean readsMedia() {
        return route != Route.COMMENTS;
    }

    public boolean readsComments() {
        return commentLimit > 0;
    }

    /**
     * The read {@code query} asks for on {@code route}; {@code urls} turns the {@code url} parameter into a target (a
     * 422 for anything that is not a public post or reel). Unknown parameters, repeated values and values outside the
     * lists are 422.
     */
    public static ReadRequest of(Route route, Map<String, String> query, Function<String, InstagramTarget> urls) {
        Map<String, String> q = query == null ? Map.of() : query;
        Set<String> known = switch (route) {
            case POST -> POST_PARAMS;
            case REEL -> REEL_PARAMS;
            case COMMENTS -> COMMENT_PARAMS;
        };
        for (String name : q.keySet()) {
            if (!known.contains(name)) {
                throw invalid(name, "is not a parameter of this route", List.copyOf(new java.util.TreeSet<>(known)));
            }
        }
        String url = q.get("url");
        if (url == null || url.isBlank()) {
            throw invalid("url", "is required: an Instagram post or reel URL, or its shortcode", null);
        }
        InstagramTarget target = urls.apply(url.trim());
        String tenantId = q.get("tenantId");
        if (tenantId != null && !tenantId.matches("tnt_[A-Za-z0-9]{1,64}")) {
            throw invalid("tenantId", "is not a tenant id", null);
        }
        if (route == Route.COMMENTS) {
            int limit = Integer.parseInt(oneOf(q, "limit", COMMENT_LIMITS, Integer.toString(DEFAULT_COMMENT_LIMIT)));
            boolean replies = Boolean.parseBoolean(oneOf(q, "includeReplies", BOOLEANS, "false"));
            String parse = q.containsKey("parse") ? oneOf(q, "parse", Parser.COMMENT_MODES, null) : null;
            return new ReadRequest(route, target, limit, replies, Transcript.FALSE, parse, tenantId);
        }
        boolean comments = oneOf(q, "comments", List.of("none", "latest"), "none").equals("latest");
        String limitText = q.containsKey("commentLimit") ? oneOf(q, "commentLimit", MEDIA_COMMENT_LIMITS, null) : null;
        if (limitText != null && !comments) {
            throw invalid("commentLimit", "needs comments=latest", MEDIA_COMMENT_LIMITS);
        }
        int limit = comments ? (limitText == null ? 20 : Integer.parseInt(limitText)) : 0;
        Transcript transcript = route == Route.REEL
                ? Transcript.valueOf(oneOf(q, "transcript", List.of("false", "provider", "true"), "false").toUpperCase(java.util.Locale.ROOT))
                : Transcript.FALSE;
        String parse = q.containsKey("parse") ? oneOf(q, "parse", Parser.MEDIA_MODES, null) : null;
        return new ReadRequest(route, target, limit, false, transcript, parse, tenantId);
    }

    private static String oneOf(Map<String, String> q, String name, List<String> allowed, String fallback) {
        String v = q.get(name);
        if (v == null) {
            return fallback;
        }
        if (!allowed.contains(v)) {
            throw invalid(name, "must be one of " + String.join(", ", allowed), allowed);
        }
        return v;
    }

    static ApiException invalid(String parameter, String rule, List<String> allowed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parameter", parameter);
        if (allowed != null) {
            details.put("allowed", allowed);
        }
        return new ApiException(ErrorCode.VALIDATION_ERROR, 422, parameter + " " + rule, details, Map.of());
    }
}
