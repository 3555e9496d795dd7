package com.socialwire.reports.jobs;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When reports are due: at {@link #AT} local time in the tenant's zone — the daily briefing every day (for yesterday),
 * the weekly report and the competitor pulse on Mondays (for last week), the monthly review and the cost report on the
 * 1st (for last month). A run covers a window of instants, so a run that comes late (or after a missed one) still
 * finds the 07:00 that passed in between, once.
 */
public final class ReportSchedule {

    public static final LocalTime AT = LocalTime.of(7, 0);

    /** One report that became due. */
    public record Due(ReportType type, ReportPeriod period) {
    }

    private ReportSchedule() {
    }

    /** The local dates whose {@link #AT} in {@code zone} lies in the window ({@code after}, {@code upTo}]. */
    public static List<LocalDate> firings(ZoneId zone, Instant after, Instant upTo) {
        List<LocalDate> out = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(after, zone);
        LocalDate last = LocalDate.ofInstant(upTo, zone);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            // a 07:00 that a daylight-saving gap skips is the first instant after the gap (ZonedDateTime.of's rule)
            Instant at = ZonedDateTime.of(d, AT, zone).toInstant();
            if (at.isAfter(after) && !at.isAfter(upTo)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The reports due at {@link #AT} on local date {@code day}. */
    public static List<Due> due(LocalDate day) {
        List<Due> out = new ArrayList<>();
        for (ReportType t : ReportType.values()) {
            boolean fires = switch (t.span) {
                case DAY -> true;
                case WEEK -> day.getDayOfWeek() == DayOfWeek.MONDAY;
                case MONTH -> day.getDayOfMonth() == 1;
            };
            if (fires) {
                out.add(new Due(t, ReportPeriod.lastComplete(t.span, day)));
            }
        }
        return out;
    }
}
