package com.socialwire.posts.studio.rss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.shared.Ids;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.net.PublicUrls;
import com.socialwire.shared.store.Page;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's feeds: create, read, list, change, delete, and the actions {@code check} (now, through the same
 * {@link FeedCheck} as the schedule), {@code pause} and {@code resume}. Bad input is 400 (its shape) or 422 (a feed URL
 * that is not on a public host, a template with an unknown placeholder, a platform a feed cannot post to).
 */
public final class FeedService {

    static final Set<String> FIELDS = Set.of("name", "feedUrl", "targetPlatforms", "targetAccountIds", "postTemplate", "includeImage",
            "autoSchedule", "schedulingStrategy", "checkIntervalMinutes", "status");
    static final Set<String> STRATEGIES = Set.of("queue", "immediate");
    static final Set<String> STATUSES = Set.of(Feed.ACTIVE, Feed.PAUSED);
    static final Set<String> ACTIONS = Set.of("check", "pause", "resume");
    public static final int MIN_INTERVAL = 15;
    public static final int DEFAULT_INTERVAL = 60;
    static final int MAX_INTERVAL = 7 * 24 * 60;
    static final int MAX_URL = 2_000;
    /** Feeds one tenant may have: every one of them is fetched by the schedule, at our cost. */
    public static final int MAX_FEEDS = 50;

    private final FeedStore feeds;
    private final FeedUrls urls;
    private final FeedCheck check;
    private final Clock clock;

    public FeedService(FeedStore feeds, FeedUrls urls, FeedCheck check, Clock clock) {
        this.feeds = feeds;
        this.urls = urls;
        this.check = check;
        this.clock = clock;
    }

    public Page<Feed> list(String tenantId, int limit, String cursor) {
        return feeds.list(tenantId, limit, cursor);
    }

    public Feed get(String tenantId, String feedId) {
        return feeds.get(tenantId, feedId).orElseThrow(() -> ApiException.notFound("feed " + feedId));
    }

    public Feed create(String tenantId, ObjectNode body) {
        Settings s = Settings.read(body, null);
        problems(s);
        if (feeds.list(tenantId, MAX_FEEDS, null).items().size() >= MAX_FEEDS) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "a tenant may have at most " + MAX_FEEDS + " feeds; delete one first",
                    Map.of("maxFeeds", MAX_FEEDS), Map.of());
        }
        Instant now = clock.instant();
        Feed f = new Feed(Ids.next("feed"), tenantId, s.name, s.feedUrl, s.platforms, s.accounts, s.template, s.includeImage, s.autoSchedule,
                s.strategy, s.interval, s.feedStatus, now, now, 1, null, null, null, 0, now, 0, null, null, false, null);
        feeds.create(f);
        return f;
    }

    /** Changes the settings given (the others stay); {@code status} pauses or resumes as the actions do. */
    public Feed update(String tenantId, String feedId, ObjectNode body) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Feed old = get(tenantId, feedId);
            Settings s = Settings.read(body, old);
            problems(s);
            Instant now = clock.instant();
            Feed f = new Feed(old.id(), tenantId, s.name, s.feedUrl, s.platforms, s.accounts, s.template, s.includeImage, s.autoSchedule,
                    s.strategy, s.interval, old.status(), old.createdAt(), now, old.version() + 1, old.lastCheckedAt(), old.lastSuccessAt(),
                    old.lastError(), old.consecutiveFailures(), old.nextCheckAt(), old.itemsPosted(), old.etag(), old.lastModified(),
                    old.primed(), old.lastSlotAt());
            if (feeds.saveSettings(f, old.version(), !s.feedUrl.equals(old.feedUrl()))) {
                if (!s.feedStatus.equals(old.status())) {
                    return act(tenantId, feedId, s.feedStatus.equals(Feed.PAUSED) ? "pause" : "resume").feed();
                }
                return get(tenantId, feedId);
            }
        }
        throw new ApiException(ErrorCode.CONFLICT, "the feed is being changed concurrently; retry");
    }

    public void delete(String tenantId, String feedId) {
        if (!feeds.delete(tenantId, feedId)) {
            throw ApiException.notFound("feed " + feedId);
        }
    }

    /** What an action did: the feed as it is after it, and for {@code check} what the check found. */
    public record Acted(Feed feed, FeedCheck.Outcome outcome) {
    }

    /** {@code check} (the default), {@code pause} or {@code resume}. */
    public Acted act(String tenantId, String feedId, String action) {
        Feed f = get(tenantId, feedId);
        Instant now = clock.instant();
        switch (action) {
            case "pause" -> feeds.pause(f, now);
            case "resume" -> feeds.resume(f, now);
            case "check" -> {
                String runId = "check_" + Ids.base62(12);
                if (!feeds.claim(f, now, FeedCheck.LEASE, runId, false)) {
                    throw new ApiException(ErrorCode.CONFLICT, "the feed is being checked right now; try again in a minute");
                }
                FeedCheck.Outcome o = check.check(f, runId);
                return new Acted(get(tenantId, feedId), o);
            }
            default -> throw ApiException.validation("the request body is invalid", Map.of("action", "must be one of " + ACTIONS.stream().sorted().toList()));
        }
        return new Acted(get(tenantId, feedId), null);
    }

    /** The action of a {@code POST .../rss-feeds/{feedId}} body ({@code {"action": ...}}, check when absent). */
    public static String action(ObjectNode body) {
        JsonBody b = new JsonBody(body, Set.of("action"));
        String action = b.oneOf("action", false, ACTIONS).orElse("check");
        b.check();
        return action;
    }

    /** The 422s: a URL not on a public host, an unknown placeholder, a platform whose posts need media. */
    private void problems(Settings s) {
        Map<String, Object> problems = new LinkedHashMap<>();
        Optional<PublicUrls.Problem> url = urls.problem(s.feedUrl);
        url.ifPresent(p -> problems.put("feedUrl", p.reason()));
        List<String> unknown = PostTemplate.unknown(s.template);
        if (!unknown.isEmpty()) {
            problems.put("postTemplate", "unknown placeholder(s) " + unknown + "; use " + PostTemplate.PLACEHOLDERS.stream().sorted()
                    .map(p -> "{{" + p + "}}").toList());
        }
        for (String name : s.platforms) {
            Platform p = Platforms.require(name);
            if (p.requiresMedia()) {
                problems.put("targetPlatforms", p.name() + " needs media on every post, and posts made from feed items carry text and a"
                        + " link only (the item's image is kept on the item, not attached)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "the feed cannot be saved: " + String.join("; ",
                    problems.values().stream().map(String::valueOf).toList()), problems, Map.of());
        }
    }

    /** A create or PATCH body over the feed's current settings ({@code old}, null on create), checked for shape (400). */
    private static final class Settings {
        String name;
        String feedUrl;
        List<String> platforms;
        List<String> accounts;
        String template;
        boolean includeImage;
        boolean autoSchedule;
        String strategy;
        int interval;
        String feedStatus;

        static Settings read(ObjectNode body, Feed old) {
            boolean create = old == null;
            JsonBody b = new JsonBody(body, FIELDS);
            Settings s = new Settings();
            s.name = b.string("name", create, 1, 200).orElse(create ? null : old.name());
            s.feedUrl = b.string("feedUrl", create, 1, MAX_URL).orElse(create ? null : old.feedUrl());
            s.platforms = b.strings("targetPlatforms", 12, 40).orElse(create ? null : old.targetPlatforms());
            if (create && s.platforms == null && !body.has("targetPlatforms")) {
                b.reject("targetPlatforms", "is required (e.g. [\"linkedin\", \"twitter\"])");
            }
            if (s.platforms != null) {
                List<String> canonical = new ArrayList<>();
                for (String p : s.platforms) {
                    Optional<Platform> found = Platforms.find(p);
                    if (found.isEmpty()) {
                        b.reject("targetPlatforms", "Unsupported platform: " + p + " (see GET /v1/platforms)");
                    } else if (!canonical.contains(found.get().name())) {
                        canonical.add(found.get().name());
                    }
                }
                if (s.platforms.isEmpty()) {
                    b.reject("targetPlatforms", "must name at least one platform");
                }
                s.platforms = canonical;
            }
            s.accounts = b.strings("targetAccountIds", PostLimits.ACCOUNT_IDS, PostLimits.ACCOUNT_ID).orElse(create ? List.of() : old.targetAccountIds());
            s.template = b.string("postTemplate", false, 1, PostTemplate.MAX_LENGTH).orElse(create ? PostTemplate.DEFAULT : old.postTemplate());
            s.includeImage = b.bool("includeImage").orElse(!create && old.includeImage());
            s.autoSchedule = b.bool("autoSchedule").orElse(!create && old.autoSchedule());
            s.strategy = b.oneOf("schedulingStrategy", false, STRATEGIES).orElse(create ? "queue" : old.schedulingStrategy());
            s.interval = b.decimal("checkIntervalMinutes", BigDecimal.valueOf(MIN_INTERVAL), BigDecimal.valueOf(MAX_INTERVAL), 0)
                    .map(BigDecimal::intValue).orElse(create ? DEFAULT_INTERVAL : old.checkIntervalMinutes());
            s.feedStatus = b.oneOf("status", false, STATUSES).orElse(create ? Feed.ACTIVE : old.status());
            b.check();
            return s;
        }
    }
}
