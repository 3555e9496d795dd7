package com.socialwire.posts.studio.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;

import java.time.Clock;
import java.util.Set;

/**
 * A tenant's content strategy (brand voice, audience, pillars, tone, guidelines, competitors, goals): every edit is a new
 * immutable version with its change summary, the newest current; earlier versions stay readable, so a text made with one
 * can be explained later.
 */
public final class Strategies {

    static final Set<String> FIELDS = Set.of("brandVoice", "audience", "pillars", "tone", "guidelines", "competitors", "goals",
            "changeSummary");

    private final StudioStore store;
    private final Clock clock;

    public Strategies(StudioStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ObjectNode current(String tenantId) {
        return Fields.found(store.strategy(tenantId), "strategy");
    }

    /**
     * The next version: the current one with the fields {@code body} names changed (null clears one), and its
     * {@code changeSummary} (required).
     */
    public ObjectNode update(Principal who, String tenantId, ObjectNode body) {
        JsonBody b = new JsonBody(body, FIELDS);
        ObjectNode next = store.strategy(tenantId).orElse(Json.object());
        for (String field : new String[] {"version", "changeSummary", "createdAt", "createdBy"}) {
            next.remove(field);
        }
        Fields.text(b, body, next, "brandVoice", false, 2_000);
        Fields.text(b, body, next, "audience", false, 2_000);
        Fields.strings(b, body, next, "pillars", 20, 200);
        Fields.text(b, body, next, "tone", false, 200);
        Fields.text(b, body, next, "guidelines", false, 5_000);
        Fields.strings(b, body, next, "competitors", 20, 200);
        Fields.strings(b, body, next, "goals", 20, 300);
        Fields.text(b, body, next, "changeSummary", true, 500);
        b.check();
        next.put("tenantId", tenantId);
        next.put("createdAt", IsoInstant.format(clock.instant()));
        next.put("createdBy", who.keyId());
        return store.appendStrategy(tenantId, next);
    }

    public Page<ObjectNode> versions(String tenantId, int limit, String cursor) {
        return store.strategyVersions(tenantId, limit, cursor);
    }

    public ObjectNode version(String tenantId, String version) {
        return Fields.found(store.strategyVersion(tenantId, Fields.version(version)), "strategy version " + version);
    }
}
