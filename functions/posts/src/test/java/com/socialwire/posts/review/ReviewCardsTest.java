package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.review.page.ReviewView;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a post's card shows and offers on the review page, by its status, platform, media and comments. */
class ReviewCardsTest {

    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    static final ReviewSession SESSION = new ReviewSession("rvl_link", "acct_a", "tnt_a", null, "Clara", "clara@brand.example",
            NOW.plusSeconds(3600), "hash");

    static Post post(PostStatus status, String platform, String format, List<String> mediaKinds, List<String> historyActions) {
        ObjectNode doc = Json.object();
        doc.putObject("content").put("text", "Fresh loaves at seven https://bakery.example/menu").putObject("platformOverrides");
        doc.putArray("platforms").add(platform);
        doc.putArray("hashtags");
        doc.putArray("threadParts");
        var media = doc.putArray("media");
        for (String kind : mediaKinds) {
            media.addObject().put("id", "med_x").put("kind", kind).put("mimeType", kind.equals("video") ? "video/mp4" : "image/jpeg");
        }
        if (format != null) {
            doc.put("format", format);
        }
        List<ObjectNode> history = new ArrayList<>();
        for (String a : historyActions) {
            history.add(Json.object().put("action", a));
        }
        return new Post("post_aaaaaaaaaaaaaaaaaaaa", "tnt_a", "acct_a", NOW, status, 3, null, NOW, doc, Json.object(), history);
    }

    @Test
    void theApproverActsOnWaitingPostsMovesApprovedOnesAndOnlyReadsRewrites() {
        assertEquals(Set.of("approve", "reject", "comment"), ReviewCards.actions(PostStatus.CLIENT_REVIEW, true));
        assertEquals(Set.of("approve", "reject", "comment"), ReviewCards.actions(PostStatus.PENDING_APPROVAL, false));
        assertEquals(Set.of("reschedule", "publish", "comment"), ReviewCards.actions(PostStatus.SCHEDULED, true));
        assertEquals(Set.of("comment"), ReviewCards.actions(PostStatus.APPROVED, false), "a download_only tenant publishes nothing");
        assertEquals(Set.of(), ReviewCards.actions(PostStatus.REGENERATING, true));
        assertEquals(Set.of(), ReviewCards.actions(PostStatus.QA_REVIEW, true));
        assertEquals("Being rewritten with your feedback", ReviewCards.stateNote(PostStatus.REGENERATING));
        assertEquals("With your agency for a check", ReviewCards.stateNote(PostStatus.QA_REVIEW));
        assertNull(ReviewCards.stateNote(PostStatus.CLIENT_REVIEW));

        assertTrue(ReviewCards.visible(post(PostStatus.CLIENT_REVIEW, "linkedin", null, List.of(), List.of())));
        assertTrue(ReviewCards.visible(post(PostStatus.SCHEDULED, "linkedin", null, List.of(), List.of())));
        assertFalse(ReviewCards.visible(post(PostStatus.QA_REVIEW, "linkedin", null, List.of(), List.of("submit"))),
                "a post at its first QA is the agency's, not yet the client's");
        assertTrue(ReviewCards.visible(post(PostStatus.QA_REVIEW, "linkedin", null, List.of(), List.of("submit", "client-reject",
                "regeneration-complete"))));
        assertTrue(ReviewCards.visible(post(PostStatus.REGENERATING, "linkedin", null, List.of(), List.of("client-reject"))));
        assertFalse(ReviewCards.visible(post(PostStatus.REGENERATING, "linkedin", null, List.of(), List.of("qa-reject"))));
        for (PostStatus hidden : List.of(PostStatus.DRAFT, PostStatus.PUBLISHED, PostStatus.CANCELLED, PostStatus.VAULTED, PostStatus.PUBLISHING)) {
            assertFalse(ReviewCards.visible(post(hidden, "linkedin", null, List.of(), List.of("client-reject"))), hidden.wire());
        }
    }

    @Test
    void postsAreGroupedByTheirFormatOrThePlatformsNaturalKind() {
        assertEquals("story", ReviewCards.kind(post(PostStatus.CLIENT_REVIEW, "instagram", "story", List.of("image"), List.of()), "instagram"));
        assertEquals("reel", ReviewCards.kind(post(PostStatus.CLIENT_REVIEW, "instagram", null, List.of("video"), List.of()), "instagram"));
        assertEquals("carousel", ReviewCards.kind(post(PostStatus.CLIENT_REVIEW, "instagram", null, List.of("image", "image"), List.of()),
                "instagram"));
        assertEquals("feed", ReviewCards.kind(post(PostStatus.CLIENT_REVIEW, "instagram", null, List.of("image"), List.of()), "instagram"));
        assertEquals("post", ReviewCards.kind(post(PostStatus.CLIENT_REVIEW, "twitter", null, List.of(), List.of()), "twitter"));
        assertEquals("video", ReviewCards.kind(post(PostStatus.CLIENT_REVIEW, "tiktok", null, List.of("video"), List.of()), "tiktok"));
        assertEquals("Instagram Reels", ReviewCards.groupLabel("instagram", "reel"));
        assertEquals("X posts", ReviewCards.groupLabel("twitter", "post"));
        assertEquals("LinkedIn", ReviewCards.platformLabel("linkedin"));
    }

    @Test
    void theTextIsMeasuredAsEachPlatformMeasuresIt() {
        Post p = post(PostStatus.CLIENT_REVIEW, "twitter", null, List.of(), List.of());
        p.doc.withArray("platforms").add("linkedin");
        List<ReviewView.Limit> limits = ReviewCards.limits(p);
        assertEquals(2, limits.size());
        assertEquals("twitter", limits.get(0).platform());
        assertEquals(280, limits.get(0).max());
        assertEquals("Fresh loaves at seven ".length() + 23, limits.get(0).length(), "X counts every link as 23");
        assertFalse(limits.get(0).over());
        assertEquals("Fresh loaves at seven https://bakery.example/menu".length(), limits.get(1).length());
        p.text("x".repeat(281));
        assertTrue(ReviewCards.limits(p).get(0).over());
    }

    @Test
    void commentsShowTheApproverByNameAndNoKeyAndHideTheAgencysQaNotes() {
        ObjectNode mine = Json.object().put("id", "cmt_1").put("text", "Lovely").put("kind", "comment").put("userId", "rvl_link")
                .put("userRole", "client").put("createdAt", "2026-12-05T09:00:00Z");
        mine.putObject("anchor").put("type", "image").put("mediaId", "med_x").put("x", 0.25).put("y", 0.5);
        ReviewView.Comment c = ReviewCards.comment(mine, SESSION);
        assertEquals("Clara", c.author());
        assertEquals("image", c.anchorType());
        assertEquals("med_x", c.anchorMediaId());
        assertEquals(0.25, c.x());
        assertEquals(0.5, c.y());
        assertEquals(Instant.parse("2026-12-05T09:00:00Z"), c.at());
        ObjectNode staff = Json.object().put("id", "cmt_2").put("text", "Fix the typo").put("kind", "comment").put("userId", "key_secretish")
                .put("userRole", "write").put("createdAt", "2026-12-05T09:00:00Z");
        staff.putObject("anchor").put("type", "text").put("text", "loaves").put("offset", 6);
        ReviewView.Comment s = ReviewCards.comment(staff, SESSION);
        assertEquals("Your agency", s.author());
        assertEquals("loaves", s.anchorText());
        assertNull(s.x());
        assertFalse(s.toString().contains("key_secretish"));
        assertNull(ReviewCards.comment(Json.object().put("kind", "qa_rejection").put("text", "internal"), SESSION));
    }
}
