package com.socialwire.reports.page;

import java.math.BigDecimal;

/**
 * The page's markup primitives: escaping of user text for XML and HTML (one rule for both: the page is also
 * well-formed XML), and deterministic number formatting with no locale (no String.format, no DecimalFormat: the
 * same document gives the same bytes on every machine).
 */
public final class Svg {

    private Svg() {
    }

    /**
     * {@code s} as XML/HTML text or attribute value: {@code & < > " '} as references, and characters XML 1.0 cannot
     * hold (controls other than tab, newline and return, U+FFFE/U+FFFF, unpaired surrogates) dropped. Null gives "".
     */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (xmlChar(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean xmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD);
    }

    /** {@code s} cut to {@code max} characters (code points) with an ellipsis; the caller escapes the result. */
    public static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").strip();
        if (flat.codePointCount(0, flat.length()) <= max) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, max - 1)).stripTrailing() + "\u2026";
    }

    /** A coordinate: one decimal, never "-0.0". */
    public static String n(double v) {
        return fixed(v, 1);
    }

    /** {@code v} rounded half-up to {@code decimals} places, with a '.' and no grouping; never "-0". */
    public static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        return plain(new BigDecimal(Double.toString(v)).setScale(decimals, java.math.RoundingMode.HALF_UP));
    }

    /** {@code v} with thousands grouped by ',' (Locale.ROOT's separators, written out here). */
    public static String grouped(BigDecimal v) {
        String plain = plain(v);
        boolean negative = plain.startsWith("-");
        String digits = negative ? plain.substring(1) : plain;
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(whole.charAt(i));
        }
        return (negative ? "-" : "") + out + (dot < 0 ? "" : digits.substring(dot));
    }

    /** The plain (never scientific) text of {@code v}, "-0" turned into "0". */
    public static String plain(BigDecimal v) {
        String s = v.toPlainString();
        return v.signum() == 0 && s.startsWith("-") ? s.substring(1) : s;
    }

    /** An id safe in XML and CSS: lower-case letters, digits and '-'. */
    public static String id(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : (s == null ? "" : s).toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-');
        }
        return out.isEmpty() || !Character.isLetter(out.charAt(0)) ? "c-" + out : out.toString();
    }
}
