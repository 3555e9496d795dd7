package com.socialwire.reports.competitors;

import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.providers.instagram.BusinessDiscovery;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The competitor pulse: for each handle the tenant follows, its followers, media count, average likes and comments
 * per post (over its newest {@value #MEDIA} posts), posting frequency (posts per week over the last four weeks) and
 * week-over-week follower change — read through Instagram business discovery ({@link DiscoveryAccess}: Facebook Login
 * only; otherwise {@code available=false} with the reason). Each run stores the week's snapshot per handle (the week
 * starts on Monday in the tenant's time zone); the change is against the previous week's snapshot, null when there is
 * none. A number Meta did not give is null, never 0. One handle's failure (not found, not a business account) is that
 * row's {@code error}; a rate limit stops the run from asking for the rest (their rows say so).
 *
 * <p>This is the one computation of the report document's {@code competitors} section
 * ({@code {available, reason, rows[{handle, followers, followersChange, mediaCount, avgLikes, avgComments, postsPerWeek,
 * error}]}}): the report worker calls {@link #run}.
 */
public final class CompetitorPulse {

    /** How many of a handle's newest posts the averages and the frequency are read from (one page, one call). */
    static final int MEDIA = 30;
    static final Duration WINDOW = Duration.ofDays(28);

    /** One handle's row; {@code error} is null when it was read. */
    public record Row(String handle, Long followers, Long followersChange, Long mediaCount, BigDecimal avgLikes,
                      BigDecimal avgComments, BigDecimal postsPerWeek, RowError error) {
    }

    /** Why a handle has no numbers: a code and category as everywhere ({@link ProviderError}), and a sentence. */
    public record RowError(String code, String category, String reason) {
    }

    /** The report's {@code competitors} section. */
    public record Pulse(boolean available, String reason, String connection, List<Row> rows) {
        public Pulse {
            rows = rows == null ? List.of() : List.copyOf(rows);
        }
    }

    private final CompetitorStore store;
    private final DiscoveryAccess access;
    private final Supplier<BusinessDiscovery> discovery;
    private final TenantProfiles tenants;
    private final Clock clock;

    public CompetitorPulse(CompetitorStore store, DiscoveryAccess access, Supplier<BusinessDiscovery> discovery,
                           TenantProfiles tenants, Clock clock) {
        this.store = store;
        this.access = access;
        this.discovery = discovery;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Reads every configured handle now, stores the week's snapshots, and answers the section. */
    public Pulse run(String tenantId) {
        List<String> handles = store.config(tenantId).handles();
        DiscoveryAccess.Access a = handles.isEmpty() ? access.connection(tenantId) : access.resolve(tenantId, discovery.get());
        if (!a.available()) {
            return new Pulse(false, a.reason(), a.connection().wire(), List.of());
        }
        Instant now = clock.instant();
        LocalDate week = weekStart(tenantId, now);
        List<Row> rows = new ArrayList<>();
        RowError stop = null;
        for (String handle : handles) {
            if (stop != null) {
                rows.add(failed(handle, stop));
                continue;
            }
            GraphResult<BusinessDiscovery.Profile> r = discovery.get().profile(a.token(), a.igUserId(), handle, MEDIA);
            switch (r) {
                case GraphResult.Ok<BusinessDiscovery.Profile> ok -> rows.add(read(tenantId, handle, ok.value(), week, now));
                case GraphResult.TokenExpired<BusinessDiscovery.Profile> t -> {
                    access.refused(tenantId, a.pageAccountId());
                    return new Pulse(false, DiscoveryAccess.REFUSED_REASON, a.connection().wire(), List.of());
                }
                default -> {
                    RowError e = error(r);
                    rows.add(failed(handle, e));
                    if (ProviderError.RATE_LIMITED.equals(e.category())) {
                        stop = e; // Meta's limit is the app's: asking for the rest now only extends it
                    }
                }
            }
        }
        return new Pulse(true, null, a.connection().wire(), rows);
    }

    private Row read(String tenantId, String handle, BusinessDiscovery.Profile p, LocalDate week, Instant now) {
        BigDecimal likes = average(p.media(), true);
        BigDecimal comments = average(p.media(), false);
        BigDecimal perWeek = postsPerWeek(p, now);
        Optional<CompetitorStore.Snapshot> before = store.snapshot(tenantId, handle, week.minusWeeks(1));
        store.put(tenantId, new CompetitorStore.Snapshot(handle, week, p.followers(), p.mediaCount(), likes, comments, perWeek, now));
        Long change = before.map(CompetitorStore.Snapshot::followers).filter(f -> p.followers() != null)
                .map(f -> p.followers() - f).orElse(null);
        return new Row(handle, p.followers(), change, p.mediaCount(), likes, comments, perWeek, null);
    }

    /** The mean like (or comment) count of the posts that show one; null when none does. */
    static BigDecimal average(List<BusinessDiscovery.Media> media, boolean likes) {
        long sum = 0;
        int n = 0;
        for (BusinessDiscovery.Media m : media) {
            Long v = likes ? m.likeCount() : m.commentsCount();
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP);
    }

    /**
     * Posts per week over the last four weeks. When all {@value #MEDIA} posts read fall inside those weeks (a busier
     * account than one page shows), the rate over the time they span instead. Null when the account's posts are
     * unknown (no media count); 0 when it has none.
     */
    static BigDecimal postsPerWeek(BusinessDiscovery.Profile p, Instant now) {
        List<Instant> times = p.media().stream().map(BusinessDiscovery.Media::timestamp).filter(t -> t != null).toList();
        if (times.isEmpty()) {
            return p.mediaCount() == null ? null : BigDecimal.ZERO;
        }
        Instant from = now.minus(WINDOW);
        long recent = times.stream().filter(t -> t.isAfter(from) && !t.isAfter(now)).count();
        Instant oldest = times.stream().min(Instant::compareTo).orElseThrow();
        BigDecimal weeks = BigDecimal.valueOf(WINDOW.toDays()).divide(BigDecimal.valueOf(7));
        if (p.media().size() >= MEDIA && oldest.isAfter(from)) {
            long hours = Math.max(1, Duration.between(oldest, now).toHours());
            weeks = BigDecimal.valueOf(hours).divide(BigDecimal.valueOf(7 * 24), 6, RoundingMode.HALF_UP);
        }
        return BigDecimal.valueOf(recent).divide(weeks, 1, RoundingMode.HALF_UP);
    }

    private LocalDate weekStart(String tenantId, Instant now) {
        ZoneId zone = tenants.get(tenantId).map(Tenant::timezone).map(CompetitorPulse::zone).orElse(java.time.ZoneOffset.UTC);
        return LocalDate.ofInstant(now, zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    private static Row failed(String handle, RowError e) {
        return new Row(handle, null, null, null, null, null, null, e);
    }

    private static RowError error(GraphResult<?> r) {
        ProviderError e = ProviderError.of(r);
        String reason = switch (e.category()) {
            case ProviderError.RATE_LIMITED -> "Meta's rate limit was reached; the next run reads it again";
            case ProviderError.UNAVAILABLE, ProviderError.UNKNOWN_OUTCOME -> "Instagram did not answer now; the next run reads it again";
            default -> "not found, or not an Instagram business or creator account (business discovery reads only those)";
        };
        return new RowError(e.code(), e.category(), reason);
    }
}
