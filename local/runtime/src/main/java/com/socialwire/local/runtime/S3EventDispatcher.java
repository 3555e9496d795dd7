package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalResources;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.S3Notifications.ObjectCreated;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * S3 event notifications, locally: every object created in a bucket of template.yaml is sent to
 * the functions with a matching {@code S3} event (event name, prefix and suffix filters),
 * asynchronously, in the shape S3 sends. An invocation that throws is retried twice, as Lambda
 * retries asynchronous invocations (after 1 and 2 seconds here; about 1 and 2 minutes on AWS).
 */
final class S3EventDispatcher {

    private record Target(String function, String bucket, Template.S3Event event) {
    }

    private final FunctionHost host;
    private final List<Target> targets = new ArrayList<>();
    static final int RETRIES = 2;

    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "local-s3-events");
        t.setDaemon(true);
        return t;
    });

    S3EventDispatcher(FunctionHost host, LocalResources res) {
        this.host = host;
        for (Template.FunctionDef fn : host.template().functions()) {
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.S3Event s) {
                    targets.add(new Target(fn.logicalId(), res.buckets().get(s.bucket()), s));
                }
            }
        }
    }

    int size() {
        return targets.size();
    }

    void onObjectCreated(ObjectCreated created) {
        for (Target t : targets) {
            if (t.bucket().equals(created.bucket()) && matches(t.event(), created)) {
                deliver(t.function(), Json.bytes(event(created)), 0);
            }
        }
    }

    private void deliver(String function, byte[] event, int attempt) {
        if (pool.isShutdown()) {
            return;
        }
        try {
            pool.schedule(() -> {
                try {
                    host.invoke(function, event);
                } catch (RuntimeException e) {
                    System.err.println("S3 event to " + function + " failed (attempt " + (attempt + 1) + " of " + (RETRIES + 1) + "): " + e);
                    if (attempt < RETRIES) {
                        deliver(function, event, attempt + 1);
                    }
                }
            }, attempt * 1000L, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // the runtime stopped meanwhile
        }
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
