package com.socialwire.local.runtime;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge schedule expressions: {@code rate(5 minutes)} and the six-field
 * {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)}, with {@code * ? , - /},
 * month and weekday names, {@code L} (last day of month) and {@code n#k} (k-th weekday n).
 */
final class ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final Duration rate;
    private final String[] cron;
    private final ZoneId zone;

    ScheduleExpression(String text, ZoneId zone) {
        this.text = text.trim();
        this.zone = zone;
        Matcher r = RATE.matcher(this.text);
        Matcher c = CRON.matcher(this.text);
        if (r.matches()) {
            long n = Long.parseLong(r.group(1));
            if (n <= 0) {
                throw new IllegalArgumentException("rate must be positive: " + text);
            }
            rate = switch (r.group(2)) {
                case "minute", "minutes" -> Duration.ofMinutes(n);
                case "hour", "hours" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            cron = null;
        } else if (c.matches()) {
            cron = c.group(1).trim().toUpperCase(Locale.ROOT).split("\\s+");
            if (cron.length != 6) {
                throw new IllegalArgumentException("cron needs 6 fields (min hour dom month dow year): " + text);
            }
            rate = null;
        } else {
            throw new IllegalArgumentException("not an EventBridge schedule expression: " + text);
        }
    }

    /** The first firing strictly after {@code after}. For a rate, firings are counted from {@code start}. */
    ZonedDateTime next(ZonedDateTime start, ZonedDateTime after) {
        if (rate != null) {
            long periods = Math.max(0, Duration.between(start, after).toMillis() / rate.toMillis()) + 1;
            return start.plus(rate.multipliedBy(periods));
        }
        ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!field(cron[5], t.getYear(), 1970, 2199, null)) {
                t = t.plusYears(1).withDayOfYear(1).withHour(0).withMinute(0);
                continue;
            }
            if (!field(cron[3], t.getMonthValue(), 1, 12, MONTHS)) {
                t = t.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0);
                continue;
            }
            if (!day(t)) {
                t = t.plusDays(1).withHour(0).withMinute(0);
                continue;
            }
            if (!field(cron[1], t.getHour(), 0, 23, null)) {
                t = t.plusHours(1).withMinute(0);
                continue;
            }
            if (!field(cron[0], t.getMinute(), 0, 59, null)) {
                t = t.plusMinutes(1);
                continue;
            }
            return t;
        }
        throw new IllegalArgumentException("cron never fires: " + text);
    }

    private boolean day(ZonedDateTime t) {
        String dom = cron[2];
        String dow = cron[4];
        int lastDay = YearMonth.from(t).lengthOfMonth();
        if (!dom.equals("?")) {
            if (dom.equals("L")) {
                return t.getDayOfMonth() == lastDay;
            }
            return field(dom, t.getDayOfMonth(), 1, lastDay, null);
        }
        int awsDow = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
        if (dow.contains("#")) {
            String[] p = dow.split("#");
            int want = value(p[0], DAYS, 1);
            return awsDow == want && (t.getDayOfMonth() - 1) / 7 + 1 == Integer.parseInt(p[1]);
        }
        if (dow.endsWith("L") && dow.length() > 1) {
            return awsDow == value(dow.substring(0, dow.length() - 1), DAYS, 1) && t.getDayOfMonth() + 7 > lastDay;
        }
        return field(dow, awsDow, 1, 7, DAYS);
    }

    private static boolean field(String spec, int v, int min, int max, String[] names) {
        for (String part : spec.split(",")) {
            int step = 1;
            String range = part;
            if (part.contains("/")) {
                range = part.substring(0, part.indexOf('/'));
                step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                lo = value(range.substring(0, range.indexOf('-')), names, min);
                hi = value(range.substring(range.indexOf('-') + 1), names, min);
            } else {
                lo = value(range, names, min);
                hi = part.contains("/") ? max : lo;
            }
            if (v >= lo && v <= hi && (v - lo) % step == 0) {
                return true;
            }
        }
        return false;
    }

    private static int value(String s, String[] names, int base) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(s)) {
                    return i + base;
                }
            }
        }
        return Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return text;
    }
}
