package com.socialwire.posts.studio.rss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.service.PostService;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.tenants.TenantStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One check of one claimed feed: fetch (conditional), parse, and turn each new item into a post, once. An item is new
 * when no row of it exists: its key is its guid, else its link, else a hash of its title, description and date; the
 * row is written (conditionally) before the post, and the post's id is derived from the feed and the key
 * ({@link PostService#createOnce}), so a retried or concurrent check never posts an item twice. Posts go through the
 * normal checks and approval workflow: a draft ({@code autoSchedule} off), or submitted for {@code now + 1 min}
 * ({@code immediate}) or the feed's next queue slot ({@code queue}: {@link #QUEUE_SPACING} after the last one).
 * The first good check of a feed takes only its {@value #FIRST_CHECK_ITEMS} newest items (the rest are marked seen),
 * so subscribing to a big feed does not flood the calendar; later checks take at most {@value #MAX_PER_CHECK} new
 * items (the rest wait for the next check). A check looks at the {@value #MAX_ITEMS_READ} newest items of a document
 * only, and reads their rows (a batch read) before it writes any, so a feed it has seen costs reads, not writes. A failed check is recorded with a readable reason and backed off
 * exponentially ({@code interval × 2^failures}, at most {@link #MAX_BACKOFF}).
 */
public final class FeedCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FeedCheck.class);

    public static final int FIRST_CHECK_ITEMS = 5;
    public static final int MAX_PER_CHECK = 20;
    /** The newest items of a document a check looks at (a 2 MB archive feed can hold thousands). */
    public static final int MAX_ITEMS_READ = 200;
    public static final Duration QUEUE_SPACING = Duration.ofHours(1);
    public static final Duration IMMEDIATE_DELAY = Duration.ofMinutes(1);
    public static final Duration MAX_BACKOFF = Duration.ofHours(24);
    /** How long a claim holds (longer than FeedRunFunction's timeout): a check that dies is retried after it. */
    public static final Duration LEASE = Duration.ofMinutes(10);

    /** What one check did. {@code status}: ok | not_modified | failed. */
    public record Outcome(String feedId, String status, int itemsInFeed, int postsCreated, int alreadySeen, int backlogSkipped,
                          int itemsFailed, String error) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("status", status);
            o.put("itemsInFeed", itemsInFeed);
            o.put("postsCreated", postsCreated);
            o.put("alreadySeen", alreadySeen);
            o.put("backlogSkipped", backlogSkipped);
            o.put("itemsFailed", itemsFailed);
            o.put("error", error);
            return o;
        }
    }

    private final FeedStore feeds;
    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final PostService posts;
    private final TenantProfiles tenants;
    private final Clock clock;

    public FeedCheck(FeedStore feeds, FeedFetcher fetcher, FeedParser parser, PostService posts, TenantProfiles tenants, Clock clock) {
        this.feeds = feeds;
        this.tenants = tenants;
        this.fetcher = fetcher;
        this.parser = parser;
        this.posts = posts;
        this.clock = clock;
    }

    /** Checks {@code f}, claimed by {@code runId}, and records the result (ending the claim). Never throws for the feed's own faults. */
    public Outcome check(Feed f, String runId) {
        Instant now = clock.instant();
        Optional<Tenant> tenant = tenants.get(f.tenantId());
        if (tenant.isEmpty() || TenantStatus.INACTIVE.equals(tenant.get().status())) {
            // a deleted (inactive) tenant's feed is not fetched nor posted from again, and leaves the schedule
            String why = "the tenant is inactive (deleted); the feed is paused";
            int failures = f.consecutiveFailures() + 1;
            feeds.finish(f, runId, new FeedStore.CheckResult(now, false, why, failures, now.plus(backoff(f, failures)), 0, f.etag(),
                    f.lastModified(), f.primed(), f.lastSlotAt()));
            feeds.pause(f, now);
            return new Outcome(f.id(), "failed", 0, 0, 0, 0, 0, why);
        }
        Tally t = new Tally(f);
        String status;
        String error = null;
        String etag = f.etag();
        String lastModified = f.lastModified();
        try {
            FeedFetcher.Result r = fetcher.fetch(f.feedUrl(), etag, lastModified);
            if (r instanceof FeedFetcher.Fetched got) {
                ParsedFeed parsed = parser.parse(new ByteArrayInputStream(got.body()), got.contentType(), got.url());
                items(f, parsed, now, t);
                etag = got.etag();
                lastModified = got.lastModified();
                status = "ok";
            } else {
                status = "not_modified";
            }
        } catch (FeedFetcher.Failed | FeedParser.Unreadable e) {
            status = "failed";
            error = e.getMessage();
        } catch (RuntimeException e) {
            status = "failed";
            error = "the check failed unexpectedly (" + e.getClass().getSimpleName() + "); it is tried again later";
            LOG.error("feed {} of tenant {}: check failed", f.id(), f.tenantId(), e);
        }
        boolean ok = error == null;
        int failures = ok ? 0 : f.consecutiveFailures() + 1;
        Instant next = now.plus(ok ? interval(f) : backoff(f, failures));
        boolean kept = feeds.finish(f, runId, new FeedStore.CheckResult(now, ok, error, failures, next, t.posted, etag, lastModified,
                f.primed() || "ok".equals(status), t.lastSlot));
        if (!kept) {
            LOG.warn("feed {} of tenant {}: the claim of {} ran out before the check ended; its result was not recorded", f.id(), f.tenantId(), runId);
        }
        return new Outcome(f.id(), status, t.inFeed, t.posted, t.seen, t.backlog, t.failed, error);
    }

    static Duration interval(Feed f) {
        return Duration.ofMinutes(f.checkIntervalMinutes());
    }

    /** {@code interval × 2^failures}, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(Feed f, int failures) {
        Duration d = interval(f).multipliedBy(1L << Math.min(failures, 16));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** The counts of one check as it goes. */
    private static final class Tally {
        int inFeed;
        int posted;
        int seen;
        int backlog;
        int failed;
        Instant lastSlot;

        Tally(Feed f) {
            lastSlot = f.lastSlotAt();
        }
    }

    private void items(Feed f, ParsedFeed parsed, Instant now, Tally t) {
        List<FeedItem> items = newestFirst(parsed.items());
        t.inFeed = items.size();
        if (items.size() > MAX_ITEMS_READ) {
            items = items.subList(0, MAX_ITEMS_READ); // an archive feed's thousands of old items are never looked at
        }
        List<String> keys = new ArrayList<>(items.size());
        for (FeedItem item : items) {
            keys.add(key(item));
        }
        Map<String, String> known = feeds.itemStates(f, keys);
        int taken = 0;
        for (int i = 0; i < items.size(); i++) {
            FeedItem item = items.get(i);
            String key = keys.get(i);
            String state = known.get(key);
            if (state != null && !FeedStore.PENDING.equals(state)) {
                t.seen++; // posted, skipped or failed by an earlier check: read, not written
                continue;
            }
            boolean backlog = !f.primed() && taken >= FIRST_CHECK_ITEMS;
            if (f.primed() && taken >= MAX_PER_CHECK) {
                break; // the rest stay unseen: the next check takes them
            }
            Optional<Map<String, AttrValue>> before = feeds.markSeen(f, key, backlog ? FeedStore.SKIPPED : FeedStore.PENDING, item, now);
            if (backlog) {
                t.backlog += before.isEmpty() ? 1 : 0;
                continue;
            }
            if (before.isPresent() && !FeedStore.PENDING.equals(Item.s(before.get(), "state"))) {
                t.seen++; // posted, skipped or failed by an earlier check
                continue;
            }
            taken++;
            post(f, item, key, now, t);
        }
    }

    /** Newest first when every item is dated; else the document's order (feeds list newest first). */
    static List<FeedItem> newestFirst(List<FeedItem> items) {
        for (FeedItem i : items) {
            if (i.published() == null) {
                return items;
            }
        }
        List<FeedItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(FeedItem::published).reversed());
        return sorted;
    }

    /** The item's dedupe key: its guid, else its link, else a hash of its title, description and date. */
    static String key(FeedItem item) {
        if (item.guid() != null && !item.guid().isBlank()) {
            return Ids.derived("guid", item.guid());
        }
        if (item.link() != null && !item.link().isBlank()) {
            return Ids.derived("link", item.link());
        }
        return Ids.derived("hash", item.title(), item.description(), item.published() == null ? "" : item.published().toString());
    }

    private void post(Feed f, FeedItem item, String key, Instant now, Tally t) {
        String postId = Ids.derived("post", f.id(), key);
        Instant slot = null;
        if (f.autoSchedule()) {
            Instant soonest = now.plus(IMMEDIATE_DELAY);
            if ("queue".equals(f.schedulingStrategy())) {
                slot = t.lastSlot == null || t.lastSlot.plus(QUEUE_SPACING).isBefore(soonest) ? soonest : t.lastSlot.plus(QUEUE_SPACING);
            } else {
                slot = soonest;
            }
        }
        ObjectNode body;
        try {
            body = body(f, item, slot);
        } catch (IllegalArgumentException nothing) {
            t.failed++;
            feeds.settleItem(f, key, FeedStore.FAILED, null, nothing.getMessage());
            return;
        }
        try {
            posts.createOnce(null, f.tenantId(), postId, body, "rss");
        } catch (ApiException refused) {
            // the post's own checks refused it (a quota, a tenant rule): recorded on the item, never retried
            t.failed++;
            feeds.settleItem(f, key, FeedStore.FAILED, null, refused.getMessage() + (refused.details().isEmpty() ? "" : " " + refused.details()));
            return;
        }
        feeds.settleItem(f, key, FeedStore.POSTED, postId, null);
        t.posted++;
        if (slot != null && "queue".equals(f.schedulingStrategy())) {
            t.lastSlot = slot;
        }
    }

    /** The post body of {@code item}: its text fitted to each target platform, its link and title, scheduled at {@code slot} (null: a draft). */
    static ObjectNode body(Feed f, FeedItem item, Instant slot) {
        PostTemplate template = PostTemplate.of(f.postTemplate());
        Map<String, String> values = PostTemplate.values(item);
        String base = template.fit(values, PostLimits.TEXT, String::length);
        if (base.isBlank()) {
            throw new IllegalArgumentException("nothing to post: the template gave an empty text for this item");
        }
        ObjectNode body = Json.object();
        ObjectNode content = body.putObject("content");
        ObjectNode overrides = Json.object();
        Integer maxTitle = null;
        for (String name : f.targetPlatforms()) {
            Platform p = Platforms.require(name);
            String fitted = template.fit(values, p);
            if (fitted.isBlank()) {
                throw new IllegalArgumentException("nothing to post on " + p.name() + ": the item's text does not fit it");
            }
            if (!fitted.equals(base)) {
                overrides.put(p.name(), fitted);
            }
            if (p.maxTitleCharacters() != null) {
                maxTitle = maxTitle == null ? p.maxTitleCharacters() : Math.min(maxTitle, p.maxTitleCharacters());
            }
        }
        content.put("text", base);
        content.set("platformOverrides", overrides);
        f.targetPlatforms().forEach(body.putArray("platforms")::add);
        if (!f.targetAccountIds().isEmpty()) {
            f.targetAccountIds().forEach(body.putArray("accountIds")::add);
        }
        if (maxTitle != null && !item.title().isBlank()) {
            body.put("title", PostTemplate.shorten(item.title(), Math.min(maxTitle, PostLimits.TITLE)));
        }
        if (item.link() != null && item.link().length() <= PostLimits.LINK && URI.create(item.link()).getRawUserInfo() == null) {
            body.put("link", item.link());
        }
        body.putArray("labels").add("rss");
        if (slot != null) {
            body.put("status", "scheduled");
            body.put("scheduledFor", slot.toString());
        }
        return body;
    }
}
