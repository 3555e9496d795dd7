package com.socialwire.posts.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.publish.PublishJobs;
import com.socialwire.posts.publish.Publisher;
import com.socialwire.posts.service.RegenerationService;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.studio.jobs.ContentJobRunner;
import com.socialwire.posts.studio.jobs.ContentJobService;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.jobs.SqsBatch;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * ContentWorkerFunction: jobs from the content queue, by {@code type} — {@code publish_post} (one
 * platform of one post, exactly once), {@code regenerate_post} (rewrite after a rejection, back
 * to qa_review), and the studio's content jobs (marked {@code contentJob}: generation, schedule_post,
 * regenerate_post asked through the content jobs API; see {@link ContentJobRunner}). Partial batch responses: a failing job is retried and ends in the DLQ; the
 * others in its batch are not repeated. A job of a type this worker does not know fails (DLQ),
 * so nothing is silently dropped.
 */
public final class ContentWorkerHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ContentWorkerHandler.class);

    private final SqsBatch batch;

    public ContentWorkerHandler() {
        this(Posts.fromEnvironment());
    }

    private ContentWorkerHandler(Posts p) {
        this(p.publisher(), p.regeneration(), p.posts(), p.tenants(), Lazy.of(p::contentJobRunner));
    }

    /** Without the studio's content jobs (a test of publishing and regeneration only): such a job fails, to its DLQ. */
    public ContentWorkerHandler(Publisher publisher, RegenerationService service, PostStore posts, TenantProfiles tenants) {
        this(publisher, service, posts, tenants, null);
    }

    /** @param contentJobs the studio's content jobs (generation, schedule_post, regenerate_post asked through the API), built by the first */
    public ContentWorkerHandler(Publisher publisher, RegenerationService service, PostStore posts, TenantProfiles tenants,
                                Supplier<ContentJobRunner> contentJobs) {
        this.batch = new SqsBatch(m -> {
            JsonNode job = m.json();
            String type = job.path("type").asText();
            String tenantId = job.path("tenantId").asText();
            if (job.path(ContentJobService.MESSAGE_FLAG).asBoolean(false) && contentJobs != null) {
                // a content job's row says what to do (its type, request and state); the message carries ids only
                contentJobs.get().run(tenantId, job.path("jobId").asText(), m.lastReceive());
                return;
            }
            String postId = job.path("postId").asText();
            switch (type) {
                case PublishJobs.PUBLISH -> publisher.handle(tenantId, postId, job.path("platform").asText(), job.path("polls").asInt(0));
                case PublishJobs.REGENERATE -> {
                    Optional<Post> post = posts.get(tenantId, postId);
                    Optional<Tenant> tenant = tenants.get(tenantId);
                    if (post.isEmpty() || tenant.isEmpty() || post.get().status != PostStatus.REGENERATING) {
                        LOG.info("regeneration of {} skipped: no longer regenerating", postId);
                        return;
                    }
                    // on the job's last receive an unavailable model ends the regeneration with its reason (back to
                    // qa_review, text unchanged) rather than leaving the post regenerating behind a DLQ'd job
                    service.applyRegeneration(tenant.get(), post.get(), "regen:" + postId + ":" + job.path("regeneration").asInt(1), null,
                            m.lastReceive());
                }
                default -> throw new IllegalArgumentException("unknown content job type " + type);
            }
        }).sharingPerBatch(); // one credit hold per account and one LLM budget hold per tenant for the batch, settled at its end
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        batch.handle(input, output, context);
    }
}
