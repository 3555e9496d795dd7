package com.socialwire.system;

import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
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
 * how deep each job queue and DLQ is, and what the third-party providers are configured with.
 * This function holds none of their secrets: template.yaml tells it whether each is set
 * ({@code *_CONFIGURED}) and the LLM setup the functions in {@code LLM_FUNCTIONS} are given, which
 * it describes exactly as those functions build their client ({@link LlmClients#describe}).
 */
final class OpsMetrics {

    private final Config config;
    private final Counters counters;
    private final Lazy<LeanSqs> sqs;
    private final Map<String, String> queues = new TreeMap<>();
    private final Clock clock;

    OpsMetrics(Config config, Table table, AwsClients aws, Clock clock) {
        this.config = config;
        this.counters = new Counters(table);
        this.clock = clock;
        // QUEUE_<NAME> variables carry the queue URLs template.yaml gives this function.
        for (String k : List.of("QUEUE_COMMENTS", "QUEUE_COMMENTS_DLQ", "QUEUE_DMS", "QUEUE_DMS_DLQ", "QUEUE_CONTENT",
                "QUEUE_CONTENT_DLQ", "QUEUE_REPORTS", "QUEUE_REPORTS_DLQ")) {
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
        Map<String, Object> depths = new LinkedHashMap<>();
        queues.forEach((name, url) -> {
            Map<String, String> a = sqs.get().attributes(url, List.of("ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"));
            depths.put(name, Map.of(
                    "visible", Long.parseLong(a.getOrDefault("ApproximateNumberOfMessages", "0")),
                    "inFlight", Long.parseLong(a.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0")),
                    "delayed", Long.parseLong(a.getOrDefault("ApproximateNumberOfMessagesDelayed", "0"))));
        });
        out.put("queues", depths);
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
}
