package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalResources;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.S3Notifications.ObjectCreated;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * S3 event notifications, locally: every object created in a bucket of template.yaml is sent to
 * the functions with a matching {@code S3} event (event name, prefix and suffix filters),
 * asynchronously, in the shape S3 sends. An invocation that throws is retried as Lambda retries
 * asynchronous invocations — the function's {@code EventInvokeConfig.MaximumRetryAttempts} times
 * (default 2), after 1 and 2 seconds here (about 1 and 2 minutes on AWS) — and when every attempt
 * failed, an invocation record in Lambda's shape goes to the function's SQS
 * {@code DestinationConfig.OnFailure} queue, if it names one.
 */
final class S3EventDispatcher {

    /** Lambda's default for asynchronous invocations. */
    static final int DEFAULT_RETRIES = 2;

    private record Target(String function, String bucket, Template.S3Event event, int retries, String onFailureQueueUrl) {
    }

    private final FunctionHost host;
    private final SqsClient sqs;
    private final List<Target> targets = new ArrayList<>();

    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "local-s3-events");
        t.setDaemon(true);
        return t;
    });

    S3EventDispatcher(FunctionHost host, LocalResources res, SqsClient sqs) {
        this.host = host;
        this.sqs = sqs;
        for (Template.FunctionDef fn : host.template().functions()) {
            Map<?, ?> invokeConfig = map(host.template().properties(fn.logicalId()).get("EventInvokeConfig"));
            Object retries = invokeConfig.get("MaximumRetryAttempts");
            String onFailure = onFailureQueue(invokeConfig, res);
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.S3Event s) {
                    targets.add(new Target(fn.logicalId(), res.buckets().get(s.bucket()), s,
                            retries == null ? DEFAULT_RETRIES : Integer.parseInt(retries.toString()), onFailure));
                }
            }
        }
    }

    /** The URL of the SQS queue {@code DestinationConfig.OnFailure} names (its ARN, resolved), or null. */
    static String onFailureQueue(Map<?, ?> invokeConfig, LocalResources res) {
        Map<?, ?> onFailure = map(map(invokeConfig.get("DestinationConfig")).get("OnFailure"));
        if (onFailure.isEmpty() || !"SQS".equals(String.valueOf(onFailure.get("Type")))) {
            return null;
        }
        String arn = res.resolve(onFailure.get("Destination"));
        return res.queueUrls().entrySet().stream().filter(q -> arn.equals(res.attribute(q.getKey(), "Arn")))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("the on-failure destination " + arn + " is not a queue of template.yaml"));
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    int size() {
        return targets.size();
    }

    void onObjectCreated(ObjectCreated created) {
        for (Target t : targets) {
            if (t.bucket().equals(created.bucket()) && matches(t.event(), created)) {
                deliver(t, Json.bytes(event(created)), 0);
            }
        }
    }

    private void deliver(Target t, byte[] event, int attempt) {
        if (pool.isShutdown()) {
            return;
        }
        try {
            pool.schedule(() -> {
                try {
                    host.invoke(t.function(), event);
                } catch (RuntimeException e) {
                    System.err.println("S3 event to " + t.function() + " failed (attempt " + (attempt + 1) + " of " + (t.retries() + 1) + "): " + e);
                    if (attempt < t.retries()) {
                        deliver(t, event, attempt + 1);
                    } else if (t.onFailureQueueUrl() != null) {
                        try {
                            sqs.sendMessage(b -> b.queueUrl(t.onFailureQueueUrl())
                                    .messageBody(Json.write(invocationRecord(t.function(), event, attempt + 1, e))));
                        } catch (RuntimeException lost) {
                            System.err.println("S3 event to " + t.function() + " could not reach its on-failure destination: " + lost);
                        }
                    }
                }
            }, attempt * 1000L, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // the runtime stopped meanwhile
        }
    }

    /** What Lambda sends an on-failure destination when an asynchronous invocation's retries are exhausted. */
    static ObjectNode invocationRecord(String function, byte[] event, int attempts, RuntimeException error) {
        ObjectNode r = Json.object();
        r.put("version", "1.0");
        r.put("timestamp", Instant.now().toString());
        ObjectNode ctx = r.putObject("requestContext");
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("functionArn", "arn:aws:lambda:" + LocalStores.REGION + ":" + LocalStores.ACCOUNT_ID + ":function:" + function + ":$LATEST");
        ctx.put("condition", "RetriesExhausted");
        ctx.put("approximateInvokeCount", attempts);
        r.set("requestPayload", Json.tree(new String(event, StandardCharsets.UTF_8)));
        ObjectNode response = r.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        ObjectNode payload = r.putObject("responsePayload");
        payload.put("errorMessage", String.valueOf(cause.getMessage()));
        payload.put("errorType", cause.getClass().getName());
        return r;
    }

    static boolean matches(Template.S3Event e, ObjectCreated c) {
        boolean name = e.events().stream().anyMatch(n -> n.equals("s3:ObjectCreated:*") || n.equals("s3:" + c.eventName()));
        return name && (e.prefix() == null || c.key().startsWith(e.prefix())) && (e.suffix() == null || c.key().endsWith(e.suffix()));
    }

    static ObjectNode event(ObjectCreated c) {
        ObjectNode ev = Json.object();
        ObjectNode r = ev.putArray("Records").addObject();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", LocalStores.REGION);
        r.put("eventTime", Instant.now().toString());
        r.put("eventName", c.eventName());
        r.putObject("userIdentity").put("principalId", "local");
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "local");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", c.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "local");
        bucket.put("arn", "arn:aws:s3:::" + c.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(c.key(), StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", c.size());
        object.put("eTag", c.eTag());
        object.put("sequencer", Long.toHexString(System.nanoTime()).toUpperCase());
        return ev;
    }

    void stop() {
        pool.shutdownNow();
    }
}
