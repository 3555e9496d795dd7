package com.socialwire.engagement.moderation;

import java.util.List;

/**
 * The outcome of {@link Moderator#assess}.
 *
 * <p>action: {@code "reply"} | {@code "hide"} | {@code "escalate"} | {@code "ignore"}; sentiment:
 * {@code "positive"} | {@code "neutral"} | {@code "negative"}; priority: {@code "low"} | {@code "normal"} |
 * {@code "high"} | {@code "urgent"}. {@code flags} and {@code noGoMatches} are unmodifiable ({@code null} becomes
 * empty). See {@link Moderator} for the rules that fill these fields.
 */
public record ModerationResult(boolean allowed, Scores scores, List<String> flags, String action, String reason,
                               String sentiment, String priority, List<String> noGoMatches, boolean question) {

    public ModerationResult {
        flags = flags == null ? List.of() : List.copyOf(flags);
        noGoMatches = noGoMatches == null ? List.of() : List.copyOf(noGoMatches);
    }
}
