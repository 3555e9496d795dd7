package com.socialwire.shared.analytics;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A tenant's counters, one small row per local day ({@code TENANT#{id}} / {@code COUNTS#DAY#{yyyy-MM-dd}}), written by the
 * context that owns the thing counted IN THE SAME WRITE as the change ({@link #write}: one transaction of the change and
 * one counter update), so a retried or redelivered change that does not apply changes no counter, and one that applies
 * changes them once. The reports context reads them ({@link #days}) and never scans the table.
 *
 * <p>Every change adds to exactly ONE row, today's (in the tenant's time zone): events ({@code posts.created},
 * {@code posts.delivered.{platform}}, approvals, replies...) as +1, and state counts ({@code posts.status.{status}},
 * {@code posts.platform.{platform}}, {@code inbox.status.{status}}...) as moves (-1 on the old state, +1 on the new). A
 * period's events are the sum of its days; the current state counts are the sum of all days since the tenant's first
 * row ({@link Totals#since}): a thing created before its counters existed is not in them (its writer marks what it
 * counts, and moves only marked things), so no state count goes below zero.
 */
public final class TenantCounters {

    public static final String SK_PREFIX = "COUNTS#DAY#";

    // ---- posts (written by posts.store.PostStore)
    /** Posts created (event). */
    public static final String POSTS_CREATED = "posts.created";
    /** + platform: posts created naming that platform (event). */
    public static final String POSTS_CREATED_ON = "posts.createdOn.";
    /** + platform: deliveries that ended failed on that platform (event, each time one does). */
    public static final String POSTS_DELIVERY_FAILED = "posts.deliveryFailed.";
    /** + status: posts in that status now (state; created since counters). */
    public static final String POST_STATUS = "posts.status.";
    /** + platform: posts naming that platform now (state; created since counters). */
    public static final String POST_PLATFORM = "posts.platform.";
    /** + platform: deliveries that went out on that platform (event, once per post and platform). */
    public static final String POSTS_DELIVERED = "posts.delivered.";
    /** Posts that ended published or partially_published (event). */
    public static final String POSTS_PUBLISHED = "posts.published";
    /** Posts that ended failed (event). */
    public static final String POSTS_FAILED = "posts.failed";
    public static final String QA_APPROVED = "approvals.qa.approved";
    public static final String QA_REJECTED = "approvals.qa.rejected";
    public static final String CLIENT_APPROVED = "approvals.client.approved";
    public static final String CLIENT_REJECTED = "approvals.client.rejected";

    // ---- inbox (written by engagement.store.InboxStore)
    /** + item type (comment, dm, mention): items received (event). */
    public static final String INBOX_RECEIVED = "inbox.received.";
    /** + status: items in that status now, {@code deleted} included (state; received since counters). */
    public static final String INBOX_STATUS = "inbox.status.";
    /** + sentiment: items of that sentiment now (state; received since counters). */
    public static final String INBOX_SENTIMENT = "inbox.sentiment.";
    /** + item type: replies sent (event; a DM's is a DM answered). */
    public static final String INBOX_REPLIED = "inbox.replied.";

    // ---- content jobs (written by posts.studio.jobs.ContentJobStore)
    /** + job type: content jobs created (event). */
    public static final String JOBS_CREATED = "jobs.created.";
    /** + status: jobs in that status now (state; created since counters). */
    public static final String JOB_STATUS = "jobs.status.";
    /** + status (completed, failed, cancelled): jobs that ended so (event). */
    public static final String JOBS_ENDED = "jobs.ended.";

    /** How long a tenant's time zone is remembered by a container (a change of zone reaches the counters after it). */
    static final Duration ZONE_KEPT = Duration.ofMinutes(10);
    private static final int ATTEMPTS = 6;

    private final Table table;
    private final Clock clock;
    private final Map<String, Zone> zones = new ConcurrentHashMap<>();

    private record Zone(ZoneId id, Instant until) {
    }

    public TenantCounters(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public static String sk(LocalDate day) {
        return SK_PREFIX + day;
    }

    /** Adds {@code delta} to counter {@code prefix + name} in {@code deltas} (a move is two calls: -1 and +1). */
    public static void add(Map<String, Long> deltas, String counter, long delta) {
        if (delta != 0) {
            deltas.merge(counter, delta, Long::sum);
        }
    }

    /** The tenant's local date now. */
    public LocalDate today(String tenantId) {
        return LocalDate.ofInstant(clock.instant(), zone(tenantId));
    }

    /** The tenant's time zone (its profile's {@code timezone}, UTC if absent or not a zone), remembered {@link #ZONE_KEPT}. */
    public ZoneId zone(String tenantId) {
        Instant now = clock.instant();
        Zone z = zones.get(tenantId);
        if (z == null || !now.isBefore(z.until())) {
            String tz = table.get(TenantRecords.pk(tenantId), TenantRecords.PROFILE, false, null)
                    .map(i -> Item.s(i, "timezone")).orElse(null);
            z = new Zone(parse(tz), now.plus(ZONE_KEPT));
            zones.put(tenantId, z);
        }
        return z.id();
    }

    /** The tenant's {@code timezone} as a caller that just read its profile has it: no read of it for the counters. */
    public void remember(String tenantId, String timezone) {
        zones.put(tenantId, new Zone(parse(timezone), clock.instant().plus(ZONE_KEPT)));
    }

    public static ZoneId parse(String timezone) {
        try {
            return timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** The update of today's row adding {@code deltas} (non-empty): the extra item of a change's transaction. */
    public Write.Update update(String tenantId, Map<String, Long> deltas) {
        return Counters.adding(Table.key(TenantRecords.pk(tenantId), sk(today(tenantId))), deltas);
    }

    /**
     * Writes {@code change} (a conditional put, update or delete) and, when {@code deltas} holds a non-zero count, adds them
     * to the tenant's row of today in the same transaction. False (nothing written) when {@code change}'s condition
     * failed. Concurrent changes of one tenant meet on its row: a transaction that lost to another (TransactionConflict)
     * is tried again, its conditions still deciding.
     */
    public boolean write(Write change, String tenantId, Map<String, Long> deltas) {
        return write(change, tenantId, deltas, List.of()) == Outcome.WRITTEN;
    }

    /** What {@link #write(Write, String, Map, List)} did. */
    public enum Outcome {
        /** Everything was written. */
        WRITTEN,
        /** Nothing: the change's condition failed. */
        CHANGE_REFUSED,
        /** Nothing: a condition of one of the writes {@code with} failed (the caller reads again and retries). */
        WITH_REFUSED
    }

    /**
     * {@link #write(Write, String, Map)} with more writes that belong to the same change ({@code with}: rows the change
     * keeps in step, such as the person an inbox item is from), all in the one transaction the counters already make, so a
     * change that does not apply writes none of them. A lone change (no count, nothing with it) stays a plain write.
     */
    public Outcome write(Write change, String tenantId, Map<String, Long> deltas, List<? extends Write> with) {
        Map<String, Long> counts = new HashMap<>();
        deltas.forEach((k, v) -> add(counts, k, v));
        if (counts.isEmpty() && with.isEmpty()) {
            return alone(change) ? Outcome.WRITTEN : Outcome.CHANGE_REFUSED;
        }
        List<Write> writes = new ArrayList<>(2 + with.size());
        writes.add(change);
        if (!counts.isEmpty()) {
            writes.add(update(tenantId, counts));
        }
        writes.addAll(with);
        for (int attempt = 1; ; attempt++) {
            try {
                table.transact(writes);
                return Outcome.WRITTEN;
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 0)) {
                    return Outcome.CHANGE_REFUSED;
                }
                for (int i = writes.size() - with.size(); i < writes.size(); i++) {
                    if (failedCondition(e, i)) {
                        return Outcome.WITH_REFUSED;
                    }
                }
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private boolean alone(Write change) {
        try {
            return switch (change) {
                case Write.Update u -> table.updateIf(u);
                case Write.Put p -> {
                    table.put(p);
                    yield true;
                }
                case Write.Delete d -> {
                    table.delete(d);
                    yield true;
                }
                case Write.Check c -> throw new IllegalArgumentException("a check writes nothing");
            };
        } catch (ConditionalCheckFailedException failed) {
            return false;
        }
    }

    private static boolean failedCondition(TransactionCanceledException e, int index) {
        return e.hasCancellationReasons() && e.cancellationReasons().size() > index
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(index).code());
    }

    private static boolean retryable(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        boolean any = false;
        for (var r : e.cancellationReasons()) {
            String code = r.code();
            if ("TransactionConflict".equals(code) || "ThrottlingError".equals(code) || "ProvisionedThroughputExceeded".equals(code)) {
                any = true;
            } else if (code != null && !"None".equals(code)) {
                return false;
            }
        }
        return any;
    }

    /** A jittered pause before another attempt of a write that lost to a concurrent one (longer with each attempt). */
    public static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a counted change", e);
        }
    }

    // ---------------------------------------------------------------- reads (the reports context)

    /** One local day's counters. */
    public record Day(LocalDate date, Map<String, Long> counts) {

        public long get(String counter) {
            return counts.getOrDefault(counter, 0L);
        }
    }

    /** The tenant's rows from {@code from} to {@code to} inclusive (null: open), oldest first; days without a change have none. */
    public List<Day> days(String tenantId, LocalDate from, LocalDate to) {
        List<Day> out = new ArrayList<>();
        Map<String, String> names = Map.of("#pk", Table.PK, "#sk", Table.SK);
        Map<String, AttrValue> values = Map.of(":pk", AttrValue.fromS(TenantRecords.pk(tenantId)),
                ":from", AttrValue.fromS(from == null ? SK_PREFIX : sk(from)),
                ":to", AttrValue.fromS(to == null ? SK_PREFIX + "~" : sk(to)));
        Map<String, AttrValue> start = null;
        do {
            LeanDynamoDb.RawPage page = table.queryPage(null, "#pk = :pk AND #sk BETWEEN :from AND :to", names, values, null, start, true);
            for (Map<String, AttrValue> i : page.items()) {
                out.add(day(i));
            }
            start = page.lastKey();
        } while (start != null);
        return out;
    }

    private static Day day(Map<String, AttrValue> item) {
        Map<String, Long> counts = new TreeMap<>();
        item.forEach((k, v) -> {
            if (v.n() != null) {
                counts.put(k, Long.parseLong(v.n()));
            }
        });
        return new Day(LocalDate.parse(Item.s(item, Table.SK).substring(SK_PREFIX.length())), counts);
    }

    /** Every counter summed over {@code days}. */
    public static Map<String, Long> sum(List<Day> days) {
        Map<String, Long> out = new TreeMap<>();
        days.forEach(d -> d.counts().forEach((k, v) -> out.merge(k, v, Long::sum)));
        return out;
    }

    /** The counters named {@code prefix + name} that are not zero, by name, sorted (a state nothing is in now is left out). */
    public static Map<String, Long> named(Map<String, Long> counts, String prefix) {
        Map<String, Long> out = new TreeMap<>(Counters.withPrefix(counts, prefix));
        out.values().removeIf(v -> v == 0);
        return out;
    }

    /**
     * The day this code began to count (the counters shipped): a tenant created since has been counted all its life.
     * Read by IsoInstant: the JDK's {@code Instant.parse} built java.time.format's formatters (~100 classes) at the
     * class's initialisation, in every function's cold start that counts.
     */
    public static final Instant SHIPPED = IsoInstant.parse("2026-12-05T00:00:00Z");

    /**
     * The first local day from which the tenant's counts are complete: its creation day if it was created since the
     * counters shipped, else the day of its first counter row; null if neither (nothing counted yet).
     */
    public LocalDate since(String tenantId, Instant tenantCreatedAt, ZoneId zone) {
        if (tenantCreatedAt != null && !tenantCreatedAt.isBefore(SHIPPED)) {
            return LocalDate.ofInstant(tenantCreatedAt, zone);
        }
        Map<String, String> names = Map.of("#pk", Table.PK, "#sk", Table.SK);
        Map<String, AttrValue> values = Map.of(":pk", AttrValue.fromS(TenantRecords.pk(tenantId)), ":prefix", AttrValue.fromS(SK_PREFIX));
        LeanDynamoDb.RawPage first = table.queryPage(null, "#pk = :pk AND begins_with(#sk, :prefix)", names, values, 1, null, true);
        return first.items().isEmpty() ? null : day(first.items().get(0)).date();
    }

    /** All of a tenant's counters: their sums since its first row ({@code since}, null: nothing counted yet). */
    public record Totals(LocalDate since, Map<String, Long> counts, List<Day> days) {
    }

    /** Every row of the tenant (one Query of its day rows: as many items as days with a change), summed. */
    public Totals totals(String tenantId) {
        List<Day> all = days(tenantId, null, null);
        return new Totals(all.isEmpty() ? null : all.get(0).date(), sum(all), all);
    }

    /** A closed month's sums: {@code TENANT#{id}} / {@code COUNTS#MONTH#{yyyy-MM}}, with its first day row's date. */
    public static final String MONTH_PREFIX = "COUNTS#MONTH#";
    /** A month is rolled up once it ended this many days ago: no change can still land on its days (a zone change aside). */
    static final int SETTLE_DAYS = 2;

    /**
     * All of a tenant's counters as of {@code today}, read in bounded time: closed months come from their rollup rows
     * ({@code COUNTS#MONTH#…}, written by the first read that finds the month closed and not yet rolled up: a conditional
     * put, so concurrent readers write it once, and a closed month's day rows never change again), the rest from the day
     * rows after the last rollup. {@code days} holds at least the last {@code recentDays} days' rows (a rolled-up month's
     * too), for the views that show recent days. Two Queries and at most one put per newly closed month, instead of one
     * item per day the tenant ever had a change.
     */
    public Totals allTime(String tenantId, LocalDate today, int recentDays) {
        Map<String, String> names = Map.of("#pk", Table.PK, "#sk", Table.SK);
        Map<String, AttrValue> monthValues = Map.of(":pk", AttrValue.fromS(TenantRecords.pk(tenantId)), ":prefix", AttrValue.fromS(MONTH_PREFIX));
        Map<String, Long> total = new TreeMap<>();
        LocalDate since = null;
        java.time.YearMonth lastRolled = null;
        Map<String, AttrValue> start = null;
        do {
            LeanDynamoDb.RawPage page = table.queryPage(null, "#pk = :pk AND begins_with(#sk, :prefix)", names, monthValues, null, start, true);
            for (Map<String, AttrValue> i : page.items()) {
                java.time.YearMonth month = java.time.YearMonth.parse(Item.s(i, Table.SK).substring(MONTH_PREFIX.length()));
                String first = Item.s(i, "firstDay");
                if (since == null && first != null) {
                    since = LocalDate.parse(first);
                }
                i.forEach((k, v) -> {
                    if (v.n() != null) {
                        total.merge(k, Long.parseLong(v.n()), Long::sum);
                    }
                });
                lastRolled = month;
            }
            start = page.lastKey();
        } while (start != null);
        LocalDate unrolledFrom = lastRolled == null ? null : lastRolled.plusMonths(1).atDay(1);
        LocalDate recentFrom = today.minusDays(recentDays);
        LocalDate readFrom = unrolledFrom == null || recentFrom.isBefore(unrolledFrom) ? (unrolledFrom == null ? null : recentFrom) : unrolledFrom;
        List<Day> read = days(tenantId, readFrom, null);
        java.time.YearMonth settled = java.time.YearMonth.from(today.minusDays(SETTLE_DAYS)); // months before it are closed
        Map<java.time.YearMonth, List<Day>> toRoll = new java.util.TreeMap<>();
        List<Day> recent = new ArrayList<>();
        for (Day d : read) {
            if (unrolledFrom == null || !d.date().isBefore(unrolledFrom)) {
                d.counts().forEach((k, v) -> total.merge(k, v, Long::sum));
                if (since == null) {
                    since = d.date();
                }
                java.time.YearMonth month = java.time.YearMonth.from(d.date());
                if (month.isBefore(settled)) {
                    toRoll.computeIfAbsent(month, m -> new ArrayList<>()).add(d);
                }
            }
            if (!d.date().isBefore(recentFrom)) {
                recent.add(d);
            }
        }
        toRoll.forEach((month, monthDays) -> rollUp(tenantId, month, monthDays));
        return new Totals(since, total, recent);
    }

    /** Writes {@code month}'s rollup once (a concurrent reader's equal put loses its condition and changes nothing). */
    private void rollUp(String tenantId, java.time.YearMonth month, List<Day> monthDays) {
        Item row = Item.create().s(Table.PK, TenantRecords.pk(tenantId)).s(Table.SK, MONTH_PREFIX + month)
                .s("firstDay", monthDays.get(0).date().toString());
        sum(monthDays).forEach(row::n);
        try {
            table.put(new Write.Put(row.build(), "attribute_not_exists(#sk)", Map.of("#sk", Table.SK), Map.of()));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // rolled up already, with the same sums
        }
    }
}
