package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.review.page.ReviewView;
import com.socialwire.shared.media.MediaRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A post as the review page shows it: what the approver may do with it in its status, its text against each
 * platform's limit (counted the platform's way), its media previews, its comments, and where it is grouped
 * (platform and kind: feed, carousel, reel, story, thread, video, pin…).
 */
final class ReviewCards {

    /** Posts the approver acts on now. */
    static final Set<PostStatus> WAITING = Set.of(PostStatus.CLIENT_REVIEW, PostStatus.PENDING_APPROVAL);
    /** Posts back with the agency after the client's rejection: shown read-only with a note. */
    static final Set<PostStatus> BACK_WITH_AGENCY = Set.of(PostStatus.REGENERATING, PostStatus.QA_REVIEW);
    /** Approved posts: the approver may move or publish them. */
    static final Set<PostStatus> APPROVED = Set.of(PostStatus.APPROVED, PostStatus.SCHEDULED);
    /** The most media previews a card shows. */
    static final int MAX_MEDIA = 10;

    private static final Map<String, String> PLATFORM_LABELS = Map.ofEntries(
            Map.entry("twitter", "X"), Map.entry("linkedin", "LinkedIn"), Map.entry("facebook", "Facebook"),
            Map.entry("instagram", "Instagram"), Map.entry("tiktok", "TikTok"), Map.entry("pinterest", "Pinterest"),
            Map.entry("reddit", "Reddit"), Map.entry("bluesky", "Bluesky"), Map.entry("threads", "Threads"),
            Map.entry("youtube", "YouTube"), Map.entry("mastodon", "Mastodon"), Map.entry("dribbble", "Dribbble"));

    /** Kinds in display order, with their group labels. */
    static final List<String> KINDS = List.of("feed", "carousel", "reel", "story", "post", "thread", "video", "pin", "shot");
    private static final Map<String, String> KIND_LABELS = Map.of("feed", "posts", "carousel", "carousels", "reel", "Reels",
            "story", "Stories", "post", "posts", "thread", "threads", "video", "videos", "pin", "Pins", "shot", "shots");

    private ReviewCards() {
    }

    /** Whether the link's approver sees {@code p} at all (its status, and for rewrites: after a client's rejection). */
    static boolean visible(Post p) {
        if (WAITING.contains(p.status) || APPROVED.contains(p.status)) {
            return true;
        }
        return BACK_WITH_AGENCY.contains(p.status) && rejectedByClient(p);
    }

    private static boolean rejectedByClient(Post p) {
        for (ObjectNode h : p.history) {
            if ("client-reject".equals(h.path("action").asText())) {
                return true;
            }
        }
        return false;
    }

    /** What the approver may do with {@code p} now; {@code publishes}: the tenant's delivery mode publishes. */
    static Set<String> actions(PostStatus status, boolean publishes) {
        Set<String> out = new LinkedHashSet<>();
        if (WAITING.contains(status)) {
            out.add("approve");
            out.add("reject");
            out.add("comment");
        } else if (APPROVED.contains(status)) {
            if (publishes) {
                out.add("reschedule");
                out.add("publish");
            }
            out.add("comment");
        }
        return out;
    }

    static String statusLabel(PostStatus s) {
        return switch (s) {
            case CLIENT_REVIEW, PENDING_APPROVAL -> "Waiting for your approval";
            case REGENERATING -> "Being rewritten";
            case QA_REVIEW -> "With your agency";
            case APPROVED -> "Approved";
            case SCHEDULED -> "Scheduled";
            default -> s.wire();
        };
    }

    static String stateNote(PostStatus s) {
        return switch (s) {
            case REGENERATING -> "Being rewritten with your feedback";
            case QA_REVIEW -> "With your agency for a check";
            default -> null;
        };
    }

    static String platformLabel(String platform) {
        return PLATFORM_LABELS.getOrDefault(platform, platform);
    }

    static String groupLabel(String platform, String kind) {
        return platformLabel(platform) + " " + KIND_LABELS.getOrDefault(kind, "posts");
    }

    /** The post's kind on {@code platform}: its declared format, else the platform's natural kind for its media. */
    static String kind(Post p, String platform) {
        String format = p.doc.path("format").asText("");
        if (KINDS.contains(format)) {
            return format;
        }
        int media = 0;
        boolean video = false;
        for (JsonNode m : p.doc.path("media")) {
            media++;
            video |= "video".equals(m.path("kind").asText());
        }
        return switch (platform) {
            case "instagram", "facebook" -> video ? "reel" : media > 1 ? "carousel" : "feed";
            case "tiktok", "youtube" -> "video";
            case "pinterest" -> "pin";
            case "dribbble" -> "shot";
            case "twitter", "threads", "bluesky", "mastodon" -> p.doc.path("threadParts").size() > 0 ? "thread" : "post";
            default -> "post";
        };
    }

    /** The text's length on each of the post's platforms, as published there (override and hashtags included). */
    static List<ReviewView.Limit> limits(Post p) {
        List<ReviewView.Limit> out = new ArrayList<>();
        ContentCheck.Draft draft = p.draft();
        for (String name : p.platforms()) {
            Platform platform = Platforms.find(name).orElse(null);
            if (platform == null) {
                continue;
            }
            int length = ContentCheck.length(platform, ContentCheck.compose(draft, platform));
            out.add(new ReviewView.Limit(platform.name(), platformLabel(platform.name()), length, platform.maxCharacters(),
                    length > platform.maxCharacters()));
        }
        return out;
    }

    /** A media item's preview entry: {@code src} under the page's path when there is a preview, else null. */
    static ReviewView.Media media(String basePath, MediaRef ref, int position) {
        String alt = ref.altText() == null || ref.altText().isBlank() ? (ref.video() ? "Video " : "Image ") + position + " of the post"
                : ref.altText();
        String src = MediaPreviews.previewable(ref) ? basePath + "/media/" + ref.id() : null;
        return new ReviewView.Media(ref.id(), ref.kind(), src, alt, ref.width(), ref.height());
    }

    /**
     * A stored comment as the page shows it: the approver's own by their name, anything else by role, never a key id;
     * null for what the approver should not see (the agency's internal QA rejection notes).
     */
    static ReviewView.Comment comment(ObjectNode c, ReviewSession session) {
        if ("qa_rejection".equals(c.path("kind").asText())) {
            return null;
        }
        String author = session.linkId().equals(c.path("userId").asText()) ? session.approverName()
                : "client".equals(c.path("userRole").asText()) ? "Client" : "Your agency";
        JsonNode a = c.path("anchor");
        String type = a.isObject() ? a.path("type").asText(null) : null;
        Double x = a.path("x").isNumber() ? a.path("x").asDouble() : null;
        Double y = a.path("y").isNumber() ? a.path("y").asDouble() : null;
        Instant at = parse(c.path("createdAt").asText(null));
        return new ReviewView.Comment(c.path("id").asText(), author, c.path("text").asText(""), type,
                "text".equals(type) ? a.path("text").asText(null) : null, "image".equals(type) ? a.path("mediaId").asText(null) : null,
                x, y, at);
    }

    private static Instant parse(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
