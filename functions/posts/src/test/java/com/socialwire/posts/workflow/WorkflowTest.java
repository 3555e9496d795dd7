package com.socialwire.posts.workflow;

import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.workflow.Workflow.Policy;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static com.socialwire.posts.model.PostStatus.*;
import static com.socialwire.posts.workflow.Workflow.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The seed's approval diagram, transition by transition, for every combination of the two approval
 * settings and the three delivery modes, with and without a scheduled date; and every action from
 * every status the diagram does not allow → 409 INVALID_TRANSITION.
 */
class WorkflowTest {

    static final List<String> MODES = List.of("auto_publish", "download_only", "both");

    static List<Policy> policies() {
        List<Policy> out = new ArrayList<>();
        for (boolean qa : List.of(false, true)) {
            for (boolean client : List.of(false, true)) {
                for (String mode : MODES) {
                    out.add(new Policy(qa, client, mode));
                }
            }
        }
        return out;
    }

    /** What final approval must lead to, straight from the seed's client-approve branch. */
    static PostStatus expectedFinal(Policy p, boolean dated) {
        if (p.deliveryMode().equals("download_only")) {
            return VAULTED;
        }
        return dated ? SCHEDULED : APPROVED;
    }

    @TestFactory
    List<DynamicTest> everyTransitionOfTheDiagramForEveryPolicy() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Policy p : policies()) {
            for (boolean dated : List.of(true, false)) {
                String name = "qa=" + p.qa() + " client=" + p.client() + " mode=" + p.deliveryMode() + (dated ? " dated" : " undated");
                tests.add(DynamicTest.dynamicTest(name, () -> walk(p, dated)));
            }
        }
        return tests;
    }

    static void walk(Policy p, boolean dated) {
        PostStatus fin = expectedFinal(p, dated);
        // draft -- submit --> first stage
        PostStatus afterSubmit = submit(DRAFT, p, dated);
        assertEquals(p.qa() ? QA_REVIEW : p.client() ? CLIENT_REVIEW : fin, afterSubmit);
        if (p.qa()) {
            // qa_review -- qa-approve --> client_review | final
            assertEquals(p.client() ? CLIENT_REVIEW : fin, qaApprove(QA_REVIEW, p, dated));
            // qa_review -- qa-reject --> regenerating -- done --> qa_review
            assertEquals(REGENERATING, qaReject(QA_REVIEW));
        }
        if (p.client() || p.qa()) {
            // client_review -- client-approve --> scheduled | vaulted | approved
            assertEquals(fin, clientApprove(CLIENT_REVIEW, p, dated));
            assertEquals(REGENERATING, clientReject(CLIENT_REVIEW));
        }
        assertEquals(QA_REVIEW, regenerated(REGENERATING));
        // manual regenerate from every review status
        for (PostStatus s : List.of(QA_REVIEW, CLIENT_REVIEW, PENDING_APPROVAL)) {
            assertEquals(REGENERATING, regenerate(s));
        }
        // legacy single stage
        assertEquals(APPROVED, legacyApprove(PENDING_APPROVAL, true));
        assertEquals(DRAFT, legacyApprove(PENDING_APPROVAL, false));
        assertEquals(PENDING_APPROVAL, legacyStatus(DRAFT, "pending_approval"));
        // scheduling and publishing
        if (p.deliveryMode().equals("download_only")) {
            invalid(() -> reschedule(APPROVED, p));
            invalid(() -> publishNow(APPROVED, p));
        } else {
            assertEquals(SCHEDULED, reschedule(APPROVED, p));
            assertEquals(SCHEDULED, reschedule(SCHEDULED, p));
            for (PostStatus s : List.of(APPROVED, SCHEDULED, FAILED, PARTIALLY_PUBLISHED)) {
                assertEquals(PUBLISHING, publishNow(s, p));
            }
            if (p.needsApproval()) {
                invalid(() -> publishNow(DRAFT, p)); // approval cannot be skipped by publishing
            } else {
                assertEquals(PUBLISHING, publishNow(DRAFT, p));
            }
        }
        // approval is bound to the content: an edit of approved content goes back to review
        for (PostStatus s : List.of(CLIENT_REVIEW, APPROVED, SCHEDULED, VAULTED, FAILED)) {
            PostStatus after = afterEdit(s, p, true, dated);
            if (p.needsApproval()) {
                assertEquals(p.firstReview(), after, s.wire());
            }
        }
        assertEquals(QA_REVIEW, afterEdit(QA_REVIEW, p, true, dated));
        assertEquals(DRAFT, afterEdit(DRAFT, p, true, dated));
        // cancel from anything but the publish outcome
        for (PostStatus s : PostStatus.values()) {
            if (Set.of(PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED).contains(s)) {
                invalid(() -> cancel(s));
            } else {
                assertEquals(CANCELLED, cancel(s));
            }
        }
    }

    @TestFactory
    List<DynamicTest> everyActionFromAStatusTheDiagramDoesNotAllowIs409() {
        Policy p = new Policy(true, true, "auto_publish");
        Map<String, Function<PostStatus, ?>> actions = new LinkedHashMap<>();
        actions.put("submit", s -> submit(s, p, true));
        actions.put("qa-approve", s -> qaApprove(s, p, true));
        actions.put("qa-reject", Workflow::qaReject);
        actions.put("client-approve", s -> clientApprove(s, p, true));
        actions.put("client-reject", Workflow::clientReject);
        actions.put("regenerate", Workflow::regenerate);
        actions.put("regeneration-complete", Workflow::regenerated);
        actions.put("approve", s -> legacyApprove(s, true));
        actions.put("reschedule", s -> reschedule(s, p));
        actions.put("publish", s -> publishNow(s, p));
        Map<String, Set<PostStatus>> allowed = Map.of(
                "submit", Set.of(DRAFT),
                "qa-approve", Set.of(QA_REVIEW),
                "qa-reject", Set.of(QA_REVIEW),
                "client-approve", Set.of(CLIENT_REVIEW, PENDING_APPROVAL),
                "client-reject", Set.of(CLIENT_REVIEW, PENDING_APPROVAL),
                "regenerate", Set.of(QA_REVIEW, CLIENT_REVIEW, PENDING_APPROVAL),
                "regeneration-complete", Set.of(REGENERATING),
                "approve", Set.of(PENDING_APPROVAL),
                "reschedule", Set.of(APPROVED, SCHEDULED, FAILED),
                "publish", Set.of(APPROVED, SCHEDULED, FAILED, PARTIALLY_PUBLISHED));
        List<DynamicTest> tests = new ArrayList<>();
        for (var a : actions.entrySet()) {
            for (PostStatus s : PostStatus.values()) {
                tests.add(DynamicTest.dynamicTest(a.getKey() + " from " + s, () -> {
                    if (allowed.get(a.getKey()).contains(s)) {
                        a.getValue().apply(s);
                    } else {
                        invalid(() -> a.getValue().apply(s));
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void thePostsOwnFlagOverridesTheTenant() {
        var settings = new com.socialwire.shared.tenants.TenantSettings(true, true, "auto_publish", null, false, false, "hide", "escalate");
        Policy skip = Policy.of(settings, false);
        assertEquals(SCHEDULED, submit(DRAFT, skip, true));
        var none = new com.socialwire.shared.tenants.TenantSettings(false, false, "both", null, false, false, "hide", "escalate");
        assertEquals(QA_REVIEW, submit(DRAFT, Policy.of(none, true), true));
        assertEquals(APPROVED, submit(DRAFT, Policy.of(none, null), false));
    }

    @Test
    void updatesCannotSetWorkflowStatuses() {
        for (PostStatus s : List.of(APPROVED, SCHEDULED, PUBLISHED, VAULTED, QA_REVIEW)) {
            invalid(() -> legacyStatus(DRAFT, s.wire()));
        }
        invalid(() -> afterEdit(PUBLISHED, new Policy(false, false, "auto_publish"), true, true));
        invalid(() -> afterEdit(REGENERATING, new Policy(false, false, "auto_publish"), true, true));
    }

    static void invalid(Runnable r) {
        ApiException e = assertThrows(ApiException.class, r::run);
        assertEquals(ErrorCode.INVALID_TRANSITION, e.code());
        assertEquals(409, e.status());
    }
}
