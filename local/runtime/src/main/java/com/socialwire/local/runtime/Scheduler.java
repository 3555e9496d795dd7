package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Local EventBridge: fires each {@code Schedule}/{@code ScheduleV2} event of template.yaml on its
 * rate or cron expression with the event EventBridge sends (or the configured {@code Input}),
 * and fires any of them on demand.
 */
final class Scheduler {

    private record Entry(String function, Template.ScheduleEvent event, ScheduleExpression expression, ZonedDateTime start) {
    }

    private final FunctionHost host;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-scheduler");
        t.setDaemon(true);
        return t;
    });

    Scheduler(FunctionHost host) {
        this.host = host;
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        for (Template.FunctionDef fn : host.template().functions()) {
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.ScheduleEvent s) {
                    entries.put(fn.logicalId() + "/" + s.name(),
                            new Entry(fn.logicalId(), s, new ScheduleExpression(s.expression(), ZoneOffset.UTC), now));
                }
            }
        }
    }

    int size() {
        return entries.size();
    }

    void start() {
        entries.values().stream().filter(e -> e.event().enabled()).forEach(this::arm);
    }

    void stop() {
        timer.shutdownNow();
    }

    private void arm(Entry e) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ZonedDateTime next = e.expression().next(e.start(), now);
        long delay = Math.max(0, next.toInstant().toEpochMilli() - System.currentTimeMillis());
        timer.schedule(() -> {
            try {
                invoke(e);
            } catch (RuntimeException ex) {
                System.err.println("schedule " + e.function() + "/" + e.event().name() + " failed: " + ex);
            }
            arm(e);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Fires one schedule now; returns the function's response. */
    JsonNode fire(String function, String eventName) {
        Entry e = entries.get(function + "/" + eventName);
        if (e == null) {
            throw new IllegalArgumentException("no schedule " + function + "/" + eventName + "; known: " + entries.keySet());
        }
        return invoke(e);
    }

    private JsonNode invoke(Entry e) {
        byte[] event = e.event().input() != null
                ? e.event().input().getBytes(StandardCharsets.UTF_8)
                : Json.bytes(scheduledEvent(e));
        byte[] out = host.invoke(e.function(), event);
        return out.length == 0 ? Json.mapper().nullNode() : Json.tree(out);
    }

    /** The event EventBridge sends a scheduled rule's target. */
    private static ObjectNode scheduledEvent(Entry e) {
        ObjectNode ev = Json.object();
        ev.put("version", "0");
        ev.put("id", UUID.randomUUID().toString());
        ev.put("detail-type", "Scheduled Event");
        ev.put("source", "aws.events");
        ev.put("account", LocalStores.ACCOUNT_ID);
        ev.put("time", ZonedDateTime.now(ZoneOffset.UTC).withNano(0).toInstant().toString());
        ev.put("region", LocalStores.REGION);
        ev.putArray("resources").add("arn:aws:events:" + LocalStores.REGION + ":" + LocalStores.ACCOUNT_ID
                + ":rule/" + e.function() + "-" + e.event().name());
        ev.putObject("detail");
        return ev;
    }

    List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        entries.values().forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("function", e.function());
            m.put("event", e.event().name());
            m.put("expression", e.expression().toString());
            m.put("enabled", e.event().enabled());
            m.put("next", e.expression().next(e.start(), now).toInstant().toString());
            m.put("fireNow", "POST /_local/schedules/" + e.function() + "/" + e.event().name());
            out.add(m);
        });
        return out;
    }
}
