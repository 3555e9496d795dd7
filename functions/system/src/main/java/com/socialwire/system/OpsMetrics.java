package com.socialwire.system;

import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.jobs.RunningJobs;
import com.socialwire.shared.providers.llm.LlmClients;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Table;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The owner's view of the platform: how many accounts, tenants and active keys exist (from the
 * counters kept with every create, never a scan), how many Stripe payments were refused a grant,
 * how deep each job queue and DLQ is, each job queue's health (pending, processing, completed, failed, stale: from
 * the queues and the running-job index, never a scan), and what the third-party providers are configured with.
 * This function holds none of their secrets: template.yaml tells it whether each is set
 * ({@code *_CONFIGURED}) and the LLM setup the functions in {@code LLM_FUNCTIONS} are given, which
 * it describes exactly as those functions build their client ({@link LlmClients#describe}).
 */
final class OpsMetrics {

    static final String DLQ = "_dlq";
    /** How far back the running-job buckets are counted for stale jobs (the content job sweep looks as far). */
    static final int STALE_DAYS = 7;

    private final Config config;
    private final Table table;
    private final Counters counters;
    private final Lazy<LeanSqs> sqs;
    private final Map<String, String> queues = new TreeMap<>();
    private final Clock clock;

    OpsMetrics(Config config, Table table, AwsClients aws, Clock clock) {
        this.config = config;
        this.table = table;
        this.counters = new Counters(table);
        this.clock = clock;
        // QUEUE_<NAME> variables carry the queue URLs template.yaml gives this function.
        for (String k : List.of("QUEUE_COMMENTS", "QUEUE_COMMENTS_DLQ", "QUEUE_DMS", "QUEUE_DMS_DLQ", "QUEUE_CONTENT",
                "QUEUE_CONTENT_DLQ", "QUEUE_REPORTS", "QUEUE_REPORTS_DLQ", "QUEUE_MEDIA_FAILURES", "QUEUE_MEDIA_FAILURES_DLQ")) {
            String url = config.get(k, null);
            if (url != null) {
                queues.put(name(k), url);
            }
        }
        this.sqs = aws.sqsOnFirstUse();
    }

    private static String name(String variable) {
        return variable.substring("QUEUE_".length()).toLowerCase();
    }

    Map<String, Object> snapshot() {
        Map<String, Long> counts = counters.read();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accounts", counts.getOrDefault("accounts", 0L));
        out.put("tenants", counts.getOrDefault("tenants", 0L));
        out.put("activeKeys", counts.getOrDefault("activeKeys", 0L));
        out.put("stripeGrantsRefused", counts.getOrDefault("stripeGrantsRefused", 0L));
        Map<String, Map<String, Long>> depths = new LinkedHashMap<>();
        Map<String, Long> dlqDepths = new LinkedHashMap<>();
        queues.forEach((name, url) -> {
            Map<String, String> a = sqs.get().attributes(url, List.of("ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"));
            long visible = Long.parseLong(a.getOrDefault("ApproximateNumberOfMessages", "0"));
            depths.put(name, Map.of(
                    "visible", visible,
                    "inFlight", Long.parseLong(a.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0")),
                    "delayed", Long.parseLong(a.getOrDefault("ApproximateNumberOfMessagesDelayed", "0"))));
            if (name.endsWith(DLQ)) {
                dlqDepths.put(name.substring(0, name.length() - DLQ.length()), visible);
            }
        });
        out.put("queues", depths);
        out.put("dlqDepths", dlqDepths);
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("content", jobHealth(depths.get("content"), depths.get("content" + DLQ),
                RunningJobs.count(table, RunningJobs.CONTENT, clock.instant(), STALE_DAYS, 1)));
        jobs.put("reports", jobHealth(depths.get("reports"), depths.get("reports" + DLQ),
                RunningJobs.count(table, RunningJobs.REPORTS, clock.instant(), STALE_DAYS, 1)));
        out.put("jobs", jobs);
        Map<String, Object> providers = new LinkedHashMap<>();
        providers.put("instagram", config.getBoolean("INSTAGRAM_CONFIGURED", false));
        providers.put("stripe", config.getBoolean("STRIPE_CONFIGURED", false));
        Map<String, LlmClients.Setup> llm = new TreeMap<>();
        LlmClients.Setup setup = LlmClients.describe(config, config.getBoolean("LLM_API_KEY_CONFIGURED", false));
        for (String function : config.get("LLM_FUNCTIONS", "").split(",")) {
            if (!function.isBlank()) {
                llm.put(function.strip(), setup);
            }
        }
        providers.put("llm", llm);
        out.put("providers", providers);
        // Meta webhook events received and not acted on, by field (echoes, reactions, standby, unknown fields...)
        out.put("ignoredWebhookFields", Counters.withPrefix(counts, Counters.WEBHOOK_IGNORED));
        out.put("generatedAt", clock.instant().toString());
        return out;
    }

    /**
     * One job queue's health {pending, processing, completed, failed, stale}: pending = messages waiting (visible and
     * delayed); processing = running job rows within their deadline ({@link RunningJobs}, key reads only) where the
     * rows carry that index, else messages in flight; stale = running rows past their deadline, waiting for the sweep
     * (null where no rows say it); failed = messages in the DLQ (failed for good); completed = null: no platform-wide
     * count of finished jobs is kept (a tenant's are in its analytics).
     */
    private static Map<String, Object> jobHealth(Map<String, Long> queue, Map<String, Long> dlq, RunningJobs.Counts running) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("pending", queue == null ? null : queue.get("visible") + queue.get("delayed"));
        h.put("processing", running != null ? (Object) running.processing() : queue == null ? null : queue.get("inFlight"));
        h.put("completed", null);
        h.put("failed", dlq == null ? null : dlq.get("visible"));
        h.put("stale", running == null ? null : running.stale());
        return h;
    }
}
