package com.socialwire.shared;

import java.time.Instant;

/**
 * An {@link Instant}'s ISO-8601 text written and read by hand, exactly as {@link Instant#toString()} and
 * {@link Instant#parse} do (DateTimeFormatter.ISO_INSTANT) for years 0000–9999, so that logging a line, signing a
 * request or reading a stored timestamp does not load java.time.format and the regex engine behind it (~80 classes
 * at every cold start). Any other text or year is handed to the JDK, so the results are the JDK's everywhere;
 * IsoInstantTest checks both ways against the JDK over many seeded instants and strings.
 */
public final class IsoInstant {

    private static final long SECONDS_PER_DAY = 86_400;

    private IsoInstant() {
    }

    /** {@code t.toString()}: {@code 2026-12-04T15:20:13.123Z}, the fraction in groups of three digits, none when zero. */
    public static String format(Instant t) {
        StringBuilder b = dateTime(t);
        if (b == null) {
            return t.toString();
        }
        int nano = t.getNano();
        if (nano != 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(b, nano / 1000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    /**
     * {@code 2026-12-04T15:20:13.120Z}: always three fraction digits (the millisecond, truncated), so that the text
     * sorts as the instant does; what the pattern {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} writes in UTC.
     */
    public static String millis(Instant t) {
        StringBuilder b = dateTime(t);
        if (b == null) {
            return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC).format(t);
        }
        b.append('.');
        return digits(b, t.getNano() / 1_000_000, 3).append('Z').toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} of {@code t} in UTC; null when its year is not 0000–9999. */
    private static StringBuilder dateTime(Instant t) {
        long seconds = t.getEpochSecond();
        long[] ymd = civil(Math.floorDiv(seconds, SECONDS_PER_DAY));
        if (ymd[0] < 0 || ymd[0] > 9999) {
            return null;
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        StringBuilder b = new StringBuilder(30);
        digits(b, ymd[0], 4).append('-');
        digits(b, ymd[1], 2).append('-');
        digits(b, ymd[2], 2).append('T');
        digits(b, secondOfDay / 3600, 2).append(':');
        digits(b, secondOfDay / 60 % 60, 2).append(':');
        return digits(b, secondOfDay % 60, 2);
    }

    /** {@code yyyy-MM-dd}: the UTC date of {@code t}, as {@code LocalDate.toString()} writes it. */
    public static String date(Instant t) {
        String iso = format(t);
        return iso.substring(0, iso.indexOf('T', 1));
    }

    /**
     * {@code 20150830T123600Z}: the basic form SigV4's {@code X-Amz-Date} takes, in UTC, whole seconds; what the
     * pattern {@code yyyyMMdd'T'HHmmss'Z'} writes (years 0001–9999 here, any other through that pattern).
     */
    public static String basic(Instant t) {
        String iso = format(t);
        if (iso.charAt(4) != '-' || iso.startsWith("0000")) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(t);
        }
        return iso.substring(0, 4) + iso.substring(5, 7) + iso.substring(8, 10) + 'T'
                + iso.substring(11, 13) + iso.substring(14, 16) + iso.substring(17, 19) + 'Z';
    }

    /**
     * {@code Instant.parse(text)}: the form {@link #format} writes (any 1–9 fraction digits) is read here; anything
     * else (offsets, lower case, leap seconds, other years, errors) is the JDK's parse, its exception included.
     */
    public static Instant parse(CharSequence text) {
        int n = text.length();
        if (n < 20 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        int nano = 0;
        if (n > 20) {
            int fraction = n - 21;
            nano = text.charAt(19) == '.' && fraction >= 1 && fraction <= 9 ? number(text, 20, n - 1) : -1;
            for (int i = fraction; i < 9 && nano > 0; i++) {
                nano *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nano < 0) {
            return Instant.parse(text);
        }
        long days = epochDay(year, month, day);
        return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The ASCII digits of text[from, to) as a number; -1 when any is not a digit. */
    private static int number(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static StringBuilder digits(StringBuilder b, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
    static long epochDay(long year, long month, long day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** {year, month, day} of a day since 1970-01-01 (Hinnant's civil_from_days). */
    static long[] civil(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        return new long[] {yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day};
    }
}
