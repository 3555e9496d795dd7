package com.socialwire.shared.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text folding and tokenisation: the one rule for how words of people's text are compared, used by moderation's
 * scorer and by {@link TopicMatcher} (no-go topics everywhere).
 *
 * <ul>
 *   <li>{@link #compat}: Unicode compatibility decomposition (NFKD, so fullwidth and "mathematical bold" letters
 *       become plain letters) and removal of the accents on Latin, Greek and Cyrillic letters. Case is kept (the
 *       scorer needs it for ALL CAPS); marks on other scripts are kept, because they are part of the letters there.
 *       ASCII text is returned as is.</li>
 *   <li>{@link #tokenize}: runs of letters and digits (plus combining marks and joiners inside a run), lower-cased
 *       with {@link Locale#ROOT}. Everything else separates tokens, so {@code "election's"} gives {@code election},
 *       {@code s} and {@code "don't"} gives {@code don}, {@code t}.</li>
 * </ul>
 * Everything here is linear in the length of the text.
 */
public final class Folding {

    private Folding() {
    }

    /**
     * A lower-cased token. {@code shouted}: written in capitals (at least two letters, none lower-case).
     * {@code boundaryBefore}: clause punctuation ({@code . , ! ? ; :} or a line break) between it and the previous
     * token. {@code masked}: it starts inside a masked range (a URL, e-mail address or @mention).
     */
    public record Token(String text, int start, boolean shouted, boolean boundaryBefore, boolean masked) {
    }

    public static String compat(String s) {
        if (isAscii(s)) {
            return s;
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        int firstMark = -1;
        for (int i = 0; i < d.length(); i++) {
            if (d.charAt(i) >= 0x300 && isMark(d.codePointAt(i))) {
                firstMark = i;
                break;
            }
        }
        if (firstMark < 0) {
            return d;
        }
        StringBuilder out = new StringBuilder(d.length());
        boolean afterAccentable = false;
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            i += Character.charCount(cp);
            if (isMark(cp)) {
                if (!afterAccentable) {
                    out.appendCodePoint(cp);
                }
                continue;
            }
            afterAccentable = Character.isLetter(cp) && accentable(cp);
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static boolean accentable(int cp) {
        if (cp < 0x250) {
            return true; // Basic Latin, Latin-1, Latin Extended-A/B
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.GREEK
                || script == Character.UnicodeScript.CYRILLIC;
    }

    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    public static boolean isMark(int cp) {
        if (cp < 0x300) {
            return false; // the first combining marks are at U+0300
        }
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK;
    }

    public static boolean isLetterOrDigit(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        return Character.isLetterOrDigit(cp);
    }

    /** True if the text has anything other than white space, control and format (invisible) characters. */
    public static boolean hasVisibleContent(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0xFE0F || cp == 0xFE0E) {
                continue;
            }
            int t = Character.getType(cp);
            if (t == Character.CONTROL || t == Character.FORMAT) {
                continue;
            }
            return true;
        }
        return false;
    }

    /**
     * Tokens of {@code compat} (already folded). {@code masked} lists [start, end) character ranges, sorted and
     * non-overlapping, or is {@code null}.
     */
    public static List<Token> tokenize(String compat, List<int[]> masked) {
        List<Token> tokens = new ArrayList<>(Math.min(compat.length() / 4 + 4, 512));
        String lower = compat.toLowerCase(Locale.ROOT);
        if (lower.length() != compat.length()) {
            lower = null; // a letter whose lower case has another length (not after NFKD): lower-case per token
        }
        int n = compat.length();
        int maskIdx = 0;
        boolean boundary = false;
        int i = 0;
        while (i < n) {
            int cp = compat.codePointAt(i);
            if (!isLetterOrDigit(cp)) {
                if (cp == '.' || cp == ',' || cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == '\n') {
                    boundary = true;
                }
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            int upper = 0;
            int lowerCount = 0;
            while (i < n) {
                int c = compat.codePointAt(i);
                if (c < 0x80) {
                    if (c >= 'a' && c <= 'z') {
                        lowerCount++;
                    } else if (c >= 'A' && c <= 'Z') {
                        upper++;
                    } else if (c < '0' || c > '9') {
                        break;
                    }
                    i++;
                } else if (Character.isLetterOrDigit(c) || isMark(c) || c == 0x200C || c == 0x200D) {
                    if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                        upper++;
                    } else if (Character.isLowerCase(c)) {
                        lowerCount++;
                    }
                    i += Character.charCount(c);
                } else {
                    break;
                }
            }
            boolean inMask = false;
            if (masked != null) {
                while (maskIdx < masked.size() && masked.get(maskIdx)[1] <= start) {
                    maskIdx++;
                }
                inMask = maskIdx < masked.size() && masked.get(maskIdx)[0] <= start;
            }
            String text = lower != null ? lower.substring(start, i)
                    : compat.substring(start, i).toLowerCase(Locale.ROOT);
            tokens.add(new Token(text, start, upper >= 2 && lowerCount == 0, boundary && !tokens.isEmpty(), inMask));
            boundary = false;
        }
        return tokens;
    }

    /**
     * Forms of a text token to look up in a word list written in base form: the token, its singular by the simple
     * English rules (-s, -es, -ies → -y), its elongation squeezed ("looove" → "loove", "love"), and digits read as
     * letters when mixed with letters ("id10t" → "idiot"). At most a handful of short strings.
     */
    public static String[] variants(String t) {
        String[] out = new String[8];
        int n = 0;
        out[n++] = t;
        n = addSingulars(out, n, t);
        if (hasRun(t, 3)) {
            String two = squeeze(t, 2);
            String one = squeeze(t, 1);
            n = add(out, n, two);
            n = add(out, n, one);
            n = addSingulars(out, n, one);
        }
        if (mixesLettersAndDigits(t)) {
            String leet = unLeet(t);
            n = add(out, n, leet);
            n = addSingulars(out, n, leet);
        }
        if (n == out.length) {
            return out;
        }
        String[] exact = new String[n];
        System.arraycopy(out, 0, exact, 0, n);
        return exact;
    }

    private static int addSingulars(String[] out, int n, String t) {
        int len = t.length();
        if (len > 4 && t.endsWith("ies")) {
            n = add(out, n, t.substring(0, len - 3) + "y");
        }
        if (len > 3 && t.endsWith("es")) {
            n = add(out, n, t.substring(0, len - 2));
        }
        if (len > 2 && t.endsWith("s") && !t.endsWith("ss")) {
            n = add(out, n, t.substring(0, len - 1));
        }
        return n;
    }

    private static int add(String[] out, int n, String v) {
        if (n >= out.length) {
            return n;
        }
        for (int i = 0; i < n; i++) {
            if (out[i].equals(v)) {
                return n;
            }
        }
        out[n] = v;
        return n + 1;
    }

    public static boolean contains(String[] variants, String word) {
        for (String v : variants) {
            if (v.equals(word)) {
                return true;
            }
        }
        return false;
    }

    /** Same word up to a simple plural or possessive: election ~ elections, party ~ parties, tax ~ taxes. */
    public static boolean sameWord(String a, String b) {
        return a.equals(b) || pluralOf(a, b) || pluralOf(b, a);
    }

    private static boolean pluralOf(String plural, String singular) {
        int ls = singular.length();
        int lp = plural.length();
        if (ls == 0) {
            return false;
        }
        if (lp == ls + 1) {
            return plural.charAt(ls) == 's' && plural.startsWith(singular);
        }
        if (lp != ls + 2) {
            return false;
        }
        if (plural.endsWith("es") && plural.startsWith(singular)) {
            return true;
        }
        return ls > 1 && singular.endsWith("y") && plural.endsWith("ies")
                && plural.regionMatches(0, singular, 0, ls - 1);
    }

    private static boolean hasRun(String t, int min) {
        int run = 1;
        for (int i = 1; i < t.length(); i++) {
            run = t.charAt(i) == t.charAt(i - 1) ? run + 1 : 1;
            if (run >= min) {
                return true;
            }
        }
        return false;
    }

    /** Cuts every run of 3 or more equal characters down to {@code keep}; shorter runs ("cool") stay as they are. */
    private static String squeeze(String t, int keep) {
        StringBuilder sb = new StringBuilder(t.length());
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            int j = i;
            while (j < t.length() && t.charAt(j) == c) {
                j++;
            }
            int copies = j - i >= 3 ? keep : j - i;
            for (int k = 0; k < copies; k++) {
                sb.append(c);
            }
            i = j;
        }
        return sb.toString();
    }

    private static boolean mixesLettersAndDigits(String t) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (Character.isLetter(c)) {
                letter = true;
            }
        }
        return letter && digit;
    }

    private static String unLeet(String t) {
        char[] c = t.toCharArray();
        for (int i = 0; i < c.length; i++) {
            switch (c[i]) {
                case '0' -> c[i] = 'o';
                case '1' -> c[i] = 'i';
                case '3' -> c[i] = 'e';
                case '4' -> c[i] = 'a';
                case '5' -> c[i] = 's';
                case '7' -> c[i] = 't';
                case '8' -> c[i] = 'b';
                default -> { }
            }
        }
        return new String(c);
    }
}
