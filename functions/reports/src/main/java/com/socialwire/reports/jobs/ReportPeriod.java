package com.socialwire.reports.jobs;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local dates one report covers, both inclusive, in the tenant's time zone, and its key: {@code 2026-03-08} (a day),
 * {@code 2026-W10} (an ISO week, Monday to Sunday) or {@code 2026-03} (a month).
 */
public record ReportPeriod(Span span, String key, LocalDate from, LocalDate to) {

    /** How long a period is. */
    public enum Span { DAY, WEEK, MONTH }

    private static final Pattern DAY = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    /** Plain English names: DayOfWeek/Month display names load the CLDR locale data. */
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"};
    private static final int FIRST_YEAR = 2000;

    /** The period of {@code span} that holds {@code day}. */
    public static ReportPeriod of(Span span, LocalDate day) {
        return switch (span) {
            case DAY -> new ReportPeriod(span, day.toString(), day, day);
            case WEEK -> {
                LocalDate monday = day.minusDays(day.getDayOfWeek().getValue() - 1L);
                yield new ReportPeriod(span, String.format("%04d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                        monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), monday, monday.plusDays(6));
            }
            case MONTH -> {
                YearMonth m = YearMonth.from(day);
                yield new ReportPeriod(span, m.toString(), m.atDay(1), m.atEndOfMonth());
            }
        };
    }

    /** The last period of {@code span} that ended before {@code today}: yesterday, last week, last month. */
    public static ReportPeriod lastComplete(Span span, LocalDate today) {
        return switch (span) {
            case DAY -> of(span, today.minusDays(1));
            case WEEK -> of(span, today.minusDays(today.getDayOfWeek().getValue()));
            case MONTH -> of(span, today.withDayOfMonth(1).minusDays(1));
        };
    }

    /** The period of {@code span} written as {@code key}; empty if it is not one (wrong form, no such date). */
    public static Optional<ReportPeriod> parse(Span span, String key) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            Matcher m = (span == Span.DAY ? DAY : span == Span.WEEK ? WEEK : MONTH).matcher(key);
            if (!m.matches() || Integer.parseInt(m.group(1)) < FIRST_YEAR) {
                return Optional.empty();
            }
            LocalDate day = switch (span) {
                case DAY -> LocalDate.parse(key);
                case WEEK -> {
                    int year = Integer.parseInt(m.group(1));
                    int week = Integer.parseInt(m.group(2));
                    LocalDate jan4 = LocalDate.of(year, 1, 4);
                    if (week < 1 || week > jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                        yield null;
                    }
                    yield jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
                }
                case MONTH -> YearMonth.parse(key).atDay(1);
            };
            return day == null ? Optional.empty() : Optional.of(of(span, day)).filter(p -> p.key.equals(key));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The period just before this one, of the same span (what the report compares with). */
    public ReportPeriod previous() {
        return of(span, from.minusDays(1));
    }

    /** Every local date of the period, in order. */
    public List<LocalDate> days() {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /** What a person reads: "8 March 2026", "2 March – 8 March 2026 (week 10)", "February 2026". */
    public String label() {
        return switch (span) {
            case DAY -> day(from) + " " + from.getYear();
            case WEEK -> day(from) + (from.getYear() == to.getYear() ? "" : " " + from.getYear()) + " – " + day(to) + " " + to.getYear()
                    + " (week " + from.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + ")";
            case MONTH -> MONTHS[from.getMonthValue() - 1] + " " + from.getYear();
        };
    }

    private static String day(LocalDate d) {
        return d.getDayOfMonth() + " " + MONTHS[d.getMonthValue() - 1];
    }
}
