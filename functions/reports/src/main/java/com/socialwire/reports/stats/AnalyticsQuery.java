package com.socialwire.reports.stats;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.social.Connectors;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code GET .../analytics} question, validated: the view, a period of the tenant's local dates (inclusive; by
 * default the 30 days ending today) of at most {@value #MAX_DAYS} days, and an optional platform. Anything else is 422.
 */
public record AnalyticsQuery(String view, LocalDate from, LocalDate to, String platform) {

    public static final List<String> VIEWS = List.of("posts", "best-times", "costs", "jobs", "accounts");
    public static final int MAX_DAYS = 366;
    public static final int DEFAULT_DAYS = 30;

    /** {@code view} (null: posts), {@code from}/{@code to} as given (null: the default period ending {@code today}). */
    public static AnalyticsQuery parse(String view, String from, String to, String platform, LocalDate today) {
        String v = view == null ? "posts" : view;
        if (!VIEWS.contains(v)) {
            throw unprocessable("view must be one of " + VIEWS, "view", v);
        }
        return new AnalyticsQuery(v, null, null, platform(platform)).period(from, to, today);
    }

    /** A question as the report worker asks it: the same checks (a known platform, {@code from} not after {@code to}, at most {@value #MAX_DAYS} days). */
    public static AnalyticsQuery of(String view, LocalDate from, LocalDate to, String platform) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a period needs both dates: " + from + ".." + to);
        }
        return new AnalyticsQuery(view, null, null, platform(platform)).period(from.toString(), to.toString(), to);
    }

    /** The same question over {@code from}..{@code to} (either may be null: see {@link #parse}). */
    AnalyticsQuery period(String from, String to, LocalDate today) {
        LocalDate end = to == null ? (from == null ? today : date("from", from).plusDays(DEFAULT_DAYS - 1)) : date("to", to);
        LocalDate start = from == null ? end.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (start.isAfter(end)) {
            throw unprocessable("from must not be after to", "from", start + " > " + end);
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > MAX_DAYS) {
            throw unprocessable("the period may span at most " + MAX_DAYS + " days; it spans " + days, "to", end.toString());
        }
        return new AnalyticsQuery(view, start, end, platform);
    }

    /** A platform Socialwire knows, or null. */
    public static String platform(String platform) {
        if (platform == null || Connectors.KNOWN.contains(platform)) {
            return platform;
        }
        throw unprocessable("platform must be one of " + new java.util.TreeSet<>(Connectors.KNOWN), "platform", platform);
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw unprocessable(field + " must be a date (yyyy-MM-dd) in the tenant's time zone", field, text);
        }
    }

    static ApiException unprocessable(String message, String field, String value) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", field);
        details.put("value", value);
        return new ApiException(ErrorCode.VALIDATION_ERROR, 422, message, details, null);
    }

    /** The period's days, oldest first. */
    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
