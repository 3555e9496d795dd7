package com.socialwire.reads.model;

import java.util.List;

/**
 * The comments of one media as the provider gave them. {@code truncated}: fewer than asked for came back, or the
 * provider ordered or sampled them in a way the API cannot verify ({@code notes} say how).
 */
public record CommentsRead(String shortcode, List<InstagramComment> comments, int requested, boolean includeReplies,
                           boolean truncated, List<String> notes) {

    public CommentsRead {
        comments = comments == null ? List.of() : List.copyOf(comments);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
