package com.socialwire.posts.review.page;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** Review views for the page's tests: a brand with three posts in two groups and one campaign. */
final class SampleViews {

    static final String BASE = "/review/rvw_0123456789abcdefghijABCDEFGHIJ0123456789abc";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private SampleViews() {
    }

    static ReviewView.PostCard reel(Set<String> actions) {
        return new ReviewView.PostCard("pst_reel1", 4, "PENDING_CLIENT", "Waiting for your approval", "cmp_winter", "Reel",
                "Winter launch reel", "Cold mornings,\nwarm coffee.\n\nOur winter blend is here ☕ #winter", "https://example.com/winter",
                List.of("instagram"), List.of(new ReviewView.Limit("instagram", "Instagram", 64, 2200, false)),
                List.of(new ReviewView.Media("med_a1", "video", BASE + "/media/med_a1", "A barista pours latte art", 1080, 1920)),
                Instant.parse("2026-12-08T08:30:00Z"),
                List.of(new ReviewView.Comment("cmt_1", "Anna (agency)", "Shall we say \"blend\" twice?", "text", "winter blend", null, null,
                                null, Instant.parse("2026-12-04T10:00:00Z")),
                        new ReviewView.Comment("cmt_2", "Client", "Crop the cup", "image", null, "med_a1", 0.25, 0.75,
                                Instant.parse("2026-12-04T11:00:00Z"))),
                actions, null);
    }

    static ReviewView.PostCard feed(String id, long version, String text, List<ReviewView.Limit> limits, Set<String> actions,
                                    String status, String stateNote) {
        return new ReviewView.PostCard(id, version, status, status.equals("APPROVED") ? "Approved" : "Waiting for your approval",
                "cmp_winter", "Post", null, text, null, List.of("x", "linkedin"), limits,
                List.of(new ReviewView.Media("med_" + id, "image", BASE + "/media/med_" + id, null, 1200, 800)),
                Instant.parse("2026-12-10T16:00:00Z"), List.of(), actions, stateNote);
    }

    static ReviewView sample() {
        Set<String> waiting = Set.of("approve", "reject", "comment", "reschedule");
        ReviewView.PostCard reel = reel(waiting);
        ReviewView.PostCard x1 = feed("pst_x1", 2, "A short one for X.\nTwo lines.",
                List.of(new ReviewView.Limit("x", "X", 30, 280, false), new ReviewView.Limit("linkedin", "LinkedIn", 30, 3000, false)),
                waiting, "PENDING_CLIENT", null);
        ReviewView.PostCard x2 = feed("pst_x2", 7, "x".repeat(300),
                List.of(new ReviewView.Limit("x", "X", 300, 280, true), new ReviewView.Limit("linkedin", "LinkedIn", 300, 3000, false)),
                Set.of("comment", "reschedule", "publish"), "APPROVED", null);
        return new ReviewView(new ReviewView.Brand("Bean & Co", "#6b21a8", "#f59e0b", BASE + "/logo"), "Maria Client", null,
                Instant.parse("2026-12-12T09:00:00Z"), BASE, "csrf-token-value", "nonce-value",
                new ReviewView.Notice("success", "Approved. Thank you!"),
                List.of(new ReviewView.Campaign("cmp_winter", "Winter launch", 2, List.of("pst_reel1", "pst_x1"))),
                List.of(new ReviewView.Group("instagram", "Instagram", "reel", "Reels", List.of(reel)),
                        new ReviewView.Group("x", "X", "feed", "Posts", List.of(x1, x2))),
                BERLIN, Instant.parse("2026-12-05T10:00:00Z"));
    }
}
