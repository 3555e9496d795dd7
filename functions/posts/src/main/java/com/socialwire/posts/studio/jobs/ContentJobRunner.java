package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.regen.RegenerationSweep;
import com.socialwire.posts.service.PostService;
import com.socialwire.posts.service.PublishingService;
import com.socialwire.posts.service.RegenerationService;
import com.socialwire.posts.studio.prompt.Prompt;
import com.socialwire.posts.studio.prompt.PromptBuilder;
import com.socialwire.posts.studio.prompt.PromptRequest;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.text.TopicMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The content worker's part for content jobs: claims a pending job (a redelivered message of a finished one does
 * nothing), builds and stores its prompt before the model is called, makes the one metered call (a hold under the job's
 * operation id, so a retry reuses it and pays once), and completes the job with its result and usage — or fails it with
 * a readable reason. A job cancelled while its call ran stores nothing and is refunded. {@code schedule_post} and
 * {@code regenerate_post} go through the posts workflow's own services.
 */
public final class ContentJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ContentJobRunner.class);

    /** The fee of a generation, from the price card. */
    public static final String FEE = "content_job";
    /**
     * A redelivered message takes over a running attempt older than this: the worker's Lambda timeout (120 s) is far less,
     * and the content queue redelivers only after its visibility timeout (720 s), so the attempt it takes over is dead.
     */
    static final Duration ATTEMPT = Duration.ofMinutes(5);
    /** When a running job counts as stuck: the same bound as a regeneration job's (every receive of its message is over). */
    public static final Duration DEADLINE = RegenerationSweep.DEADLINE;

    private final ContentJobStore jobs;
    private final TenantProfiles tenants;
    private final PromptBuilder prompts;
    private final JobModels models;
    private final PriceTable prices;
    private final Metering metering;
    private final MeteredCall calls;
    private final PostService posts;
    private final Supplier<PublishingService> publishing;
    private final Supplier<RegenerationService> regeneration;
    private final Clock clock;

    public ContentJobRunner(ContentJobStore jobs, TenantProfiles tenants, PromptBuilder prompts, JobModels models, PriceTable prices,
                            Metering metering, LlmBudget budget, PostService posts, Supplier<PublishingService> publishing,
                            Supplier<RegenerationService> regeneration, Clock clock) {
        this.jobs = jobs;
        this.tenants = tenants;
        this.prompts = prompts;
        this.models = models;
        this.prices = prices;
        this.metering = metering;
        this.calls = new MeteredCall(metering, budget);
        this.posts = posts;
        this.publishing = publishing;
        this.regeneration = regeneration;
        this.clock = clock;
    }

    /** Runs the job of one queue message; {@code lastReceive}: its last delivery before the DLQ (an unavailable model then fails it). */
    public void run(String tenantId, String jobId, boolean lastReceive) {
        Optional<ContentJob> claimed = claim(tenantId, jobId);
        if (claimed.isEmpty()) {
            LOG.info("content job {} skipped: not pending (finished, cancelled, or running elsewhere)", jobId);
            return;
        }
        ContentJob job = claimed.get();
        try {
            switch (job.type) {
                case SCHEDULE_POST -> schedule(job);
                case REGENERATE_POST -> regenerate(job);
                default -> generate(job, lastReceive);
            }
        } catch (RetryLater r) {
            release(job);
            throw r;
        } catch (ApiException e) {
            fail(job, e.getMessage(), null); // the posts workflow's or the prompt's own readable refusal
        } catch (RuntimeException e) {
            if (lastReceive) {
                fail(job, "the job could not be run (" + e.getClass().getSimpleName() + ")", null);
                LOG.error("content job {} failed on its last receive", jobId, e);
                return;
            }
            release(job);
            throw e;
        }
    }

    /** pending → in_progress with its deadline, or a dead attempt taken over; empty if the job is not this worker's to run. */
    Optional<ContentJob> claim(String tenantId, String jobId) {
        Instant now = clock.instant();
        boolean[] won = {false};
        Optional<ContentJob> job = jobs.update(tenantId, jobId, j -> {
            won[0] = j.status == JobStatus.PENDING
                    || j.status == JobStatus.IN_PROGRESS && (j.attemptStartedAt == null || !j.attemptStartedAt.plus(ATTEMPT).isAfter(now));
            if (!won[0]) {
                return false;
            }
            if (j.startedAt == null) {
                j.startedAt = now;
            }
            if (j.deadline == null) {
                j.deadline = j.startedAt.plus(DEADLINE);
            }
            j.status = JobStatus.IN_PROGRESS;
            j.attemptStartedAt = now;
            j.attempts++;
            return true;
        });
        return won[0] ? job : Optional.empty();
    }

    /** Gives the job back to the queue's next delivery (pending again), unless it ended meanwhile. */
    private void release(ContentJob job) {
        jobs.update(job.tenantId, job.id, j -> {
            if (j.status != JobStatus.IN_PROGRESS) {
                return false;
            }
            j.status = JobStatus.PENDING;
            j.attemptStartedAt = null;
            return true;
        });
    }

    private Principal who(ContentJob job) {
        return job.keyId == null ? null : Principal.key(job.accountId, job.keyId, Role.WRITE, Set.of());
    }

    private void schedule(ContentJob job) {
        var post = publishing.get().reschedule(who(job), job.tenantId, job.request.path("postId").asText(),
                (ObjectNode) Json.object().put("scheduledFor", job.request.path("scheduledFor").asText()));
        ObjectNode result = Json.object();
        result.put("content", "post " + post.id + " " + post.status.wire() + " for " + post.scheduledFor);
        result.putArray("posts").add(post.id);
        complete(job, result, null);
    }

    private void regenerate(ContentJob job) {
        Map<String, Object> r = regeneration.get().regenerate(who(job), job.tenantId, job.request.path("postId").asText());
        ObjectNode result = Json.object();
        result.put("content", String.valueOf(r.get("newText")));
        result.putArray("posts").add(String.valueOf(r.get("id")));
        result.put("offlineGenerator", Boolean.TRUE.equals(r.get("offlineGenerator")));
        complete(job, result, r.get("usage") instanceof Usage u ? u : null);
    }

    private void generate(ContentJob job, boolean lastReceive) {
        Optional<Tenant> found = tenants.get(job.tenantId);
        if (found.isEmpty()) {
            fail(job, "the tenant no longer exists", null);
            return;
        }
        Tenant tenant = found.get();
        List<Instant> slots = job.type == JobType.GENERATE_CALENDAR
                ? CalendarPlanner.slots(job.request, CalendarPlanner.zone(tenant), clock.instant()) : List.of();
        if (job.type == JobType.GENERATE_CALENDAR && slots.isEmpty()) {
            fail(job, "the calendar has no slot after now (startDate is in the past)", null);
            return;
        }
        Prompt prompt = prompts.build(tenant, promptRequest(job, slots.size()));
        ObjectNode stored = prompt.toJson();
        boolean running = jobs.update(job.tenantId, job.id, j -> {
            if (j.status != JobStatus.IN_PROGRESS) {
                return false;
            }
            j.prompt = stored;
            return true;
        }).map(j -> j.status == JobStatus.IN_PROGRESS).orElse(false);
        if (!running) {
            return; // cancelled before the call: nothing was held or called
        }
        LlmClient llm = models.client(job.request.path("provider").asText(null), job.request.path("model").asText(null));
        LlmClient.LlmRequest request = new LlmClient.LlmRequest(prompt.system(), List.of(new LlmClient.Message("user", prompt.user())),
                job.request.path("maxTokens").asInt(job.type.defaultMaxTokens()), job.request.path("temperature").asDouble(0.7));
        long fee = metering.card().fee(FEE);
        MeteredCall.Outcome<LlmResult.Ok> outcome = calls.llm(tenant, tenant.accountId(), job.operationId(), fee,
                prices.worstCase(llm, request), "content job " + job.id,
                () -> llm.offline() ? OfflineStudio.write(job, tenant, prompt, slots.size()) : llm.complete(request));
        switch (outcome) {
            case MeteredCall.Outcome.NoCredits<LlmResult.Ok> n -> fail(job, "not enough credits: " + n.requiredMicroCredits()
                    + " micro-credits needed, " + n.availableMicroCredits() + " available; nothing was generated", null);
            case MeteredCall.Outcome.Refused<LlmResult.Ok> r -> fail(job, r.reason() + "; nothing was generated", null);
            case MeteredCall.Outcome.Unavailable<LlmResult.Ok> u -> {
                if (!lastReceive) {
                    throw new RetryLater("model unavailable: " + u.message());
                }
                fail(job, "the model is unavailable after retries: " + u.message(), null);
            }
            case MeteredCall.Outcome.Failed<LlmResult.Ok> f -> fail(job, "the model refused the request: " + f.message(), f.usage());
            case MeteredCall.Outcome.Answered<LlmResult.Ok> a -> answered(job, tenant, a, fee, slots, llm.offline());
        }
    }

    private void answered(ContentJob job, Tenant tenant, MeteredCall.Outcome.Answered<LlmResult.Ok> a, long fee, List<Instant> slots,
                          boolean offline) {
        if (jobs.get(job.tenantId, job.id).map(j -> j.status != JobStatus.IN_PROGRESS).orElse(true)) {
            Usage refunded = metering.refund(a.hold(), "content job " + job.id + " cancelled");
            jobs.update(job.tenantId, job.id, j -> {
                j.usage = (ObjectNode) Json.toTree(refunded);
                return true;
            });
            LOG.info("content job {} was cancelled during its model call: nothing stored, refunded", job.id);
            return;
        }
        LlmResult.Ok answer = a.value();
        ObjectNode result = Json.object();
        String error = switch (job.type) {
            case GENERATE_CALENDAR -> calendar(job, tenant, answer.text(), slots, result);
            case REPURPOSE -> RepurposeVersions.deliver(job, tenant, answer.text(), result);
            default -> text(job, tenant, answer.text(), result);
        };
        Usage usage = calls.settle(a, error == null ? fee : 0); // an unusable answer was spent, but no fee
        ObjectNode meta = result.putObject("metadata");
        meta.put("wordCount", words(result.path("content").asText("")));
        meta.put("model", answer.model());
        meta.put("inputTokens", answer.inputTokens());
        meta.put("outputTokens", answer.outputTokens());
        meta.put("costMicroCredits", usage.settledMicroCredits());
        meta.put("offlineGenerator", offline);
        if (error != null) {
            fail(job, error, usage);
        } else {
            complete(job, result, usage);
        }
    }

    private String calendar(ContentJob job, Tenant tenant, String answer, List<Instant> slots, ObjectNode result) {
        List<CalendarPlanner.Entry> entries = CalendarPlanner.parse(answer);
        if (entries.isEmpty()) {
            return "the model's plan could not be read as JSON entries; no drafts were made";
        }
        CalendarPlanner.Made made = CalendarPlanner.draft(job, tenant, entries, slots, posts, who(job));
        ArrayNode ids = result.putArray("posts");
        made.postIds().forEach(ids::add);
        result.set("dropped", made.dropped());
        result.put("timezone", CalendarPlanner.zone(tenant).getId());
        result.put("content", made.postIds().size() + " draft posts: " + String.join(", ", made.postIds()));
        return made.postIds().isEmpty() ? "no entry of the plan could be made a draft (see dropped)" : null;
    }

    private static String text(ContentJob job, Tenant tenant, String answer, ObjectNode result) {
        String t = answer == null ? "" : answer.strip();
        if (t.length() > 1 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        if (t.isEmpty()) {
            return "the model returned no text";
        }
        List<String> topics = TopicMatcher.matches(t, tenant.noGoTopics());
        if (!topics.isEmpty()) {
            return "the text mentions a no-go topic (" + String.join(", ", topics) + "); nothing was stored";
        }
        List<String> platforms = CalendarPlanner.strings(job.request.path("platforms"));
        if (job.type == JobType.GENERATE_CAPTION && !platforms.isEmpty()) {
            ObjectNode versions = result.putObject("versions");
            for (String p : platforms) {
                Optional<String> fitted = PlatformFit.fit(t, List.of(), com.socialwire.posts.platform.Platforms.require(p));
                if (fitted.isEmpty()) {
                    return "the caption cannot be made to fit " + p;
                }
                versions.put(p, fitted.get());
            }
        }
        result.put("content", t);
        return null;
    }

    static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private PromptRequest promptRequest(ContentJob job, int slots) {
        return promptRequest(job.type, job.request, slots);
    }

    /** The prompt request of a job of {@code type} asking {@code r} (also the API's check of a template's variables at create). */
    static PromptRequest promptRequest(JobType type, ObjectNode r, int slots) {
        List<String> instructions = new ArrayList<>();
        List<String> platforms = CalendarPlanner.strings(type == JobType.REPURPOSE ? r.path("targetPlatforms") : r.path("platforms"));
        switch (type) {
            case GENERATE_CALENDAR -> instructions.addAll(CalendarPlanner.instructions(r, slots));
            case REPURPOSE -> instructions.addAll(RepurposeVersions.instructions(r));
            case GENERATE_CAPTION -> instructions.add("Write one social media caption. Answer with the caption text only.");
            case GENERATE_BLOG -> instructions.add("Write a blog post in Markdown: a title line starting with '# ', then sections.");
            case GENERATE_EMAIL -> instructions.add("Write a marketing email: a first line 'Subject: ...', then the body.");
            case GENERATE_LANDING -> instructions.add("Write landing page copy in Markdown: a headline, benefits, and a call to action.");
            case GENERATE_LOCAL -> instructions.add("Write local-search content for the business's area: what, where, and why visit.");
            default -> { }
        }
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        r.path("variables").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
        String topic = type == JobType.REPURPOSE ? r.path("text").asText() : r.path("prompt").asText("");
        return new PromptRequest(r.path("contentType").asText(type.contentType()), topic, CalendarPlanner.strings(r.path("keywords")),
                r.path("length").asText(null), platforms, r.path("tone").asText(null), r.path("templateId").asText(null), variables, instructions);
    }

    private void complete(ContentJob job, ObjectNode result, Usage usage) {
        end(job, JobStatus.COMPLETED, result, null, usage);
    }

    private void fail(ContentJob job, String error, Usage usage) {
        end(job, JobStatus.FAILED, null, error, usage);
    }

    private void end(ContentJob job, JobStatus status, ObjectNode result, String error, Usage usage) {
        Instant now = clock.instant();
        boolean[] ended = {false};
        jobs.update(job.tenantId, job.id, j -> {
            ended[0] = j.status == JobStatus.IN_PROGRESS;
            if (!ended[0]) {
                return false;
            }
            j.status = status;
            j.result = result;
            j.error = error;
            j.usage = usage == null ? null : (ObjectNode) Json.toTree(usage);
            j.finishedAt = now;
            j.deadline = null;
            j.attemptStartedAt = null;
            return true;
        });
        if (!ended[0]) {
            LOG.warn("content job {} ended ({}) while it was being {}: its end is not recorded", job.id, job.status.wire(), status.wire());
        } else {
            LOG.info("content job {} {}{}", job.id, status.wire(), error == null ? "" : ": " + error);
        }
    }
}
