package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.publish.PublishJobs;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.tenants.Tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The review workflow of a post ({@link Workflow}): submit, QA and client approval or rejection (a rejection stores
 * its reason as a review comment and queues the AI rewrite), and the legacy single-stage approval.
 */
public final class ApprovalService {

    private final PostSteps steps;
    private final PostStore posts;
    private final ReviewComments comments;
    private final PublishJobs jobs;
    private final Clock clock;

    public ApprovalService(PostSteps steps, ReviewComments comments, PublishJobs jobs) {
        this.steps = steps;
        this.posts = steps.posts();
        this.comments = comments;
        this.jobs = jobs;
        this.clock = steps.clock();
    }

    public Post submit(Principal who, String tenantId, String postId) {
        Tenant t = steps.tenant(tenantId);
        Post saved = posts.update(tenantId, postId, p -> {
            steps.check(p);
            PostStatus to = Workflow.submit(p.status, PostSteps.policy(t, p), p.scheduledFor != null);
            steps.enter(p, to, "submit", who, null, clock.instant());
        });
        return saved;
    }

    public Post qaApprove(Principal who, String tenantId, String postId) {
        return approve(who, tenantId, postId, true, null);
    }

    public Post clientApprove(Principal who, String tenantId, String postId) {
        return clientApprove(who, tenantId, postId, null);
    }

    /** The client's approval, only while the post is at {@code expectedVersion} (null: any; else 409 when it changed). */
    public Post clientApprove(Principal who, String tenantId, String postId, Long expectedVersion) {
        return approve(who, tenantId, postId, false, expectedVersion);
    }

    /** A review stage's approval, stamped with who approved it at that stage. */
    private Post approve(Principal who, String tenantId, String postId, boolean qa, Long expectedVersion) {
        Tenant t = steps.tenant(tenantId);
        return posts.update(tenantId, postId, expectedVersion, p -> {
            Workflow.Policy policy = PostSteps.policy(t, p);
            PostStatus to = qa ? Workflow.qaApprove(p.status, policy, p.scheduledFor != null)
                    : Workflow.clientApprove(p.status, policy, p.scheduledFor != null);
            Instant now = clock.instant();
            String stage = qa ? "qa" : "client";
            p.approval().put(stage + "ApprovedAt", now.toString()).put(stage + "ApprovedBy", PostSteps.actor(who));
            steps.enter(p, to, stage + "-approve", who, null, now);
        });
    }

    public Post qaReject(Principal who, String tenantId, String postId, ObjectNode body) {
        return reject(who, tenantId, postId, body, true, null);
    }

    public Post clientReject(Principal who, String tenantId, String postId, ObjectNode body) {
        return clientReject(who, tenantId, postId, body, null);
    }

    /** The client's rejection (its reason stored, the rewrite queued), only while the post is at {@code expectedVersion}. */
    public Post clientReject(Principal who, String tenantId, String postId, ObjectNode body, Long expectedVersion) {
        return reject(who, tenantId, postId, body, false, expectedVersion);
    }

    private Post reject(Principal who, String tenantId, String postId, ObjectNode body, boolean qa, Long expectedVersion) {
        PostLimits.requireWithin(PostLimits.tooLong(body, "reason", PostLimits.REASON));
        JsonBody b = new JsonBody(body, Set.of("reason"));
        String reason = b.string("reason", true, 3, PostLimits.REASON).orElse(null);
        b.check();
        steps.tenant(tenantId);
        ObjectNode comment = comments.newComment(who, reason, null, qa ? "qa_rejection" : "client_rejection");
        Post saved = posts.update(tenantId, postId, expectedVersion, p -> {
            PostStatus to = qa ? Workflow.qaReject(p.status) : Workflow.clientReject(p.status);
            ObjectNode a = p.approval();
            a.put("rejectionCount", a.path("rejectionCount").asInt(0) + 1);
            a.put("lastRejectionReason", reason);
            p.doc.put("regenerationRequested", p.doc.path("regenerationCount").asInt(0) + 1);
            steps.transition(p, to, qa ? "qa-reject" : "client-reject", who, reason);
        });
        comments.save(tenantId, postId, comment);
        jobs.regenerate(saved);
        return saved;
    }

    /** Legacy single-stage approval (pending_approval): approve → approved, reject → draft; no regeneration. */
    public Post legacyApprove(Principal who, String tenantId, String postId, ObjectNode body) {
        JsonBody b = new JsonBody(body, Set.of("action"));
        String action = b.oneOf("action", true, Set.of("approve", "reject")).orElse(null);
        b.check();
        return posts.update(tenantId, postId, p -> {
            boolean approve = "approve".equals(action);
            PostStatus to = Workflow.legacyApprove(p.status, approve);
            if (!approve) {
                p.approval().remove(List.of("approvedAt", "approvedBy", "approvedContentHash"));
            }
            steps.transition(p, to, approve ? "approve" : "approve(reject)", who, null);
            if (approve) {
                steps.stampApproval(p, who, clock.instant());
            }
        });
    }

}
