package com.socialwire.reports.jobs;

import com.socialwire.shared.Ids;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.tenants.TenantStatus;
import com.socialwire.shared.tenants.TenantZones;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One report run (ReportRunFunction, every 15 minutes: 07:00 falls on a quarter hour in every zone
 * there is — Kolkata's is 01:30 UTC, Kathmandu's 01:15 UTC — so each fires at 07:00 local, not at the next hour): asks for the reports that became due at 07:00 local time in
 * each active tenant's zone ({@link ReportSchedule}) since the last run. The window runs from the instant the last
 * complete run covered (a watermark row) to now, so a late or missed run still fires each 07:00 once, and its tenants
 * are read by zone from {@link TenantZones} (by key condition, only the zones whose 07:00 lies in the window; never a
 * Scan). Each report is made once per tenant, type and period by {@link ReportService} (a conditional put), so a rerun
 * or two overlapping runs queue it once. The first run of each hour also sweeps stuck reports ({@link ReportService#sweep}). A run with errors leaves the watermark where it was: the next run covers its
 * window again and makes only what is still missing.
 */
public final class ReportRun {

    private static final Logger LOG = LoggerFactory.getLogger(ReportRun.class);

    static final String PK = "REPORTRUN";
    static final String SK = "STATE";
    /** A first run (no watermark) looks back this far: one schedule interval. */
    static final Duration FIRST_WINDOW = Duration.ofMinutes(15);
    static final int PAGE = 100;
    /** Every zone a tenant may have: the tenants API accepts only these ids. Sorted, so runs walk them in one order. */
    private static final List<String> ZONES = List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds()));

    /** What one run did. */
    public record Summary(String runId, Instant from, Instant to, int zones, int tenants, int created, int existing, int errors) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", runId);
            m.put("from", from.toString());
            m.put("to", to.toString());
            m.put("zones", zones);
            m.put("tenants", tenants);
            m.put("created", created);
            m.put("existing", existing);
            m.put("errors", errors);
            return m;
        }
    }

    private final Table table;
    private final TenantProfiles tenants;
    private final ReportService reports;
    private final Clock clock;
    private final Duration maxCatchUp;
    private final List<String> zones;

    /** @param maxCatchUp how far back a run reaches after an outage (older 07:00s are not fired) */
    public ReportRun(Table table, TenantProfiles tenants, ReportService reports, Clock clock, Duration maxCatchUp) {
        this(table, tenants, reports, clock, maxCatchUp, ZONES);
    }

    /** A run that looks only at {@code zones} (a simulated month of hourly runs in a test, where the other zones are empty). */
    ReportRun(Table table, TenantProfiles tenants, ReportService reports, Clock clock, Duration maxCatchUp, List<String> zones) {
        this.zones = List.copyOf(zones);
        this.table = table;
        this.tenants = tenants;
        this.reports = reports;
        this.clock = clock;
        this.maxCatchUp = maxCatchUp;
    }

    /**
     * Reads every zone's rules (tzdb), for the SnapStart snapshot: a run looks at every zone (604 on JDK 25; reading all
     * their rules and one 07:00 each took 43-96 ms in a fresh JVM here, load average 8).
     */
    public static int primeZones() {
        int read = 0;
        for (String id : ZONES) {
            read += ZoneId.of(id).getRules().isFixedOffset() ? 0 : 1;
        }
        return read;
    }

    public Summary run() {
        Instant now = clock.instant();
        Instant from = watermark().orElse(now.minus(FIRST_WINDOW));
        if (from.isBefore(now.minus(maxCatchUp))) {
            LOG.warn("report run: the last covered instant {} is older than {}; 07:00s before {} are not fired", from, maxCatchUp,
                    now.minus(maxCatchUp));
            from = now.minus(maxCatchUp);
        }
        String runId = "reportrun_" + Ids.base62(12);
        int[] counts = new int[5]; // zones, tenants, created, existing, errors
        if (from.isBefore(now)) {
            for (String id : zones) {
                ZoneId zone = ZoneId.of(id);
                List<LocalDate> days = ReportSchedule.firings(zone, from, now);
                if (!days.isEmpty()) {
                    counts[0]++;
                    zone(id, days, counts);
                }
            }
            if (counts[4] == 0) {
                advance(now);
            }
        }
        if (now.getEpochSecond() % 3600 < 15 * 60) {
            // once an hour (the first run of each hour): reports whose job was lost are queued again, or given up after
            // a day; a job counts as lost 50 minutes after it was queued, so sweeping more often would find nothing more
            try {
                reports.sweep();
            } catch (RuntimeException e) {
                LOG.error("report run {}: the stuck-report sweep failed; the next hour's sweeps again", runId, e);
            }
        }
        Summary s = new Summary(runId, from, now, counts[0], counts[1], counts[2], counts[3], counts[4]);
        if (s.created() + s.errors() > 0) {
            LOG.info("report run {}: {}", runId, s.toMap());
        } else {
            LOG.debug("report run {}: {}", runId, s.toMap());
        }
        return s;
    }

    /** Asks for the due reports of every active tenant in {@code zone}, each tenant on its own. */
    private void zone(String zone, List<LocalDate> days, int[] counts) {
        Map<String, AttrValue> start = null;
        do {
            TenantZones.Page page;
            try {
                page = TenantZones.page(table, zone, PAGE, start);
            } catch (RuntimeException e) {
                counts[4]++;
                LOG.error("report run: the tenants of zone {} could not be read", zone, e);
                return;
            }
            for (String tenantId : page.tenantIds()) {
                try {
                    Optional<Tenant> tenant = tenants.get(tenantId);
                    if (tenant.isEmpty() || !TenantStatus.ACTIVE.equals(tenant.get().status()) || !zone.equals(tenant.get().timezone())) {
                        continue; // its zone row is being moved or removed in the same change
                    }
                    counts[1]++;
                    for (LocalDate day : days) {
                        for (ReportSchedule.Due due : ReportSchedule.due(day)) {
                            counts[reports.schedule(tenant.get(), due.type(), due.period()) ? 2 : 3]++;
                        }
                    }
                } catch (RuntimeException e) {
                    counts[4]++;
                    LOG.error("report run: the reports of tenant {} could not be asked for", tenantId, e);
                }
            }
            start = page.nextKey();
        } while (start != null);
    }

    private Optional<Instant> watermark() {
        return table.get(PK, SK).map(i -> Item.n(i, "coveredUntilMs")).map(Instant::ofEpochMilli);
    }

    /** Moves the watermark to {@code now}, never back (an overlapping run that ended later keeps its own). */
    private void advance(Instant now) {
        table.updateIf(new Write.Update(Table.key(PK, SK), "SET coveredUntilMs = :now",
                "attribute_not_exists(coveredUntilMs) OR coveredUntilMs < :now", Map.of(),
                Map.of(":now", AttrValue.fromN(Long.toString(now.toEpochMilli())))));
    }
}
