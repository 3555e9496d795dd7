package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.TenantProfiles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The approval queue (the seed's {@code GET /posts/pending}): posts waiting for QA or client approval across the tenants
 * a key may see — an account key all of its account's, a client key only its listed ones — or one tenant's, oldest
 * wait first, each saying who must act. Read from the account's queue bucket ({@link PostStore#pending}), never a scan.
 */
public final class PendingApprovals {

    /** How much of the post's text an entry shows (the seed's 120 characters). */
    static final int EXCERPT = 120;

    private final PostStore posts;
    private final TenantProfiles tenants;

    public PendingApprovals(PostStore posts, TenantProfiles tenants) {
        this.posts = posts;
        this.tenants = tenants;
    }

    /** Across the caller's tenants: all of its account's, or a client key's listed ones. */
    public Page<ObjectNode> forKey(Principal who, int limit, String cursor) {
        Set<String> only = who.role() == Role.CLIENT ? who.tenantIds() : null;
        if (only != null && only.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        return entries(posts.pending(who.accountId(), only, limit, cursor));
    }

    /** One tenant's (the gate has checked that the caller sees it). */
    public Page<ObjectNode> forTenant(Principal who, String tenantId, int limit, String cursor) {
        return entries(posts.pending(who.accountId(), Set.of(tenantId), limit, cursor));
    }

    private Page<ObjectNode> entries(Page<Post> page) {
        Set<String> ids = new LinkedHashSet<>();
        for (Post p : page.items()) {
            ids.add(p.tenantId);
        }
        Map<String, String> names = ids.isEmpty() ? Map.of() : tenants.names(ids);
        List<ObjectNode> out = new ArrayList<>(page.items().size());
        for (Post p : page.items()) {
            out.add(entry(p, names.get(p.tenantId)));
        }
        return new Page<>(out, page.nextCursor());
    }

    static ObjectNode entry(Post p, String tenantName) {
        ObjectNode o = Json.object();
        o.put("postId", p.id);
        o.put("tenantId", p.tenantId);
        o.put("tenantName", tenantName);
        o.put("status", p.status.wire());
        o.put("mustAct", p.status.mustAct());
        o.put("waitingSince", p.waitingSince == null ? null : p.waitingSince.toString());
        String text = p.text();
        o.put("excerpt", text.codePointCount(0, text.length()) <= EXCERPT ? text : text.substring(0, text.offsetByCodePoints(0, EXCERPT)));
        p.platforms().forEach(o.putArray("platforms")::add);
        o.put("scheduledFor", p.scheduledFor == null ? null : p.scheduledFor.toString());
        o.put("campaignId", p.campaignId());
        o.put("version", p.version);
        return o;
    }
}
