package com.socialwire.posts.review;

import com.socialwire.posts.review.page.ReviewView;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.Map;

/**
 * What the review page says after an action: a fixed sentence per code (the redirect carries only the code and, for
 * approve-all, two counts), so nothing an approver or an attacker typed is ever shown back.
 */
final class ReviewNotices {

    static final String CHANGED = "changed";

    private static final Map<String, ReviewView.Notice> BY_CODE = Map.ofEntries(
            Map.entry("approved", new ReviewView.Notice("success", "Approved. Thank you!")),
            Map.entry("rejected", new ReviewView.Notice("success", "Sent back with your feedback. The post is being rewritten.")),
            Map.entry("commented", new ReviewView.Notice("success", "Your comment was added.")),
            Map.entry("rescheduled", new ReviewView.Notice("success", "The new time was saved.")),
            Map.entry("published", new ReviewView.Notice("success", "Publishing now.")),
            Map.entry(CHANGED, new ReviewView.Notice("conflict",
                    "This post changed since you opened the page. Reload to see the latest version.")),
            Map.entry("not-allowed", new ReviewView.Notice("error",
                    "This post can no longer be changed that way. Reload to see where it stands.")),
            Map.entry("reason", new ReviewView.Notice("error", "Please say in a few words (at least 3 characters) what should change.")),
            Map.entry("comment", new ReviewView.Notice("error", "Please write a comment first.")),
            Map.entry("time", new ReviewView.Notice("error", "Please pick a date and time in the future.")),
            Map.entry("credits", new ReviewView.Notice("error", "Publishing is not possible right now. Please ask your agency.")),
            Map.entry("busy", new ReviewView.Notice("error", "Still working on that. Reload the page in a moment.")),
            Map.entry("resent", new ReviewView.Notice("error", "That form was already sent. Reload the page to send something new.")),
            Map.entry("invalid", new ReviewView.Notice("error", "That form was incomplete. Reload the page and try again.")),
            Map.entry("unavailable", new ReviewView.Notice("error", "Something is busy on our side. Please try again in a minute.")),
            Map.entry("error", new ReviewView.Notice("error", "That did not work. Please try again, or ask your agency.")));

    private ReviewNotices() {
    }

    /** The notice of {@code code} (null for none or a code we never send); approve-all's from its counts. */
    static ReviewView.Notice of(String code, String approved, String changed) {
        if (code == null) {
            return null;
        }
        if (code.equals("approved-all")) {
            int a = count(approved);
            int c = count(changed);
            String text = (a == 1 ? "Approved 1 post." : "Approved " + a + " posts.")
                    + (c == 0 ? "" : " " + (c == 1 ? "1 post" : c + " posts")
                    + " changed since you opened the page. Reload to see the latest version.");
            return new ReviewView.Notice(c == 0 ? "success" : "conflict", text);
        }
        return BY_CODE.get(code);
    }

    /** A count from the query: digits only, at most 3 of them (a campaign's approve-all is bounded), else 0. */
    static int count(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 3 || !raw.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return 0;
        }
        return Integer.parseInt(raw);
    }

    /** The notice code of a failed action: a stale version is "changed", each other failure its fixed sentence. */
    static String forFailure(String action, ApiException e) {
        ErrorCode code = e.code();
        if (code == ErrorCode.CONFLICT && e.details().containsKey("expectedVersion")) {
            return CHANGED;
        }
        return switch (code) {
            case INVALID_TRANSITION, CONFLICT -> "not-allowed";
            case NOT_FOUND -> CHANGED;
            case VALIDATION_ERROR -> switch (action) {
                case "reject" -> "reason";
                case "comment" -> "comment";
                case "reschedule" -> "time";
                default -> "invalid";
            };
            case INSUFFICIENT_CREDITS -> "credits";
            case PROVIDER_UNAVAILABLE, RATE_LIMITED -> "unavailable";
            default -> "error";
        };
    }
}
