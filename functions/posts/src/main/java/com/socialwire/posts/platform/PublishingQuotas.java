package com.socialwire.posts.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The posting caps platforms put on one account, known before a post is scheduled so that a post that would exceed
 * one is refused with the reason when it is scheduled, not failed when it is due. The documented caps are built in
 * (platforms.md §1.4, §4.4, §6.4, §8.4 and the Instagram Graph API's content publishing limit); an operator adds or
 * replaces caps with {@code PLATFORM_QUOTAS} — X's monthly cap depends on the agency's X plan and spend cap, so it is
 * configured, not built in:
 * <pre>PLATFORM_QUOTAS=[{"platform":"twitter","posts":3000,"windowHours":720,"source":"our X plan's monthly cap"}]</pre>
 * A configured cap of the same platform and window replaces the built-in one.
 */
public final class PublishingQuotas {

    /** One cap: at most {@code posts} posts in any {@code window} on one account of {@code platform}. */
    public record Quota(String platform, int posts, Duration window, String source) {

        public Quota {
            if (posts < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a quota needs posts ≥ 1 and a positive window");
            }
        }

        /** "300 posts per 3 h", "100 posts per 15 min", "3000 posts per 30 days". */
        public String describe() {
            long minutes = window.toMinutes();
            String per = minutes == 24 * 60 ? "24 h" : minutes % (24 * 60) == 0 ? (minutes / (24 * 60)) + " days"
                    : minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
            return posts + " posts per " + per;
        }
    }

    static final List<Quota> DOCUMENTED = List.of(
            new Quota("instagram", 100, Duration.ofHours(24),
                    "Instagram Graph API: 100 API-published posts per account in a moving 24 hours (a carousel counts as one)"),
            new Quota("threads", 250, Duration.ofHours(24), "Threads API: 250 API-published posts per profile in 24 hours"),
            new Quota("twitter", 300, Duration.ofHours(3), "X API: 300 posts and reposts per user in 3 hours"),
            new Quota("twitter", 100, Duration.ofMinutes(15), "X API: POST /2/tweets 100 requests per user in 15 minutes"),
            new Quota("mastodon", 300, Duration.ofHours(3), "Mastodon's default server limits: 300 statuses per account in 3 hours"),
            new Quota("youtube", 100, Duration.ofHours(24), "YouTube Data API: 100 videos.insert calls a day by default (older"
                    + " documentation: 1,600 of 10,000 units, 6 uploads) for the whole Google project, every channel together;"
                    + " reset at midnight Pacific time"),
            new Quota("tiktok", 15, Duration.ofHours(24), "TikTok Direct Post caps posts per creator per day without publishing the"
                    + " number; about 15 is what integrators report (PLATFORM_QUOTAS changes it)"));

    private final List<Quota> quotas;

    public PublishingQuotas(List<Quota> quotas) {
        this.quotas = List.copyOf(quotas);
    }

    /** The documented caps with {@code PLATFORM_QUOTAS}'s added or replacing them; a malformed value fails the cold start. */
    public static PublishingQuotas fromConfig(Config config) {
        List<Quota> all = new ArrayList<>(DOCUMENTED);
        String json = config.get("PLATFORM_QUOTAS", null); // plain code: a lambda here would spin a class at every cold start
        if (json != null) {
            JsonNode list = Json.tree(json);
            if (!list.isArray()) {
                throw new IllegalStateException("PLATFORM_QUOTAS must be a JSON array");
            }
            for (JsonNode q : list) {
                String platform = Platforms.find(q.path("platform").asText()).map(Platform::name)
                        .orElseThrow(() -> new IllegalStateException("PLATFORM_QUOTAS names an unknown platform: " + q.path("platform").asText()));
                Duration window = q.has("windowMinutes") ? Duration.ofMinutes(q.path("windowMinutes").asLong())
                        : Duration.ofHours(q.path("windowHours").asLong());
                Quota quota = new Quota(platform, q.path("posts").asInt(), window,
                        q.path("source").asText("configured (PLATFORM_QUOTAS)"));
                all.removeIf(x -> x.platform().equals(platform) && x.window().equals(window));
                all.add(quota);
            }
        }
        return new PublishingQuotas(all);
    }

    /** The caps of {@code platform} (canonical name), longest window first. */
    public List<Quota> of(String platform) {
        List<Quota> out = new ArrayList<>();
        for (Quota q : quotas) {
            if (q.platform().equals(platform.toLowerCase(Locale.ROOT))) {
                out.add(q);
            }
        }
        out.sort((a, b) -> b.window().compareTo(a.window()));
        return out;
    }

    /** {@code GET /v1/platforms/{platform}}: the platform's rules and its posting caps ({@code quotas}). */
    public com.fasterxml.jackson.databind.node.ObjectNode describe(Platform platform) {
        com.fasterxml.jackson.databind.node.ObjectNode o = platform.toJson();
        com.fasterxml.jackson.databind.node.ArrayNode caps = o.putArray("quotas");
        for (Quota q : of(platform.name())) {
            caps.addObject().put("posts", q.posts()).put("windowMinutes", q.window().toMinutes()).put("summary", q.describe())
                    .put("source", q.source());
        }
        return o;
    }

    /**
     * The most posts any window of length {@code window} holding {@code at} would hold, counting the posts at
     * {@code times} and one more at {@code at}: the count a post at {@code at} is allowed by a cap of that window
     * only if it is at most the cap. Windows are half-open, {@code [start, start + window)}.
     */
    public static int peak(List<Instant> times, Instant at, Duration window) {
        return peak(times, at, window, 1);
    }

    /**
     * As {@link #peak(List, Instant, Duration)} for a post that is {@code self} posts at {@code at} (a thread is one
     * post per part; so is one in {@code times}, listed once per part).
     */
    public static int peak(List<Instant> times, Instant at, Duration window, int self) {
        List<Instant> near = new ArrayList<>();
        for (Instant t : times) {
            if (t.isAfter(at.minus(window)) && t.isBefore(at.plus(window))) {
                near.add(t);
            }
        }
        Collections.sort(near);
        // the count only changes where a window starts at a post: try each post in (at - window, at], and at itself
        int best = 0;
        List<Instant> starts = new ArrayList<>();
        starts.add(at);
        for (Instant t : near) {
            if (!t.isAfter(at)) {
                starts.add(t);
            }
        }
        for (Instant start : starts) {
            Instant end = start.plus(window);
            int n = self;
            for (Instant t : near) {
                if (!t.isBefore(start) && t.isBefore(end)) {
                    n++;
                }
            }
            best = Math.max(best, n);
        }
        return best;
    }
}
