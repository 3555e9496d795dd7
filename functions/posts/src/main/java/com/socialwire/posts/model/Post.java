package com.socialwire.posts.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One post of a tenant, loaded for one request or job and saved back under its version.
 * The content and its metadata live in {@code doc} (the API's field names); what the publish path
 * changes in place — status, schedule, per-platform deliveries, the audit trail — are fields of
 * their own, so a claim or a delivery update is a single conditional UpdateItem.
 */
public final class Post {

    public final String id;
    public final String tenantId;
    public final String accountId;
    public final Instant createdAt;
    public PostStatus status;
    public long version;
    public Instant scheduledFor;
    public Instant updatedAt;
    /** When the publish run (or publish-now, or the stuck-post sweep) last claimed it. */
    public Instant claimedAt;
    /** Since when it waits for an approval (QA or client), while it does; null otherwise (see {@link PostStatus#mustAct}). */
    public Instant waitingSince;
    /** How often the stuck-post sweep re-drove its current claim (a new claim starts at 0). */
    public int recoveries;
    /** content {text, platformOverrides}, title, link, platforms, accountIds, hashtags, media, threadParts, labels, tags, category, campaignId, requiresApproval, approval, ... */
    public final ObjectNode doc;
    /** platform → delivery {status, containerId, externalId, permalink, reason, ...}. */
    public final ObjectNode deliveries;
    /** The audit trail: the newest {@value PostLimits#HISTORY_KEPT} transitions with who, when and why. */
    public final List<ObjectNode> history;
    /** How many older transitions were dropped from {@link #history} to keep the item bounded. */
    public long historyDropped;
    /**
     * True if the post is in its tenant's state counters (created since they exist): only such a post's moves are counted
     * there ({@link com.socialwire.shared.analytics.TenantCounters}).
     */
    public boolean counted;
    /** What the store holds of it as last read or saved (null: never stored): what its next save's counters move from. */
    public Stored stored;
    /** The actions recorded since it was last read or saved (its next save counts approvals and rejections from them). */
    public final List<String> recorded = new ArrayList<>();

    /**
     * A post as stored, as far as the tenant's counters see it: status, platforms, each platform's delivery status, and
     * whether it was ever published ({@code publishedAt}, set once, by its first publication).
     */
    public record Stored(PostStatus status, List<String> platforms, Map<String, DeliveryStatus> deliveries, boolean published) {
    }

    /** This post now, as the counters see it. */
    public Stored counterState() {
        Map<String, DeliveryStatus> d = new java.util.TreeMap<>();
        deliveries.fieldNames().forEachRemaining(platform -> d.put(platform, deliveryStatus(platform)));
        return new Stored(status, List.copyOf(platforms()), d, doc.hasNonNull("publishedAt"));
    }

    public Post(String id, String tenantId, String accountId, Instant createdAt, PostStatus status, long version, Instant scheduledFor,
                Instant updatedAt, ObjectNode doc, ObjectNode deliveries, List<ObjectNode> history) {
        this.id = id;
        this.tenantId = tenantId;
        this.accountId = accountId;
        this.createdAt = createdAt;
        this.status = status;
        this.version = version;
        this.scheduledFor = scheduledFor;
        this.updatedAt = updatedAt;
        this.doc = doc;
        this.deliveries = deliveries;
        this.history = new ArrayList<>(history);
    }

    public String text() {
        return doc.path("content").path("text").asText("");
    }

    public void text(String text) {
        content().put("text", text);
    }

    public ObjectNode content() {
        JsonNode c = doc.get("content");
        if (c instanceof ObjectNode o) {
            return o;
        }
        return doc.putObject("content");
    }

    /** The post's own title (Reddit, YouTube, Pinterest, Dribbble publish it), or null. */
    public String title() {
        return optional("title");
    }

    /** The post's link (a Reddit link post, a Pin's destination, a Facebook link card), or null. */
    public String link() {
        return optional("link");
    }

    private String optional(String field) {
        JsonNode n = doc.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    public List<String> platforms() {
        return strings("platforms");
    }

    public List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        doc.path(field).forEach(n -> out.add(n.asText()));
        return out;
    }

    public String campaignId() {
        return optional("campaignId");
    }

    /** The post's own approval flag: null follows the tenant's settings. */
    public Boolean requiresApproval() {
        JsonNode n = doc.get("requiresApproval");
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    public ObjectNode approval() {
        JsonNode a = doc.get("approval");
        if (a instanceof ObjectNode o) {
            return o;
        }
        ObjectNode o = doc.putObject("approval");
        o.put("rejectionCount", 0);
        return o;
    }

    /** Media ids the post references, in order. */
    public List<String> mediaIds() {
        List<String> out = new ArrayList<>();
        for (JsonNode m : doc.path("media")) {
            out.add(m.isTextual() ? m.asText() : m.path("id").asText());
        }
        return out;
    }

    /**
     * A fingerprint of everything an approver saw: text, overrides, hashtags, thread, media,
     * platforms, title and link. Approval is bound to it; an edit that changes it sends the post back to review.
     */
    public String contentHash() {
        ObjectNode c = Json.object();
        c.set("content", doc.path("content"));
        c.set("hashtags", doc.path("hashtags"));
        c.set("threadParts", doc.path("threadParts"));
        ArrayNode ids = c.putArray("media");
        mediaIds().forEach(ids::add);
        c.set("platforms", doc.path("platforms"));
        for (String field : List.of("title", "link")) {
            if (doc.path(field).isTextual()) { // absent or null: the hash of a post without them is unchanged
                c.set(field, doc.get(field));
            }
        }
        return Hashing.sha256Hex(Json.write(canonical(c)));
    }

    private static JsonNode canonical(JsonNode n) {
        if (n instanceof ObjectNode o) {
            ObjectNode sorted = Json.object();
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(k -> sorted.set(k, canonical(o.get(k))));
            return sorted;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode out = Json.array();
            a.forEach(x -> out.add(canonical(x)));
            return out;
        }
        return n;
    }

    /** The content as the platform rules see it (and as publishing composes it: {@link com.socialwire.posts.platform.ContentCheck#compose}). */
    public com.socialwire.posts.platform.ContentCheck.Draft draft() {
        List<com.socialwire.posts.platform.ContentCheck.MediaItem> items = new ArrayList<>();
        for (JsonNode m : doc.path("media")) {
            items.add(new com.socialwire.posts.platform.ContentCheck.MediaItem(m.path("mimeType").asText(""), m.path("kind").asText("")));
        }
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        content().path("platformOverrides").fields().forEachRemaining(e -> overrides.put(e.getKey(), e.getValue().asText()));
        return new com.socialwire.posts.platform.ContentCheck.Draft(text(), overrides, strings("hashtags"), strings("threadParts"), items,
                title());
    }

    public ObjectNode delivery(String platform) {
        JsonNode d = deliveries.get(platform);
        return d instanceof ObjectNode o ? o : null;
    }

    /** Where {@code platform}'s delivery stands ({@link DeliveryStatus#NONE} before it starts). */
    public DeliveryStatus deliveryStatus(String platform) {
        return DeliveryStatus.of(delivery(platform));
    }

    /** Records one transition in the audit trail. */
    public void record(Instant at, String action, PostStatus from, PostStatus to, String actor, String reason) {
        ObjectNode h = Json.object();
        h.put("at", at.toString());
        h.put("action", action);
        h.put("from", from == null ? null : from.wire());
        h.put("to", to.wire());
        h.put("actor", PostLimits.clip(actor, PostLimits.HISTORY_ACTOR));
        if (reason != null) {
            h.put("reason", PostLimits.clip(reason, PostLimits.HISTORY_REASON));
        }
        history.add(h);
        recorded.add(action);
        boundHistory();
    }

    /** Drops the oldest transitions beyond {@value PostLimits#HISTORY_KEPT}, counting them. */
    public void boundHistory() {
        while (history.size() > PostLimits.HISTORY_KEPT) {
            history.remove(0);
            historyDropped++;
        }
    }

    /** The post as the API shows it. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("tenantId", tenantId);
        out.put("status", status.wire());
        Iterator<Map.Entry<String, JsonNode>> it = doc.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), e.getValue().deepCopy());
        }
        out.put("scheduledFor", scheduledFor == null ? null : scheduledFor.toString());
        out.put("scheduledAt", scheduledFor == null ? null : scheduledFor.toString());
        out.set("deliveries", deliveries.deepCopy());
        if (claimedAt != null) {
            out.put("claimedAt", claimedAt.toString());
        }
        ArrayNode h = out.putArray("history");
        history.forEach(h::add);
        if (historyDropped > 0) {
            out.put("historyDropped", historyDropped);
        }
        out.put("version", version);
        out.put("createdAt", createdAt.toString());
        out.put("updatedAt", updatedAt.toString());
        return out;
    }
}
