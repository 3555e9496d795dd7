package com.socialwire.engagement.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the tenant wants done with risky content.
 *
 * <p>{@code spamAction}: {@code "hide"} | {@code "ignore"}; {@code noGoAction}: {@code "escalate"} |
 * {@code "safe_reply"}.
 *
 * <p>The constructor never throws: it normalises its input so that a badly stored tenant setting cannot fail a
 * worker. A {@code null} topic list becomes empty; {@code null}/blank topics are dropped and the rest trimmed; the
 * actions are compared case-insensitively and anything unrecognised falls back to the cautious default
 * ({@code "hide"} for spam, {@code "escalate"} for no-go topics; {@code "safe-reply"} is accepted as
 * {@code "safe_reply"}). The accessors return the normalised values and the list is unmodifiable.
 */
public record ModerationPolicy(List<String> noGoTopics, String spamAction, String noGoAction) {

    public static final ModerationPolicy NONE = new ModerationPolicy(List.of(), "hide", "escalate");

    public ModerationPolicy {
        List<String> topics = new ArrayList<>();
        if (noGoTopics != null) {
            for (String t : noGoTopics) {
                if (t != null && !t.isBlank()) {
                    topics.add(t.strip());
                }
            }
        }
        noGoTopics = List.copyOf(topics);
        spamAction = "ignore".equals(key(spamAction)) ? "ignore" : "hide";
        String n = key(noGoAction);
        noGoAction = "safe_reply".equals(n) || "safe-reply".equals(n) ? "safe_reply" : "escalate";
    }

    private static String key(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
