package com.socialwire.posts.studio.strategy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.JsonBody;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * How a tenant wants one content type written: length (short | medium | long and/or a word range), structure, call to
 * action, reading level and further guidelines. A PUT replaces the type's preference.
 */
public final class ContentPreferences {

    static final Set<String> FIELDS = Set.of("length", "minWords", "maxWords", "structure", "cta", "readingLevel", "guidelines");
    static final Set<String> LENGTHS = Set.of("short", "medium", "long");
    static final BigDecimal MAX_WORDS = BigDecimal.valueOf(20_000);

    private final StudioStore store;
    private final Clock clock;

    public ContentPreferences(StudioStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ObjectNode put(String tenantId, String contentType, ObjectNode body) {
        Fields.contentType(contentType);
        JsonBody b = new JsonBody(body, FIELDS);
        ObjectNode p = Json.object();
        p.put("tenantId", tenantId);
        p.put("contentType", contentType);
        Optional<String> length = b.oneOf("length", false, LENGTHS);
        if (length.isPresent()) {
            p.put("length", length.get());
        }
        Optional<BigDecimal> min = b.decimal("minWords", BigDecimal.ONE, MAX_WORDS, 0);
        Optional<BigDecimal> max = b.decimal("maxWords", BigDecimal.ONE, MAX_WORDS, 0);
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            b.reject("minWords", "must not be more than maxWords");
        }
        if (min.isPresent()) {
            p.put("minWords", min.get().intValue());
        }
        if (max.isPresent()) {
            p.put("maxWords", max.get().intValue());
        }
        Fields.text(b, body, p, "structure", false, 500);
        Fields.text(b, body, p, "cta", false, 500);
        Fields.text(b, body, p, "readingLevel", false, 100);
        Fields.text(b, body, p, "guidelines", false, 2_000);
        b.check();
        p.put("updatedAt", IsoInstant.format(clock.instant()));
        store.putPreference(tenantId, contentType, p);
        return p;
    }

    public ObjectNode get(String tenantId, String contentType) {
        return Fields.found(store.preference(tenantId, Fields.contentType(contentType)), "content preference for " + contentType);
    }

    /** Every type's preference the tenant set, as one list (at most one per content type). */
    public ObjectNode list(String tenantId) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        for (ObjectNode p : store.preferences(tenantId)) {
            items.add(p);
        }
        out.putNull("nextCursor");
        return out;
    }
}
