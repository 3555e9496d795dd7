package com.socialwire.posts.review.page;

import java.nio.charset.StandardCharsets;

/**
 * Escaping for the two contexts the review page puts data in: HTML text and double-quoted attribute values (both the
 * same five characters, so either output is also well-formed XML), plus path segments of form actions (never a bare {@code .} or {@code ..}). Characters that
 * HTML cannot carry (C0 controls but tab and line feed, lone surrogates, noncharacters U+FFFE/U+FFFF) become U+FFFD; a
 * carriage return before a line feed is dropped, alone it becomes a line feed (as the browser's parser would do).
 */
final class Escape {

    private Escape() {
    }

    /** {@code s} for HTML text; null is the empty string. */
    static String html(String s) {
        return escape(s, false);
    }

    /**
     * {@code s} for a double-quoted attribute value; null is the empty string. Tabs and line feeds as character
     * references too, so an XML reader keeps them as HTML does (it would turn them into spaces).
     */
    static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
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
                case '\r' -> {
                    if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') {
                        out.append(attribute ? "&#10;" : "\n");
                    }
                }
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff) {
                        out.append('\ufffd');
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code s} as one URL path segment: unreserved characters as they are, every other byte of its UTF-8 as %XX. */
    static String segment(String s) {
        if (s == null) {
            return "";
        }
        if (s.equals(".") || s.equals("..")) {
            return s.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
