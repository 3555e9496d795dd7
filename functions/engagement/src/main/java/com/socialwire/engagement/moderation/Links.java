package com.socialwire.engagement.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds URLs ({@code http(s)://...}, {@code www....}, bare domains such as {@code x.co} or {@code bit.ly/abc}), e-mail
 * addresses and {@code @mentions} in one left-to-right pass. A hand-written scanner rather than one big regular
 * expression: it only looks closer at {@code h}/{@code w}, {@code @} and {@code .}, so it costs next to nothing on
 * ordinary text. Package-private.
 */
final class Links {

    static final int LINK = 0;
    static final int EMAIL = 1;
    static final int MENTION = 2;

    /** Top-level domains that count as a bare link (the common ones and the usual link-shortener and spam ones). */
    private static final Set<String> TLDS = Set.of("com", "net", "org", "co", "io", "ly", "gl", "ee", "me", "xyz",
            "info", "biz", "link", "app", "shop", "site", "online", "top", "club", "store", "live", "ru", "tk", "cc",
            "gg");

    /** The part of an e-mail address after the "@", matched anchored (bounded, so linear). */
    private static final Pattern EMAIL_DOMAIN = Pattern.compile(
            "[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63}){0,4}\\.[A-Za-z]{2,24}");

    private Links() {
    }

    /** Spans {start, end, kind}, sorted and non-overlapping. */
    static List<int[]> find(String s) {
        List<int[]> spans = new ArrayList<>(2);
        int n = s.length();
        int lastEnd = 0;
        Matcher domain = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int end = -1;
            int start = i;
            int kind = LINK;
            if ((c == 'h' || c == 'H') && (s.regionMatches(true, i, "http://", 0, 7)
                    || s.regionMatches(true, i, "https://", 0, 8))) {
                end = toWhitespace(s, i);
            } else if ((c == 'w' || c == 'W') && s.regionMatches(true, i, "www.", 0, 4)
                    && (i == 0 || !isWordish(s.charAt(i - 1)))) {
                end = toWhitespace(s, i);
            } else if (c == '@') {
                int local = i;
                while (local > lastEnd && isLocalPart(s.charAt(local - 1))) {
                    local--;
                }
                if (local < i) {
                    if (domain == null) {
                        domain = EMAIL_DOMAIN.matcher(s);
                    }
                    domain.region(i + 1, n);
                    if (domain.lookingAt()) {
                        start = local;
                        end = domain.end();
                        kind = EMAIL;
                    }
                } else {
                    int j = i + 1;
                    while (j < n && j - i <= 30 && isHandle(s.charAt(j))) {
                        j++;
                    }
                    if (j > i + 1) {
                        end = j;
                        kind = MENTION;
                    }
                }
            } else if (c == '.' && i > lastEnd && isLabel(s.charAt(i - 1))) {
                int t = i + 1;
                while (t < n && t - i <= 7 && isAsciiLetter(s.charAt(t))) {
                    t++;
                }
                String tld = t > i + 1 ? s.substring(i + 1, t) : "";
                // "it.Me and my wife": a sentence run together, not a domain, so mixed-case endings do not count
                if (!tld.isEmpty() && (t >= n || !(isWordish(s.charAt(t)) || s.charAt(t) == '-'))
                        && (tld.equals(tld.toLowerCase(Locale.ROOT)) || tld.equals(tld.toUpperCase(Locale.ROOT)))
                        && TLDS.contains(tld.toLowerCase(Locale.ROOT))) {
                    int b = i;
                    while (b > lastEnd && b > i - 253 && (isLabel(s.charAt(b - 1)) || s.charAt(b - 1) == '.')) {
                        b--;
                    }
                    while (b < i && !isAsciiLetterOrDigit(s.charAt(b))) {
                        b++; // a label starts with a letter or digit
                    }
                    char before = b > 0 ? s.charAt(b - 1) : ' ';
                    if (b < i && !(isWordish(before) || before == '@' || before == '.' || before == '/'
                            || before == '-')) {
                        start = b;
                        end = t < n && s.charAt(t) == '/' ? toWhitespace(s, t) : t;
                    }
                }
            }
            if (end > start && start >= lastEnd) {
                spans.add(new int[] {start, end, kind});
                lastEnd = end;
                i = end - 1;
            }
        }
        return spans;
    }

    private static int toWhitespace(String s, int from) {
        int j = from;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && !Character.isSpaceChar(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean isWordish(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isLocalPart(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isHandle(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private static boolean isLabel(char c) {
        return isAsciiLetterOrDigit(c) || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }
}
