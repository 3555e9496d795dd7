package com.socialwire.posts.service;

import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.platform.PublishingQuotas;
import com.socialwire.posts.platform.PublishingQuotas.Quota;
import com.socialwire.shared.store.Page;
import com.socialwire.posts.store.PostStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, when a post is scheduled or published now, a post that would take one of its platforms over a posting
 * cap ({@link PublishingQuotas}): 422 with the platform, the cap, where it comes from and how many posts the window
 * already holds. It counts the tenant's posts of that platform around the time, read from the tenant's schedule index
 * by key range (never a scan): scheduled, approved with a time, publishing, and published where that platform's
 * delivery was published (at its publish time). A thread counts one post per part on a platform that publishes
 * threads (each part is its own post there).
 *
 * <p>Per tenant and platform: a tenant with several accounts on one platform is held to one account's cap (the
 * cautious side). Two posts scheduled at the same instant by two requests may both pass; the platform still refuses
 * the one over its cap, and that delivery fails with the platform's reason. Posts published now without a schedule
 * are not in the index and are not counted.
 */
public final class QuotaCheck {

    private static final Set<PostStatus> COUNTED = Set.of(PostStatus.SCHEDULED, PostStatus.APPROVED, PostStatus.PUBLISHING,
            PostStatus.PUBLISHED, PostStatus.PARTIALLY_PUBLISHED);
    /** Index pages read at most per platform: 3,000 posts around one time is past every documented cap. */
    private static final int MAX_PAGES = 30;

    private final PostStore posts;
    private final PublishingQuotas quotas;

    public QuotaCheck(PostStore posts, PublishingQuotas quotas) {
        this.posts = posts;
        this.quotas = quotas;
    }

    /** Throws 422 if {@code p} at {@code at} would exceed a cap of one of its platforms. */
    public void require(Post p, Instant at) {
        for (String platform : p.platforms()) {
            List<Quota> caps = quotas.of(platform);
            if (caps.isEmpty()) {
                continue;
            }
            Duration widest = caps.get(0).window();
            List<Instant> times = times(p, platform, at.minus(widest), at.plus(widest));
            int self = posts(p, platform);
            for (Quota q : caps) {
                int peak = PublishingQuotas.peak(times, at, q.window(), self);
                if (peak > q.posts()) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("platform", platform);
                    details.put("quota", q.describe());
                    details.put("source", q.source());
                    details.put("postsInWindow", peak - self);
                    details.put("at", at.toString());
                    throw PostSteps.unprocessable("this post would exceed " + platform + "'s cap of " + q.describe()
                            + " for the account; schedule it later or spread the posts out", details);
                }
            }
        }
    }

    /** How many posts {@code p} makes on {@code platform}: one per part of a thread, where the platform has threads. */
    private static int posts(Post p, String platform) {
        return Math.max(1, ContentCheck.composeThread(p.draft(), Platforms.require(platform)).size());
    }

    /** When the tenant's other posts of {@code platform} between {@code from} and {@code to} publish or published. */
    private List<Instant> times(Post self, String platform, Instant from, Instant to) {
        List<Instant> times = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Page<Post> found = posts.list(self.tenantId, null, platform, from, to, null, 100, cursor);
            for (Post o : found.items()) {
                if (o.id.equals(self.id) || !COUNTED.contains(o.status)) {
                    continue;
                }
                Instant when = null;
                if (o.status == PostStatus.PUBLISHED || o.status == PostStatus.PARTIALLY_PUBLISHED) {
                    var d = o.delivery(platform);
                    if (DeliveryStatus.of(d) == DeliveryStatus.PUBLISHED && d.hasNonNull("publishedAt")) {
                        when = Instant.parse(d.path("publishedAt").asText());
                    }
                } else {
                    when = o.scheduledFor;
                }
                for (int n = when == null ? 0 : posts(o, platform); n > 0; n--) {
                    times.add(when);
                }
            }
            cursor = found.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return times;
    }
}
