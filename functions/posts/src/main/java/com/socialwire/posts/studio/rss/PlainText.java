package com.socialwire.posts.studio.rss;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feed item's HTML (an RSS description, an Atom summary) as the plain text of a post: comments, scripts and
 * styles dropped, block elements turned into spaces, every other tag removed, character references decoded (the
 * numeric ones and HTML's Latin-1 and typographic names), white space collapsed. Small on purpose: a post needs the
 * words, not the markup, and a full HTML parser would add ~600 KB to the function for that. Text that merely holds
 * a {@code <} (as in {@code a < b}) keeps it: only {@code <} followed by a letter, {@code /}, {@code !} or {@code ?}
 * starts a tag.
 */
public final class PlainText {

    private static final Pattern DROPPED = Pattern.compile("<!--.*?-->|<(script|style|noscript|template)\\b[^>]*>.*?</\\1\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BLOCK = Pattern.compile("</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|hr|section|article"
            + "|header|footer|figure|figcaption|dd|dt|dl)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[a-zA-Z/!?][^>]*>?");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});");
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00a0\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000]+");

    /** Named references beyond the Latin-1 block, by code point. */
    private static final Object[] MORE = {"OElig", 338, "oelig", 339, "Scaron", 352, "scaron", 353, "Yuml", 376, "fnof", 402, "circ", 710,
            "tilde", 732, "ensp", 8194, "emsp", 8195, "thinsp", 8201, "zwnj", 8204, "zwj", 8205, "lrm", 8206, "rlm", 8207, "ndash", 8211,
            "mdash", 8212, "lsquo", 8216, "rsquo", 8217, "sbquo", 8218, "ldquo", 8220, "rdquo", 8221, "bdquo", 8222, "dagger", 8224,
            "Dagger", 8225, "bull", 8226, "hellip", 8230, "permil", 8240, "prime", 8242, "Prime", 8243, "lsaquo", 8249, "rsaquo", 8250,
            "euro", 8364, "trade", 8482, "larr", 8592, "rarr", 8594, "amp", 38, "lt", 60, "gt", 62, "quot", 34, "apos", 39};
    /** HTML's names of U+00A0 to U+00FF, in order. */
    private static final String LATIN1 = "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2"
            + " sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig"
            + " Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave"
            + " Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave"
            + " iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";
    private static final Map<String, Integer> NAMED = new HashMap<>();

    static {
        String[] names = LATIN1.split(" ");
        for (int i = 0; i < names.length; i++) {
            NAMED.put(names[i], 0xA0 + i);
        }
        for (int i = 0; i < MORE.length; i += 2) {
            NAMED.put((String) MORE[i], (Integer) MORE[i + 1]);
        }
    }

    private PlainText() {
    }

    /** {@code html} as plain text on one line; empty for null. */
    public static String of(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        String s = DROPPED.matcher(html).replaceAll(" ");
        s = BLOCK.matcher(s).replaceAll(" ");
        s = TAG.matcher(s).replaceAll("");
        return collapse(decode(s));
    }

    /** White space runs (non-breaking and other Unicode spaces too) as one space, trimmed. */
    public static String collapse(String text) {
        return text == null ? "" : SPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Character references decoded; an unknown name stays as written, an invalid number becomes U+FFFD. */
    static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String ref = m.group(1);
            String replacement;
            if (ref.charAt(0) == '#') {
                boolean hex = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X');
                int cp = Integer.parseInt(ref.substring(hex ? 2 : 1), hex ? 16 : 10);
                boolean valid = cp > 0 && cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF);
                replacement = new String(Character.toChars(valid ? cp : 0xFFFD));
            } else {
                Integer cp = NAMED.get(ref);
                replacement = cp == null ? m.group() : new String(Character.toChars(cp));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
