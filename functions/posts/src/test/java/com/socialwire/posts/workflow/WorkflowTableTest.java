package com.socialwire.posts.workflow;

import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one transition table ({@link Workflow#TABLE}) walked row by row: every move it allows is accepted and recorded,
 * a seeded sample of the starts it does not allow is refused with the API's 409 (same message and details as before
 * the table), and no main code changes or compares a post's status outside it.
 */
class WorkflowTableTest {

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    static Post post(PostStatus status) {
        return new Post("post_x", "tnt_x", "acct_x", AT, status, 1, null, AT, Json.object(), Json.object(), List.of());
    }

    @Test
    void everyTransitionTheTableAllowsIsAcceptedAndRecorded() {
        int moves = 0;
        for (Workflow.Transition t : Workflow.TABLE.values()) {
            for (PostStatus from : t.from()) {
                for (PostStatus to : t.to()) {
                    Post p = post(from);
                    Workflow.move(p, t.action(), to, "test", "why", AT.plusSeconds(1));
                    assertEquals(to, p.status, t.action() + " " + from + " → " + to);
                    assertEquals(AT.plusSeconds(1), p.updatedAt);
                    var h = p.history.get(p.history.size() - 1);
                    assertEquals(t.action(), h.path("action").asText());
                    assertEquals(from.wire(), h.path("from").asText());
                    assertEquals(to.wire(), h.path("to").asText());
                    assertTrue(Workflow.allows(t.action(), from, to));
                    moves++;
                }
            }
        }
        assertTrue(moves > 60, "the table holds " + moves + " moves");
    }

    @Test
    void aSampleOfStartsTheTableDoesNotAllowIsRefusedAsTheApiRefusesThem() {
        long seed = Long.getLong("workflow.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Workflow.Transition> rows = List.copyOf(Workflow.TABLE.values());
        PostStatus[] all = PostStatus.values();
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            Workflow.Transition t = rows.get(random.nextInt(rows.size()));
            PostStatus from = all[random.nextInt(all.length)];
            if (t.allows(from)) {
                continue;
            }
            Post p = post(from);
            PostStatus to = t.to().iterator().next();
            ApiException e = assertThrows(ApiException.class, () -> Workflow.move(p, t.action(), to, "test", null, AT), "seed " + seed);
            assertEquals(ErrorCode.INVALID_TRANSITION, e.code(), "seed " + seed);
            assertEquals(409, e.status());
            assertEquals(t.action() + " is not allowed from status " + from.wire(), e.getMessage(), "seed " + seed);
            assertEquals(Map.of("status", from.wire(), "action", t.action(), "allowedFrom", t.from().stream().map(PostStatus::wire).toList()),
                    e.details(), "seed " + seed);
            assertEquals(from, p.status, "a refused move changes nothing; seed " + seed);
            assertTrue(p.history.isEmpty());
            refused++;
        }
        assertTrue(refused > 100, "refused " + refused + "; seed " + seed);
    }

    @Test
    void aDestinationTheTableDoesNotHoldIsAProgrammingError() {
        Post p = post(PostStatus.QA_REVIEW);
        assertThrows(IllegalStateException.class, () -> Workflow.move(p, "qa-reject", PostStatus.PUBLISHED, "test", null, AT));
        assertThrows(IllegalArgumentException.class, () -> Workflow.move(p, "teleport", PostStatus.PUBLISHED, "test", null, AT));
        assertEquals(PostStatus.QA_REVIEW, p.status);
    }

    /** The errors the API answered before the table, word for word. */
    @Test
    void theRefusalsAreTheOnesTheApiGaveBeforeTheTable() {
        var policy = new Workflow.Policy(true, true, "auto_publish");
        refused(() -> Workflow.qaApprove(PostStatus.DRAFT, policy, true), "qa-approve is not allowed from status draft",
                Map.of("status", "draft", "action", "qa-approve", "allowedFrom", List.of("qa_review")));
        refused(() -> Workflow.clientApprove(PostStatus.APPROVED, policy, true), "client-approve is not allowed from status approved",
                Map.of("status", "approved", "action", "client-approve", "allowedFrom", List.of("client_review", "pending_approval")));
        refused(() -> Workflow.publishNow(PostStatus.DRAFT, policy), "publish is not allowed from status draft",
                Map.of("status", "draft", "action", "publish", "allowedFrom", List.of("approved", "scheduled", "failed", "partially_published")));
        refused(() -> Workflow.reschedule(PostStatus.QA_REVIEW, policy), "reschedule is not allowed from status qa_review",
                Map.of("status", "qa_review", "action", "reschedule", "allowedFrom", List.of("approved", "scheduled", "failed")));
        refused(() -> Workflow.cancel(PostStatus.PUBLISHED), "cancel is not allowed from status published",
                Map.of("status", "published", "action", "cancel", "allowedFrom", List.of("any status but publishing, published, partially_published")));
        refused(() -> Workflow.legacyStatus(PostStatus.QA_REVIEW, "draft"), "status=draft is not allowed from status qa_review",
                Map.of("status", "qa_review", "action", "status=draft", "allowedFrom", List.of("draft", "pending_approval")));
        refused(() -> Workflow.afterEdit(PostStatus.PUBLISHED, policy, true, true), "update is not allowed from status published",
                Map.of("status", "published", "action", "update", "allowedFrom",
                        List.of("draft", "pending_approval", "qa_review", "client_review", "approved", "scheduled", "vaulted", "failed")));
        ApiException e = assertThrows(ApiException.class, () -> Workflow.legacyStatus(PostStatus.DRAFT, "bogus"));
        assertEquals(Map.of("status", "draft", "requested", "bogus"), e.details());
    }

    static void refused(Runnable r, String message, Map<String, Object> details) {
        ApiException e = assertThrows(ApiException.class, r::run);
        assertEquals(ErrorCode.INVALID_TRANSITION, e.code());
        assertEquals(409, e.status());
        assertEquals(message, e.getMessage());
        assertEquals(details, e.details());
    }

    /** A status assigned or compared outside the table's mover would be a second home for the rules. */
    @Test
    void noMainCodeChangesOrComparesAPostStatusOutsideTheTable() throws IOException {
        Pattern assign = Pattern.compile("\\.status\\s*=[^=]");
        Pattern textCompare = Pattern.compile("equals\\([^)]*\\.status\\)|\\.status\\.equals\\(|Workflow\\.[A-Z_]+\\.equals\\(");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            // a content job's status (pending, in_progress, ...) is the job's own, not a post's: its package is left out
            Path contentJobs = Path.of("src/main/java/com/socialwire/posts/studio/jobs");
            for (Path f : files.filter(x -> x.toString().endsWith(".java") && !x.startsWith(contentJobs)).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    boolean mover = f.endsWith("Workflow.java") || f.endsWith("Post.java");
                    if ((!mover && assign.matcher(line).find()) || textCompare.matcher(line).find()) {
                        found.add(f + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
