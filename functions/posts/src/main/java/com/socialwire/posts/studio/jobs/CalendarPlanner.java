package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.service.PostService;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.text.TopicMatcher;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code generate_calendar} job's plan: its slots (days × cadence at local times in the tenant's timezone), what the
 * model is asked for (JSON, one entry per slot), reading its answer defensively, and turning each entry into a draft
 * post through {@link PostService#createOnce} — fitted to every platform's constraints, and never on a no-go topic
 * (such an entry is dropped and recorded).
 */
final class CalendarPlanner {

    /** The local times of a day's posts, in order: the first {@code postsPerDay} are used. */
    static final List<LocalTime> DAY_TIMES = List.of(LocalTime.of(9, 0), LocalTime.of(12, 30), LocalTime.of(17, 0),
            LocalTime.of(19, 30), LocalTime.of(21, 0));
    static final int MAX_HASHTAGS = 3;

    private CalendarPlanner() {
    }

    /** One planned entry: its text and hashtags (as the model wrote them), its pillar. */
    record Entry(String text, List<String> hashtags, String pillar) {
    }

    /** The tenant's zone (UTC when it has none or an unknown one). */
    static ZoneId zone(Tenant tenant) {
        try {
            return tenant.timezone() == null ? ZoneId.of("UTC") : ZoneId.of(tenant.timezone());
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** The slots' instants, in order, from {@code startDate} (else the tenant's tomorrow); slots not after {@code now} are left out. */
    static List<Instant> slots(ObjectNode request, ZoneId zone, Instant now) {
        int days = request.path("days").asInt(1);
        LocalDate start = request.hasNonNull("startDate") ? LocalDate.parse(request.path("startDate").asText())
                : LocalDate.ofInstant(now, zone).plusDays(1);
        JsonNode cadence = request.path("cadence");
        List<Instant> out = new ArrayList<>();
        if (cadence.has("postsPerWeek")) {
            int perWeek = cadence.path("postsPerWeek").asInt();
            for (int week = 0; week * 7 < days; week++) {
                int[] onDay = new int[7];
                for (int k = 0; k < perWeek; k++) {
                    int offset = k * 7 / perWeek; // spread over the week; a second post on a day goes later that day
                    int time = Math.min(onDay[offset]++, DAY_TIMES.size() - 1);
                    if (week * 7 + offset < days) {
                        out.add(start.plusDays(week * 7L + offset).atTime(DAY_TIMES.get(time)).atZone(zone).toInstant());
                    }
                }
            }
        } else {
            int perDay = cadence.path("postsPerDay").asInt(1);
            for (int day = 0; day < days; day++) {
                for (int k = 0; k < perDay; k++) {
                    out.add(start.plusDays(day).atTime(DAY_TIMES.get(k)).atZone(zone).toInstant());
                }
            }
        }
        return out.stream().filter(t -> t.isAfter(now)).sorted().distinct().toList();
    }

    /** The trusted lines the prompt gets for a plan of {@code count} entries. */
    static List<String> instructions(ObjectNode request, int count) {
        List<String> lines = new ArrayList<>();
        List<String> platforms = strings(request.path("platforms"));
        int limit = platforms.stream().map(Platforms::require).mapToInt(Platform::maxCharacters).min().orElse(280);
        lines.add("Plan " + count + " social media posts for a " + request.path("days").asInt() + "-day content calendar on "
                + String.join(", ", platforms) + ".");
        List<String> pillars = strings(request.path("pillars"));
        if (!pillars.isEmpty()) {
            lines.add("Rotate through these content pillars in order: " + String.join("; ", pillars) + ".");
        }
        lines.add("Each post's text must be at most " + (limit - 40) + " characters, with at most " + MAX_HASHTAGS + " hashtags given separately.");
        lines.add("Answer with JSON only, no prose: {\"entries\":[{\"slot\":1,\"pillar\":\"...\",\"text\":\"...\",\"hashtags\":[\"...\"]}]}"
                + " with exactly " + count + " entries, slot 1 to " + count + ".");
        return lines;
    }

    /** The entries of a model's answer: the JSON object (or array) in it, read leniently; empty if there is none. */
    static List<Entry> parse(String answer) {
        // a bare array of entries is read as the array, not as its first entry's object
        boolean arrayFirst = answer != null && answer.indexOf('[') >= 0 && (answer.indexOf('{') < 0 || answer.indexOf('[') < answer.indexOf('{'));
        JsonNode root = arrayFirst ? json(answer, '[', ']') : json(answer, '{', '}');
        if (root == null) {
            root = arrayFirst ? json(answer, '{', '}') : json(answer, '[', ']');
        }
        if (root == null) {
            return List.of();
        }
        JsonNode entries = root.isArray() ? root : root.has("entries") ? root.path("entries") : root.path("posts");
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : entries) {
            String text = e.isTextual() ? e.asText() : e.path("text").isTextual() ? e.path("text").asText() : e.path("caption").asText("");
            List<String> tags = new ArrayList<>();
            JsonNode h = e.path("hashtags");
            if (h.isArray()) {
                h.forEach(t -> tags.add(t.asText("")));
            } else if (h.isTextual()) {
                tags.addAll(List.of(h.asText().split("[\\s,]+")));
            }
            out.add(new Entry(text.strip(), PlatformFit.tags(tags).stream().limit(MAX_HASHTAGS).toList(), e.path("pillar").asText(null)));
        }
        return out;
    }

    /** The JSON from the first {@code open} to the last {@code close} of a model's answer, or null. */
    static JsonNode json(String text, char open, char close) {
        int a = text == null ? -1 : text.indexOf(open);
        int b = text == null ? -1 : text.lastIndexOf(close);
        if (a < 0 || b <= a) {
            return null;
        }
        try {
            return Json.tree(text.substring(a, b + 1));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What making the drafts came to: the posts made (or found, on a retry) and the entries left out, with why. */
    record Made(List<String> postIds, ArrayNode dropped) {
    }

    /**
     * One draft per slot from {@code entries} (entry i for slot i), each under an id derived from the job and the slot so a
     * retried job finds the drafts its first attempt made.
     */
    static Made draft(ContentJob job, Tenant tenant, List<Entry> entries, List<Instant> slots, PostService posts, Principal who) {
        List<String> platforms = strings(job.request.path("platforms"));
        List<String> ids = new ArrayList<>();
        ArrayNode dropped = Json.array();
        for (int i = 0; i < slots.size(); i++) {
            if (i >= entries.size()) {
                dropped.addObject().put("slot", i + 1).put("reason", "the plan had no entry for this slot");
                continue;
            }
            Entry e = entries.get(i);
            List<String> topics = TopicMatcher.matches(e.text() + " " + String.join(" ", e.hashtags()), tenant.noGoTopics());
            if (!topics.isEmpty()) {
                dropped.addObject().put("slot", i + 1).put("reason", "mentions a no-go topic: " + String.join(", ", topics));
                continue;
            }
            Optional<ObjectNode> body = body(e, platforms, slots.get(i), job.id);
            if (body.isEmpty()) {
                dropped.addObject().put("slot", i + 1).put("reason", "the text cannot be made to fit every platform");
                continue;
            }
            try {
                Post p = posts.createOnce(who, job.tenantId, Ids.derived("post", job.id, Integer.toString(i)), body.get(), "content_job");
                ids.add(p.id);
            } catch (ApiException x) {
                dropped.addObject().put("slot", i + 1).put("reason", x.getMessage());
            }
        }
        return new Made(ids, dropped);
    }

    /** The post body of an entry: one text fitted per platform (the first platform's as the text, the others as overrides). */
    static Optional<ObjectNode> body(Entry e, List<String> platforms, Instant at, String jobId) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String name : platforms) {
            Optional<String> fitted = PlatformFit.fit(e.text(), e.hashtags(), Platforms.require(name));
            if (fitted.isEmpty()) {
                return Optional.empty();
            }
            versions.put(name, fitted.get());
        }
        String text = versions.get(platforms.get(0));
        ObjectNode body = Json.object();
        ObjectNode content = body.putObject("content");
        content.put("text", text);
        ObjectNode overrides = content.putObject("platformOverrides");
        versions.forEach((p, v) -> {
            if (!v.equals(text)) {
                overrides.put(p, v);
            }
        });
        Map<String, String> asMap = new LinkedHashMap<>();
        overrides.fields().forEachRemaining(x -> asMap.put(x.getKey(), x.getValue().asText()));
        if (!ContentCheck.check(new ContentCheck.Draft(text, asMap, null, null, null), platforms).isEmpty()) {
            return Optional.empty();
        }
        JobRequest.putStrings(body, "platforms", platforms);
        body.put("scheduledFor", at.toString());
        body.put("campaignId", jobId);
        return Optional.of(body);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
