package com.socialwire.reads.provider;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one paging rule, over an in-memory provider that misbehaves the ways real ones do. */
class CommentPagingTest {

    static InstagramComment c(String id, Long replyCount, InstagramComment... previews) {
        return new InstagramComment(id, null, "text " + id, null, null, null, replyCount, null, List.of(previews));
    }

    static InstagramComment r(String parent, String id) {
        return new InstagramComment(id, parent, "reply " + id, null, null, null, null, null, List.of());
    }

    /** A provider with {@code total} comments in pages of {@code size}; {@code stuckAt}: the page whose cursor never moves. */
    static final class Pages implements CommentPaging.Source {
        final int total;
        final int size;
        final int stuckAt;
        int calls;
        int replyCalls;

        Pages(int total, int size, int stuckAt) {
            this.total = total;
            this.size = size;
            this.stuckAt = stuckAt;
        }

        @Override
        public ReadResult<CommentPaging.Page> comments(String cursor) {
            calls++;
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            List<InstagramComment> items = new ArrayList<>();
            for (int i = from; i < Math.min(total, from + size); i++) {
                items.add(c("c" + i, null));
            }
            String next = from + size < total ? Integer.toString(from / size == stuckAt ? from : from + size) : null;
            return new ReadResult.Ok<>(new CommentPaging.Page(items, next, null), null, null, null);
        }

        @Override
        public ReadResult<CommentPaging.Page> replies(String commentId, String cursor) {
            replyCalls++;
            return new ReadResult.Ok<>(new CommentPaging.Page(List.of(r(commentId, commentId + "-r" + replyCalls)),
                    "more" + replyCalls, null), null, null, null);
        }
    }

    @Test
    void aCursorThatNeverMovesEndsTheReadAsTruncated() {
        Pages p = new Pages(300, 50, 1);
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, CommentPaging.collect("X", 300, false, p));
        assertEquals(100, ok.value().comments().size());
        assertTrue(ok.value().truncated());
        assertEquals(2, p.calls, "a cursor seen before is not followed");
        assertTrue(ok.value().notes().stream().anyMatch(n -> n.contains("repeated a page")), ok.value().notes().toString());
    }

    @Test
    void theLimitIsNeverExceededWhateverThePageSize() {
        for (int size : new int[]{1, 7, 15, 33, 50, 100, 501}) {
            Pages p = new Pages(1_000, size, -1);
            ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, CommentPaging.collect("X", 100, false, p));
            assertEquals(size == 1 ? CommentPaging.MAX_PAGES : 100, ok.value().comments().size(), "page size " + size);
            assertEquals(size == 1, ok.value().truncated(), "page size " + size);
        }
    }

    /** The Graph API gives no reply count: a comment whose nested replies continue is read until its pages end or the budget does. */
    @Test
    void repliesWithoutACountStopAtTheBudgetAndSaySo() {
        CommentPaging.Source endless = new CommentPaging.Source() {
            int n;

            @Override
            public ReadResult<CommentPaging.Page> comments(String cursor) {
                return new ReadResult.Ok<>(new CommentPaging.Page(List.of(c("a", null), c("b", null)), null, null, Set.of("a")), null, null, null);
            }

            @Override
            public ReadResult<CommentPaging.Page> replies(String commentId, String cursor) {
                n++;
                return new ReadResult.Ok<>(new CommentPaging.Page(List.of(r(commentId, "r" + n)), "next" + n, null), null, null, null);
            }
        };
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, CommentPaging.collect("X", 20, true, endless));
        CommentsRead read = ok.value();
        assertEquals(CommentPaging.MIN_REPLY_CALLS, read.comments().get(0).replies().size());
        assertTrue(read.comments().get(1).replies().isEmpty());
        assertTrue(read.truncated(), "replies were cut");
        assertTrue(read.notes().stream().anyMatch(n -> n.contains("Replies of 1 comments were not read")), read.notes().toString());
    }

    @Test
    void previewRepliesAreDroppedWhenRepliesAreNotAsked() {
        CommentPaging.Source one = new CommentPaging.Source() {
            @Override
            public ReadResult<CommentPaging.Page> comments(String cursor) {
                return new ReadResult.Ok<>(new CommentPaging.Page(List.of(c("a", 2L, r("a", "a1"))), null, null), null, null, null);
            }

            @Override
            public ReadResult<CommentPaging.Page> replies(String commentId, String cursor) {
                throw new AssertionError("not asked");
            }
        };
        ReadResult.Ok<CommentsRead> ok = assertInstanceOf(ReadResult.Ok.class, CommentPaging.collect("X", 20, false, one));
        assertTrue(ok.value().comments().get(0).replies().isEmpty());
        assertFalse(ok.value().truncated());
        assertEquals(1, ok.resultCount());
    }
}
