package com.socialwire.reads.provider;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a media's comments page by page with the provider's cursor until {@code limit} top-level comments or the end,
 * then (when asked) each comment's replies until it has them all or {@code limit} replies were read in all — the one
 * paging rule of every read provider. A page repeated, a provider failing after the first page or a call budget spent
 * ends the read early: what came back is kept, {@code truncated} and the notes say what is missing.
 */
final class CommentPaging {

    /**
     * One page: its comments (with the reply previews the provider gave), the next cursor (null: the end), the total
     * shown, and the ids of comments whose replies go on past their previews when the provider gives no reply count
     * (the Graph API's nested {@code replies} with a {@code paging.next}).
     */
    record Page(List<InstagramComment> items, String nextCursor, Long total, Set<String> repliesContinue) {
        Page {
            items = items == null ? List.of() : List.copyOf(items);
            repliesContinue = repliesContinue == null ? Set.of() : Set.copyOf(repliesContinue);
        }

        Page(List<InstagramComment> items, String nextCursor, Long total) {
            this(items, nextCursor, total, Set.of());
        }
    }

    /** Where pages come from. */
    interface Source {
        /** A page of top-level comments after {@code cursor} (null: the first). */
        ReadResult<Page> comments(String cursor);

        /** A page of the replies to {@code commentId} after {@code cursor} (null: the first). */
        ReadResult<Page> replies(String commentId, String cursor);
    }

    static final String ORDER_NOTE = "Comments are in the provider's order (Instagram's ranking); newest-first is not guaranteed.";
    /** The most top-level pages one read asks for (500 comments at Instagram's smallest pages of 15 need 34). */
    static final int MAX_PAGES = 40;
    /** The fewest reply pages one read may ask for; a larger read may ask for a quarter of its limit (125 for 500). */
    static final int MIN_REPLY_CALLS = 20;

    private CommentPaging() {
    }

    static ReadResult<CommentsRead> collect(String shortcode, int limit, boolean includeReplies, Source source) {
        Map<String, InstagramComment> kept = new LinkedHashMap<>();
        Set<String> continued = new HashSet<>();
        List<String> notes = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        Long total = null;
        boolean ended = false;
        int pages = 0;
        while (kept.size() < limit) {
            if (pages >= MAX_PAGES) {
                notes.add("Stopped after " + MAX_PAGES + " provider pages.");
                break;
            }
            ReadResult<Page> r = source.comments(cursor);
            pages++;
            if (!(r instanceof ReadResult.Ok<Page> ok)) {
                if (pages == 1) {
                    return r.failure();
                }
                notes.add("The provider failed after " + kept.size() + " comments (" + kind(r) + "); the rest are missing.");
                break;
            }
            Page page = ok.value();
            if (total == null) {
                total = page.total();
            }
            continued.addAll(page.repliesContinue());
            for (InstagramComment c : page.items()) {
                if (kept.size() >= limit) {
                    break;
                }
                kept.putIfAbsent(c.id(), c);
            }
            if (page.nextCursor() == null) {
                ended = true;
                break;
            }
            if (page.items().isEmpty() || !cursors.add(page.nextCursor())) {
                notes.add("The provider repeated a page or sent an empty one; paging stopped there.");
                break;
            }
            cursor = page.nextCursor();
        }
        Replies replies = includeReplies ? readReplies(kept, continued, limit, source, notes) : new Replies(stripReplies(kept), 0, 0);
        int got = kept.size();
        // the post's own count holds replies too: what it shows beyond the top-level comments and their counted replies
        // is what a provider that ended its pages did not give (give or take hidden and deleted ones: 5%, at least 2)
        long counted = got;
        for (InstagramComment c : kept.values()) {
            counted += c.replyCount() == null ? 0 : c.replyCount();
        }
        boolean endedEarly = ended && total != null && total > counted + Math.max(2, total / 20);
        boolean fewer = got < limit && (!ended || endedEarly);
        if (fewer) {
            notes.add(0, got + " of the " + limit + " comments asked for came back" + (total == null ? "" : "; the post shows " + total)
                    + (endedEarly ? " and the provider had no more pages" : "") + ".");
        }
        notes.add(ORDER_NOTE);
        boolean truncated = fewer || replies.missing() > 0;
        CommentsRead read = new CommentsRead(shortcode, replies.comments(), limit, includeReplies, truncated, notes);
        return new ReadResult.Ok<>(read, "comments", got + replies.count(), truncated ? notes.subList(0, notes.size() - 1) : List.of());
    }

    private record Replies(List<InstagramComment> comments, int count, long missing) {
    }

    private static List<InstagramComment> stripReplies(Map<String, InstagramComment> kept) {
        List<InstagramComment> out = new ArrayList<>(kept.size());
        for (InstagramComment c : kept.values()) {
            out.add(c.replies().isEmpty() ? c : withReplies(c, List.of()));
        }
        return out;
    }

    private static Replies readReplies(Map<String, InstagramComment> kept, Set<String> continued, int budget, Source source,
                                       List<String> notes) {
        List<InstagramComment> out = new ArrayList<>(kept.size());
        int maxCalls = replyCalls(budget);
        int total = 0;
        int calls = 0;
        long missing = 0;
        int cutUncounted = 0;
        boolean failed = false;
        for (InstagramComment c : kept.values()) {
            Map<String, InstagramComment> replies = new LinkedHashMap<>();
            for (InstagramComment r : c.replies()) {
                replies.putIfAbsent(r.id(), r);
            }
            boolean more = continued.contains(c.id()) || (c.replyCount() != null && c.replyCount() > replies.size());
            boolean cut = false;
            String cursor = null;
            while (more) {
                if (failed || total + replies.size() >= budget || calls >= maxCalls) {
                    cut = true;
                    break;
                }
                ReadResult<Page> r = source.replies(c.id(), cursor);
                calls++;
                if (!(r instanceof ReadResult.Ok<Page> ok)) {
                    failed = true;
                    cut = true;
                    notes.add("The provider failed reading replies (" + kind(r) + "); later replies are missing.");
                    break;
                }
                int before = replies.size();
                for (InstagramComment reply : ok.value().items()) {
                    replies.putIfAbsent(reply.id(), reply);
                }
                cursor = ok.value().nextCursor();
                more = cursor != null && replies.size() > before && (c.replyCount() == null || replies.size() < c.replyCount());
            }
            List<InstagramComment> list = new ArrayList<>(replies.values());
            if (total + list.size() > budget) {
                list = list.subList(0, Math.max(0, budget - total));
                cut = true;
            }
            total += list.size();
            if (c.replyCount() != null) {
                missing += Math.max(0, c.replyCount() - list.size());
            } else if (cut) {
                cutUncounted++;
            }
            out.add(withReplies(c, list));
        }
        if (missing > 0 || cutUncounted > 0) {
            notes.add((missing > 0 ? missing + " replies" : "Replies of " + cutUncounted + " comments") + " were not read (at most "
                    + budget + " replies and " + maxCalls + " reply pages per read).");
        }
        return new Replies(out, total, missing + cutUncounted);
    }

    /** How many reply pages a read of {@code limit} comments may ask for. */
    static int replyCalls(int limit) {
        return Math.max(MIN_REPLY_CALLS, limit / 4);
    }

    private static InstagramComment withReplies(InstagramComment c, List<InstagramComment> replies) {
        return new InstagramComment(c.id(), c.parentId(), c.text(), c.owner(), c.timestamp(), c.likeCount(), c.replyCount(),
                c.permalink(), replies);
    }

    private static String kind(ReadResult<?> r) {
        return switch (r) {
            case ReadResult.NotFound<?> n -> "not found";
            case ReadResult.RateLimited<?> l -> "rate limited";
            case ReadResult.Unavailable<?> u -> "unavailable";
            case ReadResult.Ok<?> ok -> "ok";
        };
    }
}
