package com.socialwire.shared.social.publishers;

import com.socialwire.shared.social.PlatformPublisher.Outgoing;

/**
 * The title and the body of a post for a platform whose posts have a required title (Reddit, Dribbble): the post's
 * {@code title} and its whole text; without one, the text's first line (cut to the platform's limit) and the rest.
 */
record PostTitle(String title, String body) {

    static PostTitle of(Outgoing post, int maxTitle) {
        String text = post.text() == null ? "" : post.text();
        if (post.title() != null && !post.title().isBlank()) {
            return new PostTitle(clip(post.title().strip(), maxTitle), text);
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        String first = newline < 0 ? stripped : stripped.substring(0, newline).strip();
        String rest = newline < 0 ? "" : stripped.substring(newline + 1).strip();
        String title = clip(first, maxTitle);
        // a first line longer than a title keeps the whole text in the body
        return new PostTitle(title, title.equals(first) ? rest : stripped);
    }

    private static String clip(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
