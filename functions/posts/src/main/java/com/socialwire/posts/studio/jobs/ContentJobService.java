package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.publish.PublishJobs;
import com.socialwire.posts.studio.prompt.PromptBuilder;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The content jobs API's use cases: create a job (pending, queued on the content queue), read and list a tenant's jobs,
 * cancel one, and show the prompt it was written from. The work itself is {@link ContentJobRunner}'s, in the worker.
 */
public final class ContentJobService {

    private static final Logger LOG = LoggerFactory.getLogger(ContentJobService.class);

    /** Marks a queue message as a content job of the studio (the posts context's own jobs carry a postId instead). */
    public static final String MESSAGE_FLAG = "contentJob";

    private final ContentJobStore jobs;
    private final TenantProfiles tenants;
    private final PublishJobs queue;
    private final PromptBuilder prompts;
    private final Clock clock;

    public ContentJobService(ContentJobStore jobs, TenantProfiles tenants, PublishJobs queue, PromptBuilder prompts, Clock clock) {
        this.jobs = jobs;
        this.tenants = tenants;
        this.prompts = prompts;
        this.queue = queue;
        this.clock = clock;
    }

    /** The content queue's message of a job (SPEC §6): ids and type only; the worker reads the job. */
    public static ObjectNode message(ContentJob job) {
        ObjectNode m = Json.object();
        m.put("tenantId", job.tenantId);
        m.put("jobId", job.id);
        m.put("type", job.type.wire());
        m.put(MESSAGE_FLAG, true);
        return m;
    }

    public ContentJob create(Principal who, String tenantId, ObjectNode body) {
        JobRequest.Parsed parsed = JobRequest.parse(body);
        Tenant tenant = tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
        if (parsed.request().hasNonNull("templateId")) {
            // the template's checks now, not in the worker: an unknown or inactive template or a missing variable is 422
            // to the caller (naming every missing variable), never a job that can only fail
            prompts.build(tenant, ContentJobRunner.promptRequest(parsed.type(), parsed.request(), 1));
        }
        ContentJob job = new ContentJob(Ids.next("job"), tenantId, tenant.accountId(), parsed.type(), parsed.request(), clock.instant(),
                actor(who), who.keyId(), JobStatus.PENDING, 0);
        jobs.create(job);
        try {
            queue.send(List.of(message(job)));
        } catch (RuntimeException e) {
            // a job nobody will run must not stay pending: it ends failed, and the caller may try again
            LOG.error("content job {} could not be queued", job.id, e);
            finish(job.tenantId, job.id, JobStatus.FAILED, "the job could not be queued; create it again");
            throw new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "the content queue is unavailable; retry shortly",
                    Map.of("jobId", job.id), Map.of("retry-after", "1"));
        }
        return job;
    }

    public ContentJob get(String tenantId, String jobId) {
        return jobs.require(tenantId, jobId);
    }

    public Page<ContentJob> list(String tenantId, String status, String type, int limit, String cursor) {
        JobStatus s = status == null ? null : JobStatus.parse(status).orElseThrow(() ->
                ApiException.validation("status must be one of " + JobStatus.WIRE_NAMES, Map.of("status", status)));
        JobType t = type == null ? null : JobType.parse(type).orElseThrow(() ->
                ApiException.validation("type must be one of " + JobType.WIRE_NAMES, Map.of("type", type)));
        return jobs.list(tenantId, s, t, limit, cursor);
    }

    /**
     * Pending or running → cancelled at once. A running job's worker finishes its model call, finds the job cancelled,
     * stores nothing and gives the credits back. A finished job cannot be cancelled (409).
     */
    public ContentJob cancel(Principal who, String tenantId, String jobId) {
        Instant now = clock.instant();
        boolean[] cancelled = {false};
        ContentJob job = jobs.update(tenantId, jobId, j -> {
            cancelled[0] = !j.status.terminal();
            if (!cancelled[0]) {
                return false;
            }
            j.status = JobStatus.CANCELLED;
            j.finishedAt = now;
            j.deadline = null;
            j.error = "cancelled by " + actor(who);
            return true;
        }).orElseThrow(() -> ApiException.notFound("content job " + jobId));
        if (!cancelled[0]) {
            throw new ApiException(ErrorCode.INVALID_TRANSITION, 409, "a " + job.status.wire() + " job cannot be cancelled",
                    Map.of("jobId", jobId, "status", job.status.wire()), Map.of());
        }
        return job;
    }

    private static String actor(Principal who) {
        return who.isOwner() ? "owner" : who.role().name().toLowerCase() + ":" + who.keyId();
    }

    /** The prompt the job was written from; 409 while it is not assembled yet (a pending job) or for a type that has none. */
    public ObjectNode prompt(String tenantId, String jobId) {
        ContentJob job = jobs.require(tenantId, jobId);
        if (job.prompt == null) {
            String why = !job.type.generates() ? job.type.wire() + " jobs write no studio prompt"
                    : "the prompt is assembled when the job starts; it is " + job.status.wire();
            throw new ApiException(ErrorCode.CONFLICT, 409, why, Map.of("jobId", jobId, "status", job.status.wire()), Map.of());
        }
        ObjectNode o = Json.object();
        o.put("jobId", job.id);
        o.put("type", job.type.wire());
        o.setAll(job.prompt);
        return o;
    }

    /** Ends a job that is not finished yet with {@code status} and {@code error}; false if it already ended. */
    boolean finish(String tenantId, String jobId, JobStatus status, String error) {
        Instant now = clock.instant();
        boolean[] done = {false};
        jobs.update(tenantId, jobId, j -> {
            done[0] = false;
            if (j.status.terminal()) {
                return false;
            }
            j.status = status;
            j.error = error;
            j.finishedAt = now;
            j.deadline = null;
            done[0] = true;
            return true;
        });
        return done[0];
    }
}
