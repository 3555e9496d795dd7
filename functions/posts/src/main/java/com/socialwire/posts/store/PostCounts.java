package com.socialwire.posts.store;

import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;

import java.util.HashMap;
import java.util.Map;

import static com.socialwire.shared.analytics.TenantCounters.*;

/**
 * What one write of a post changes in its tenant's counters ({@link com.socialwire.shared.analytics.TenantCounters}):
 * the difference between the post as stored before the write and after it. Events (created, delivered per platform,
 * first published, failed, approvals and rejections) count for every post; state counts (by status, by platform) only
 * for a post {@link Post#counted counted} since its creation.
 */
final class PostCounts {

    private PostCounts() {
    }

    /** A whole-post write: {@code before} as stored (null: a new post), {@code after} the post to store. */
    static Map<String, Long> of(Post.Stored before, Post after) {
        Post.Stored now = after.counterState();
        Map<String, Long> d = new HashMap<>();
        if (before == null) {
            add(d, POSTS_CREATED, 1);
            now.platforms().forEach(p -> add(d, POSTS_CREATED_ON + p, 1));
        }
        if (after.counted) {
            if (before != null) {
                add(d, POST_STATUS + before.status().wire(), -1);
                before.platforms().forEach(p -> add(d, POST_PLATFORM + p, -1));
            }
            add(d, POST_STATUS + now.status().wire(), 1);
            now.platforms().forEach(p -> add(d, POST_PLATFORM + p, 1));
        }
        if (before != null && before.status() != now.status() && now.status() == PostStatus.FAILED) {
            add(d, POSTS_FAILED, 1);
        }
        if (now.published() && (before == null || !before.published())) {
            add(d, POSTS_PUBLISHED, 1);
        }
        for (Map.Entry<String, DeliveryStatus> e : now.deliveries().entrySet()) {
            DeliveryStatus was = before == null ? DeliveryStatus.NONE : before.deliveries().getOrDefault(e.getKey(), DeliveryStatus.NONE);
            delivery(e.getKey(), was, e.getValue()).forEach((k, v) -> add(d, k, v));
        }
        for (String action : after.recorded) {
            String counter = switch (action) {
                case "qa-approve" -> QA_APPROVED;
                case "qa-reject" -> QA_REJECTED;
                case "client-approve", "approve" -> CLIENT_APPROVED;
                case "client-reject", "approve(reject)" -> CLIENT_REJECTED;
                default -> null;
            };
            if (counter != null) {
                add(d, counter, 1);
            }
        }
        return d;
    }

    /** An in-place status move from {@code from} to {@code to} of a post counted or not. */
    static Map<String, Long> move(PostStatus from, PostStatus to, boolean counted) {
        Map<String, Long> d = new HashMap<>();
        if (counted) {
            add(d, POST_STATUS + from.wire(), -1);
            add(d, POST_STATUS + to.wire(), 1);
        }
        if (to == PostStatus.FAILED && from != PostStatus.FAILED) {
            add(d, POSTS_FAILED, 1);
        }
        return d;
    }

    /** A delivery change of {@code platform}: one that went out, or one that ended failed. */
    static Map<String, Long> delivery(String platform, DeliveryStatus from, DeliveryStatus to) {
        Map<String, Long> d = new HashMap<>();
        if (to != from && to == DeliveryStatus.PUBLISHED) {
            add(d, POSTS_DELIVERED + platform, 1);
        }
        if (to != from && to == DeliveryStatus.FAILED) {
            add(d, POSTS_DELIVERY_FAILED + platform, 1);
        }
        return d;
    }

}
