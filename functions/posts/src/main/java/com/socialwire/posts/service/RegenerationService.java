package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.regen.Regenerator;
import com.socialwire.posts.store.CommentStore;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.Ids;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.tenants.Tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The AI rewrite of a post in review: the manual (synchronous, paid) route and the content worker's job, both ending
 * back in qa_review with the new text, or the old one and the reason.
 */
public final class RegenerationService {

    private final PostSteps steps;
    private final PostStore posts;
    private final CommentStore comments;
    /** The LLM clients, price table and metering behind it are built by the first regeneration, not with the handler. */
    private final Supplier<Regenerator> regenerator;
    private final Clock clock;

    public RegenerationService(PostSteps steps, CommentStore comments, Supplier<Regenerator> regenerator) {
        this.steps = steps;
        this.posts = steps.posts();
        this.comments = comments;
        this.regenerator = regenerator;
        this.clock = steps.clock();
    }

    /** Manual regeneration (synchronous, paid): rewrites the post from its open feedback and returns it to qa_review. */
    public Map<String, Object> regenerate(Principal who, String tenantId, String postId) {
        Tenant t = steps.tenant(tenantId);
        Post before = posts.require(tenantId, postId);
        Workflow.regenerate(before.status);
        Post p = posts.update(tenantId, postId, x -> steps.transition(x, Workflow.regenerate(x.status), "regenerate", who, null));
        RegenerationResult r = applyRegeneration(t, p, "regen:" + p.id + ":manual:" + Ids.base62(10), who);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.post().id);
        out.put("status", r.post().status.wire());
        out.put("regenerationCount", r.post().doc.path("regenerationCount").asInt());
        out.put("oldText", r.oldText());
        out.put("newText", r.post().text());
        out.put("feedbackUsed", r.feedbackUsed());
        out.put("offlineGenerator", regenerator.get().llm().offline());
        out.put("usage", r.usage());
        if (r.error() != null) {
            out.put("error", r.error());
        }
        out.put("post", r.post().toJson());
        if (r.status() != 0) {
            throw new ApiException(r.status() == 402 ? ErrorCode.INSUFFICIENT_CREDITS : ErrorCode.PROVIDER_UNAVAILABLE, r.status(), r.error(),
                    Map.of("postId", postId, "status", r.post().status.wire()), Map.of());
        }
        return out;
    }

    /** What one regeneration did. {@code status} is non-zero when the API should answer an error (402/503). */
    public record RegenerationResult(Post post, String oldText, int feedbackUsed, Usage usage, String error, int status) {
    }

    /**
     * Runs a regeneration of a post in {@code regenerating} and moves it back to qa_review, with
     * the rewritten text (or the old text and the reason when it could not be rewritten). Used by
     * the manual route and the content worker. Throws {@link com.socialwire.shared.jobs.RetryLater}
     * when the model is unavailable and {@code who} is the worker.
     */
    public RegenerationResult applyRegeneration(Tenant t, Post p, String operationId, Principal who) {
        return applyRegeneration(t, p, operationId, who, false);
    }

    /**
     * As above; on the worker's {@code lastAttempt} (the job's last receive before its DLQ) an
     * unavailable model ends the regeneration with the reason instead of retrying, so the post never
     * stays {@code regenerating}.
     */
    public RegenerationResult applyRegeneration(Tenant t, Post p, String operationId, Principal who, boolean lastAttempt) {
        List<ObjectNode> open = comments.all(p.tenantId, p.id).stream().filter(c -> !c.path("agentPickedUp").asBoolean(false)).toList();
        List<String> feedback = new ArrayList<>();
        for (ObjectNode c : open) {
            String anchor = c.path("anchor").path("type").asText("");
            String where = "text".equals(anchor) ? " (about: \"" + c.path("anchor").path("text").asText() + "\")"
                    : "image".equals(anchor) ? " (about " + imagePoint(c.path("anchor")) + ")" : "";
            feedback.add(c.path("kind").asText("comment").replace('_', ' ') + ": " + c.path("text").asText() + where);
        }
        int max = p.platforms().stream().map(Platforms::find).flatMap(Optional::stream).mapToInt(Platform::maxCharacters).min().orElse(2200);
        String oldText = p.text();
        Regenerator.Outcome outcome = regenerator.get().run(t, p, feedback, max, operationId);
        if (outcome instanceof Regenerator.Outcome.Unavailable u) {
            if (who == null && !lastAttempt) {
                throw new com.socialwire.shared.jobs.RetryLater("model unavailable: " + u.message());
            }
        }
        Instant now = clock.instant();
        String[] error = {null};
        int[] status = {0};
        Usage[] usage = {null};
        Post saved = posts.update(p.tenantId, p.id, x -> {
            if (x.status != PostStatus.REGENERATING) {
                return;
            }
            ObjectNode last = x.doc.putObject("lastRegeneration");
            last.put("at", now.toString());
            // what the rewrite started from, bounded: the item must not grow with the feedback's length
            last.put("oldText", PostLimits.clip(oldText, PostLimits.REASON));
            ArrayNode used = last.putArray("feedbackUsed");
            feedback.stream().limit(PostLimits.FEEDBACK_KEPT).forEach(f -> used.add(PostLimits.clip(f, PostLimits.HISTORY_REASON)));
            if (feedback.size() > PostLimits.FEEDBACK_KEPT) {
                last.put("feedbackLeftOut", feedback.size() - PostLimits.FEEDBACK_KEPT);
            }
            switch (outcome) {
                case Regenerator.Outcome.Rewritten r -> {
                    x.text(r.text());
                    if (PostLimits.bytes(x.doc) > PostLimits.DOC_BYTES) {
                        // a save would be refused and the post stay regenerating: keep the old text
                        x.text(oldText);
                        error[0] = "the rewrite is too long to store; the text is unchanged";
                    }
                    x.doc.put("regenerationCount", x.doc.path("regenerationCount").asInt(0) + 1);
                    last.put("model", r.model());
                    last.put("offlineGenerator", r.offline());
                    usage[0] = r.usage();
                }
                case Regenerator.Outcome.NoCredits n -> {
                    error[0] = "not enough credits to regenerate (" + n.requiredMicroCredits() + " micro-credits needed); the text is unchanged";
                    status[0] = 402;
                }
                case Regenerator.Outcome.BudgetSpent b -> error[0] = "the tenant's daily LLM budget is spent; the text is unchanged";
                case Regenerator.Outcome.Unavailable u -> {
                    error[0] = "the model is unavailable; the text is unchanged";
                    status[0] = 503;
                }
                case Regenerator.Outcome.Failed f -> {
                    error[0] = f.message() + "; the text is unchanged";
                    usage[0] = f.usage();
                }
            }
            if (error[0] != null) {
                last.put("error", error[0]);
            }
            steps.transition(x, Workflow.regenerated(x.status), "regeneration-complete", who, error[0]);
        });
        if (outcome instanceof Regenerator.Outcome.Rewritten) {
            for (ObjectNode c : open) {
                c.put("agentPickedUp", true);
                c.put("agentPickedUpAt", now.toString());
                comments.put(p.tenantId, p.id, c);
            }
        }
        return new RegenerationResult(saved, oldText, feedback.size(), usage[0], error[0], status[0]);
    }

    /** "an image", or where on it the reviewer pointed: "the point 25% across and 75% down an image". */
    static String imagePoint(com.fasterxml.jackson.databind.JsonNode anchor) {
        if (!anchor.path("x").isNumber() || !anchor.path("y").isNumber()) {
            return "an image";
        }
        return "the point " + Math.round(anchor.path("x").asDouble() * 100) + "% across and " + Math.round(anchor.path("y").asDouble() * 100)
                + "% down an image";
    }
}
