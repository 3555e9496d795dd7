package com.socialwire.posts.studio.rss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's RSS/Atom feed subscription: what to read, how its items become posts, and where its checks stand.
 *
 * @param postTemplate          the post text with {@code {{title}} {{url}} {{description}} {{author}} {{pubDate}}}
 * @param autoSchedule          false: new items become drafts; true: they are scheduled per {@code schedulingStrategy}
 * @param schedulingStrategy    {@code queue} (one post per slot, {@link FeedCheck#QUEUE_SPACING} apart) or {@code immediate}
 * @param status                {@code active} (checked when due) or {@code paused}
 * @param lastError             why the last check failed (readable), or null after a good one
 * @param consecutiveFailures   failed checks in a row; the next check is backed off exponentially by them
 * @param nextCheckAt           when the schedule checks it next (while active)
 * @param itemsPosted           posts made from its items so far
 * @param etag                  the validators of the last fetched document (conditional GET), or null
 * @param primed                whether its first good check happened (the first takes only the newest items)
 * @param lastSlotAt            the last queue slot handed out (queue strategy), or null
 */
public record Feed(String id, String tenantId, String name, String feedUrl, List<String> targetPlatforms, List<String> targetAccountIds,
                   String postTemplate, boolean includeImage, boolean autoSchedule, String schedulingStrategy, int checkIntervalMinutes,
                   String status, Instant createdAt, Instant updatedAt, long version,
                   Instant lastCheckedAt, Instant lastSuccessAt, String lastError, int consecutiveFailures, Instant nextCheckAt,
                   long itemsPosted, String etag, String lastModified, boolean primed, Instant lastSlotAt) {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** The shape of the API's feed object. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("tenantId", tenantId);
        o.put("name", name);
        o.put("feedUrl", feedUrl);
        com.fasterxml.jackson.databind.node.ArrayNode platforms = o.putArray("targetPlatforms");
        for (String p : targetPlatforms) {
            platforms.add(p);
        }
        com.fasterxml.jackson.databind.node.ArrayNode accounts = o.putArray("targetAccountIds");
        for (String a : targetAccountIds) {
            accounts.add(a);
        }
        o.put("postTemplate", postTemplate);
        o.put("includeImage", includeImage);
        o.put("autoSchedule", autoSchedule);
        o.put("schedulingStrategy", schedulingStrategy);
        o.put("checkIntervalMinutes", checkIntervalMinutes);
        o.put("status", status);
        o.put("createdAt", createdAt.toString());
        o.put("updatedAt", updatedAt.toString());
        o.put("lastCheckedAt", lastCheckedAt == null ? null : lastCheckedAt.toString());
        o.put("lastSuccessAt", lastSuccessAt == null ? null : lastSuccessAt.toString());
        o.put("lastError", lastError);
        o.put("consecutiveFailures", consecutiveFailures);
        o.put("nextCheckAt", active() && nextCheckAt != null ? nextCheckAt.toString() : null);
        o.put("itemsPosted", itemsPosted);
        return o;
    }
}
