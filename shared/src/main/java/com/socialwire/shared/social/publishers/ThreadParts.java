package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What the publishers that post a thread one call per part (X, Mastodon) share: the parts in order, the parts a
 * reconciliation found (kept in the delivery's state as {@code posted}, so publishing goes on after them), and what
 * a failure after the first part means.
 */
final class ThreadParts {

    private ThreadParts() {
    }

    /** The post's first part and the further parts of its thread, in order. */
    static List<String> texts(Outgoing post) {
        List<String> texts = new ArrayList<>(post.parts().size() + 1);
        texts.add(post.text());
        texts.addAll(post.parts());
        return texts;
    }

    /** The ids of the parts already posted, as a reconciliation recorded them ({@code posted}), in order. */
    static List<String> posted(ObjectNode state) {
        List<String> ids = new ArrayList<>();
        state.path("posted").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** {@link Reconciled.Partial}: {@code state} with the ids of the parts that exist. */
    static PlatformResult<Reconciled> partial(ObjectNode state, List<String> made) {
        ObjectNode next = state.deepCopy();
        ArrayNode posted = next.putArray("posted");
        made.forEach(posted::add);
        return new PlatformResult.Ok<>(new Reconciled.Partial(next));
    }

    /**
     * Part {@code k} (from 0) failed after the parts before it were posted. A token refused now is reported as an
     * unknown outcome, so that the delivery reconciles (and ends needs_review, the account reconnect_required) rather
     * than failing and being published again from the first part; a refusal of the part itself says what exists.
     */
    static PlatformResult<Published> stoppedAt(String platformName, int k, String root, PlatformResult<?> failed) {
        return switch (failed) {
            case PlatformResult.AuthFailed<?> a -> new PlatformResult.Unknown<>(platformName + " refused the token at part " + (k + 1)
                    + " of a thread whose first " + k + " parts were posted (" + root + ")");
            case PlatformResult.Rejected<?> r -> new PlatformResult.Rejected<>(r.httpStatus(), r.code(), platformName + " refused part "
                    + (k + 1) + " of the thread; its first " + k + " parts were posted (" + root + "): " + r.message());
            default -> failed.failure();
        };
    }
}
