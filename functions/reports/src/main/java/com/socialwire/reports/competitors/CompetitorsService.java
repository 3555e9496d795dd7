package com.socialwire.reports.competitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.providers.instagram.BusinessDiscovery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The competitor handles a tenant follows ({@code GET/PUT /v1/tenants/{tenantId}/competitors}): at most
 * {@value #MAX_HANDLES} Instagram usernames, a leading {@code @} dropped, lower-cased (Instagram usernames are
 * case-insensitive), duplicates once. The answer says whether the pulse can read them ({@link DiscoveryAccess}).
 */
public final class CompetitorsService {

    public static final int MAX_HANDLES = 10;

    private final CompetitorStore store;
    private final DiscoveryAccess access;
    private final Clock clock;

    public CompetitorsService(CompetitorStore store, DiscoveryAccess access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    public Map<String, Object> get(String tenantId) {
        return view(tenantId, store.config(tenantId));
    }

    /** Replaces the handles: 400 when the body is not {@code {"handles":[strings]}}, 422 when a handle or the count is not allowed. */
    public Map<String, Object> put(String tenantId, ObjectNode body) {
        return view(tenantId, store.save(tenantId, handles(body), clock.instant()));
    }

    static List<String> handles(ObjectNode body) {
        Map<String, Object> problems = new LinkedHashMap<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!"handles".equals(f)) {
                problems.put(f, "unknown field");
            }
        });
        JsonNode list = body.get("handles");
        if (list == null || !list.isArray()) {
            problems.put("handles", "required: an array of Instagram usernames");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation("the request body is invalid", problems);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode h = list.get(i);
            String handle = h.isTextual() ? strip(h.asText()) : null;
            if (handle == null || !BusinessDiscovery.HANDLE.matcher(handle).matches()) {
                problems.put("handles[" + i + "]", "must be an Instagram username: letters, digits, '.' and '_', at most 30, an optional leading @");
            } else if (!out.contains(handle)) {
                out.add(handle);
            }
        }
        if (out.size() > MAX_HANDLES) {
            problems.put("handles", "at most " + MAX_HANDLES + " competitors");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "the competitor handles are not allowed", problems, null);
        }
        return out;
    }

    private static String strip(String raw) {
        String s = raw.strip();
        return (s.startsWith("@") ? s.substring(1) : s).toLowerCase(Locale.ROOT);
    }

    private Map<String, Object> view(String tenantId, CompetitorStore.Config config) {
        DiscoveryAccess.Access a = access.connection(tenantId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenantId", tenantId);
        out.put("handles", config.handles());
        out.put("maxHandles", MAX_HANDLES);
        out.put("available", a.available());
        out.put("reason", a.reason());
        out.put("connection", a.connection().wire());
        out.put("updatedAt", config.updatedAt());
        return out;
    }
}
