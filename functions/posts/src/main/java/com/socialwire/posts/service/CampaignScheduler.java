package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Tenant;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bulk-schedules a campaign's approved posts (and, with includePending, the ones still in review,
 * auto-approved) onto calendar slots given in the request, or onto a cadence (posts per day,
 * hours, days of week) from a start date in the tenant's time zone. {@code dryRun} previews the
 * plan without writing. Each scheduled post goes through the same reschedule rule as one at a time.
 */
public final class CampaignScheduler {

    static final Set<String> FIELDS = Set.of("startDate", "mode", "cadence", "calendar", "platforms", "includePending", "timezone", "dryRun");
    /** Posts in review, which includePending auto-approves: where the workflow table lets campaign-auto-approve start. */
    static final List<PostStatus> PENDING = Workflow.rule("campaign-auto-approve").from();
    static final int MAX_POSTS = 500;

    private final PostSteps steps;
    private final PostStore posts;

    public CampaignScheduler(PostSteps steps) {
        this.steps = steps;
        this.posts = steps.posts();
    }

    public Map<String, Object> schedule(Principal who, String tenantId, String campaignId, ObjectNode body, Instant now) {
        JsonBody b = new JsonBody(body, FIELDS);
        Tenant t = steps.tenant(tenantId);
        String mode = b.oneOf("mode", false, Set.of("auto", "calendar", "cadence")).orElse("auto");
        boolean includePending = b.bool("includePending").orElse(false);
        boolean dryRun = b.bool("dryRun").orElse(false);
        String tzName = b.string("timezone", false, 1, 64).orElse(t.timezone() == null ? "UTC" : t.timezone());
        ZoneId zone;
        try {
            zone = ZoneId.of(tzName);
        } catch (RuntimeException e) {
            b.reject("timezone", "must be an IANA time zone, e.g. Europe/London");
            zone = ZoneId.of("UTC");
        }
        Instant start = b.string("startDate", false, 1, 64).map(s -> PostInput.instant(s).orElseGet(() -> {
            b.reject("startDate", "must be an ISO-8601 date-time with an offset");
            return null;
        })).orElse(now);
        if (start == null || start.isBefore(now)) {
            start = now;
        }
        List<String> platformFilter = b.strings("platforms", 12, 40).orElse(List.of());
        for (String p : platformFilter) {
            if (Platforms.find(p).isEmpty()) {
                b.reject("platforms", "Unsupported platform: " + p);
            }
        }
        List<Instant> calendar = new ArrayList<>();
        JsonNode cal = body.get("calendar");
        if (cal != null && !cal.isNull()) {
            if (!cal.isArray() || cal.size() > MAX_POSTS) {
                b.reject("calendar", "must be an array of at most " + MAX_POSTS + " ISO-8601 date-times (or {\"at\":...})");
            } else {
                for (JsonNode slot : cal) {
                    String s = slot.isTextual() ? slot.asText() : slot.path("at").asText(slot.path("date").asText(""));
                    Optional<Instant> at = PostInput.instant(s);
                    if (at.isEmpty()) {
                        b.reject("calendar", "every slot must be an ISO-8601 date-time with an offset: " + s);
                        break;
                    }
                    calendar.add(at.get());
                }
            }
        }
        int perDay = 1;
        List<LocalTime> hours = List.of(LocalTime.of(9, 0));
        Set<DayOfWeek> days = Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
        Optional<JsonBody> cadence = b.object("cadence", Set.of("postsPerDay", "hours", "daysOfWeek"));
        if (cadence.isPresent()) {
            JsonNode c = body.get("cadence");
            perDay = c.path("postsPerDay").asInt(1);
            if (perDay < 1 || perDay > 24) {
                b.reject("cadence.postsPerDay", "must be 1 to 24");
            }
            List<LocalTime> hs = new ArrayList<>();
            for (JsonNode h : c.path("hours")) {
                try {
                    hs.add(LocalTime.parse(h.asText()));
                } catch (RuntimeException e) {
                    b.reject("cadence.hours", "must be HH:mm times, e.g. [\"09:00\",\"17:30\"]");
                }
            }
            if (!hs.isEmpty()) {
                hours = hs.stream().sorted().toList();
            }
            if (c.has("daysOfWeek")) {
                Set<DayOfWeek> ds = new java.util.HashSet<>();
                for (JsonNode d : c.path("daysOfWeek")) {
                    int n = d.asInt(-1);
                    if (!d.isInt() || n < 0 || n > 6) {
                        b.reject("cadence.daysOfWeek", "must be numbers 0 (Sunday) to 6 (Saturday)");
                    } else {
                        ds.add(n == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(n));
                    }
                }
                if (!ds.isEmpty()) {
                    days = ds;
                }
            }
        }
        b.check();
        if ("calendar".equals(mode) && calendar.isEmpty()) {
            throw ApiException.validation("mode calendar needs calendar slots", Map.of("calendar", "is required for mode calendar"));
        }
        boolean useCalendar = "calendar".equals(mode) || ("auto".equals(mode) && !calendar.isEmpty());
        if (t.settings().deliveryMode() != null && "download_only".equals(t.settings().deliveryMode())) {
            throw new ApiException(com.socialwire.shared.http.ErrorCode.INVALID_TRANSITION,
                    "the tenant's deliveryMode is download_only: approved content goes to the vault, not the schedule");
        }

        List<Post> campaign = new ArrayList<>();
        String cursor = null;
        do {
            Page<Post> page = posts.list(tenantId, null, null, null, null, campaignId, 100, cursor);
            campaign.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && campaign.size() < MAX_POSTS);
        campaign.sort(Comparator.comparing((Post p) -> p.createdAt).thenComparing(p -> p.id));

        List<Map<String, Object>> skipped = new ArrayList<>();
        List<Post> eligible = new ArrayList<>();
        for (Post p : campaign) {
            boolean statusOk = p.status == PostStatus.APPROVED || (includePending && PENDING.contains(p.status));
            if (!statusOk) {
                skipped.add(Map.of("postId", p.id, "status", p.status.wire(), "reason", includePending
                        ? "not approved or in review" : "not approved (use includePending to auto-approve posts in review)"));
            } else if (!platformFilter.isEmpty() && p.platforms().stream().noneMatch(x -> platformFilter.contains(Platforms.require(x).name()))) {
                skipped.add(Map.of("postId", p.id, "status", p.status.wire(), "reason", "none of its platforms is in the requested platforms"));
            } else {
                eligible.add(p);
            }
        }
        List<Instant> slots = useCalendar
                ? calendar.stream().filter(s -> s.isAfter(now)).sorted().toList()
                : cadence(start, zone, perDay, hours, days, eligible.size());
        List<Map<String, Object>> scheduled = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        int next = 0;
        for (Post eligiblePost : eligible) {
            Post p = eligiblePost;
            if (next >= slots.size()) {
                skipped.add(Map.of("postId", p.id, "status", p.status.wire(), "reason", "no free slot left in the calendar"));
                continue;
            }
            Instant slot = slots.get(next);
            if (!dryRun) {
                try {
                    p = posts.update(tenantId, p.id, x -> {
                        boolean pending = PENDING.contains(x.status);
                        if (x.status != PostStatus.APPROVED && !(includePending && pending)) {
                            throw new ApiException(com.socialwire.shared.http.ErrorCode.CONFLICT, "post " + x.id + " changed while scheduling");
                        }
                        x.scheduledFor = slot;
                        if (pending) {
                            steps.stampApproval(x, who, now);
                            steps.transition(x, PostStatus.APPROVED, "campaign-auto-approve", who, "includePending");
                        }
                        steps.transition(x, Workflow.reschedule(x.status, PostSteps.policy(t, x)), "campaign-schedule", who, campaignId);
                    });
                } catch (RuntimeException e) {
                    // this post fails alone: its slot goes to the next one
                    failed.add(Map.of("postId", p.id, "status", p.status.wire(), "error", RowError.of(e, "post " + p.id)));
                    continue;
                }
            }
            next++;
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("postId", p.id);
            s.put("platforms", p.platforms());
            s.put("scheduledFor", slot.toString());
            s.put("status", dryRun ? PostStatus.SCHEDULED.wire() + " (dry run)" : p.status.wire());
            scheduled.add(s);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("campaignId", campaignId);
        out.put("scheduled", scheduled);
        out.put("skipped", skipped);
        out.put("failed", failed);
        out.put("totals", Map.of("scheduled", scheduled.size(), "skipped", skipped.size(), "failed", failed.size(), "eligible", eligible.size()));
        out.put("startDate", start.toString());
        out.put("endDate", scheduled.isEmpty() ? null : scheduled.get(scheduled.size() - 1).get("scheduledFor"));
        out.put("mode", useCalendar ? "calendar" : "cadence");
        out.put("timezone", zone.getId());
        out.put("dryRun", dryRun);
        return out;
    }

    /** Cadence slots from {@code start}: on the given weekdays, the first {@code perDay} of {@code hours}, in {@code zone}. */
    static List<Instant> cadence(Instant start, ZoneId zone, int perDay, List<LocalTime> hours, Set<DayOfWeek> days, int needed) {
        List<Instant> out = new ArrayList<>();
        LocalDate day = start.atZone(zone).toLocalDate();
        List<LocalTime> times = new ArrayList<>(hours);
        while (times.size() < perDay) {
            times.add(times.get(times.size() - 1).plusHours(1));
        }
        times = times.subList(0, perDay);
        for (int guard = 0; out.size() < needed && guard < 3660; guard++, day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            for (LocalTime time : times) {
                Instant at = ZonedDateTime.of(day, time, zone).toInstant();
                if (at.isAfter(start) && out.size() < needed) {
                    out.add(at);
                }
            }
        }
        return out;
    }
}
