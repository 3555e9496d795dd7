package com.socialwire.posts.studio.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.store.Page;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's SEO rules: a keyword with a weight from 0 to 1 (two decimals; the prompt lists keywords heaviest first), a
 * kind (primary | secondary), rules for using it ("use the primary keyword in the first sentence", "in one heading",
 * "at most 2% of the words"), the content types it applies to (none: all) and an active flag.
 */
public final class SeoRules {

    static final Set<String> FIELDS = Set.of("keyword", "weight", "kind", "rules", "contentTypes", "active");
    static final Set<String> KINDS = Set.of("primary", "secondary");

    private final StudioStore store;
    private final Clock clock;

    public SeoRules(StudioStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ObjectNode create(String tenantId, ObjectNode body) {
        ObjectNode rule = Json.object();
        rule.put("id", Ids.next("seo"));
        rule.put("tenantId", tenantId);
        rule.put("weight", 0.5);
        rule.put("kind", "secondary");
        rule.putArray("rules");
        rule.putArray("contentTypes");
        rule.put("createdAt", IsoInstant.format(clock.instant()));
        apply(body, rule, true);
        store.putSeoRule(tenantId, rule, true);
        return rule;
    }

    /** Changes the fields {@code body} names. */
    public ObjectNode update(String tenantId, String ruleId, ObjectNode body) {
        ObjectNode rule = get(tenantId, ruleId);
        apply(body, rule, false);
        if (!store.putSeoRule(tenantId, rule, false)) {
            throw ApiException.notFound("SEO rule " + ruleId); // deleted meanwhile
        }
        return rule;
    }

    private void apply(ObjectNode body, ObjectNode rule, boolean create) {
        JsonBody b = new JsonBody(body, FIELDS);
        Fields.text(b, body, rule, "keyword", create, 100);
        Optional<BigDecimal> weight = b.decimal("weight", BigDecimal.ZERO, BigDecimal.ONE, 2);
        if (weight.isPresent()) {
            rule.put("weight", weight.get().doubleValue());
        }
        Optional<String> kind = b.oneOf("kind", false, KINDS);
        if (kind.isPresent()) {
            rule.put("kind", kind.get());
        }
        Fields.strings(b, body, rule, "rules", 10, 300);
        Fields.contentTypes(b, body, rule, "contentTypes");
        Fields.bool(b, body, rule, "active", true);
        if (body.has("keyword") && body.get("keyword").isNull()) {
            b.reject("keyword", "is required");
        }
        b.check();
        rule.put("updatedAt", IsoInstant.format(clock.instant()));
    }

    public ObjectNode get(String tenantId, String ruleId) {
        return Fields.found(store.seoRule(tenantId, ruleId), "SEO rule " + ruleId);
    }

    public Page<ObjectNode> list(String tenantId, int limit, String cursor) {
        return store.seoRules(tenantId, limit, cursor);
    }

    public void delete(String tenantId, String ruleId) {
        if (!store.deleteSeoRule(tenantId, ruleId)) {
            throw ApiException.notFound("SEO rule " + ruleId);
        }
    }
}
