package com.socialwire.shared.providers.bluesky;

import com.socialwire.shared.text.Graphemes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bluesky rich text: the links, mentions and hashtags in a post's text as facets with UTF-8 <em>byte</em> offsets (what
 * the AT Protocol counts, not Java's UTF-16 chars), found by the rules of the official client ({@code @atproto/api}
 * {@code detectFacets}): a mention is {@code @handle} after the start, a blank or "(" with a handle that is a domain; a
 * link is {@code http(s)://} up to the next blank, without a trailing {@code .,;:!?} or an unmatched ")"; a tag is
 * {@code #tag} after the start or a blank, without trailing punctuation, not only digits, at most 64 chars. Bare domains
 * ({@code example.com}) are left as text: the official client needs the whole TLD list to tell them.
 */
public final class RichText {

    /** Bluesky's limits on a post's text. */
    public static final int MAX_GRAPHEMES = 300;
    public static final int MAX_BYTES = 3000;
    static final int MAX_TAG_CHARS = 64;

    private static final String INVISIBLE = "\\x{00AD}\\x{2060}\\x{200A}\\x{200B}\\x{200C}\\x{200D}\\x{20E2}";
    private static final Pattern MENTION = Pattern.compile("(^|\\s|\\()@([a-zA-Z0-9.-]*[a-zA-Z0-9])(?![A-Za-z0-9_])",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern LINK = Pattern.compile("(^|\\s|\\()(https?://\\S+)",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("(^|\\s)[#\\x{FF03}]((?!\\x{FE0F})[^\\s" + INVISIBLE + "]*[^0-9\\s\\p{P}"
            + INVISIBLE + "]+[^\\s" + INVISIBLE + "]*)?", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("\\p{P}+$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern HANDLE = Pattern.compile(
            "([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");

    private RichText() {
    }

    /** What a facet marks. */
    public enum Kind {
        /** {@code app.bsky.richtext.facet#link}: value is the URI. */
        LINK("app.bsky.richtext.facet#link", "uri"),
        /** {@code app.bsky.richtext.facet#mention}: value is a handle until resolved, then the DID. */
        MENTION("app.bsky.richtext.facet#mention", "did"),
        /** {@code app.bsky.richtext.facet#tag}: value is the tag without "#". */
        TAG("app.bsky.richtext.facet#tag", "tag");

        final String type;
        final String field;

        Kind(String type, String field) {
            this.type = type;
            this.field = field;
        }
    }

    /** One facet: bytes {@code [byteStart, byteEnd)} of the text's UTF-8 form, covering the "@" and "#" too. */
    public record Facet(int byteStart, int byteEnd, Kind kind, String value) {
        public Facet withValue(String newValue) {
            return new Facet(byteStart, byteEnd, kind, newValue);
        }
    }

    /** Every link, mention (value: the handle) and tag in {@code text}, in text order. */
    public static List<Facet> detect(String text) {
        List<Facet> facets = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return facets;
        }
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String handle = m.group(2);
            if (HANDLE.matcher(handle).matches() && handle.length() <= 253) {
                int start = m.start(2) - 1;
                facets.add(new Facet(utf8Offset(text, start), utf8Offset(text, m.end(2)), Kind.MENTION, handle.toLowerCase(Locale.ROOT)));
            }
        }
        m = LINK.matcher(text);
        while (m.find()) {
            String uri = m.group(2);
            int start = m.start(2);
            if (uri.matches(".*[.,;:!?]$")) {
                uri = uri.substring(0, uri.length() - 1);
            }
            if (uri.endsWith(")") && !uri.contains("(")) {
                uri = uri.substring(0, uri.length() - 1);
            }
            if (uri.indexOf("://") + 3 < uri.length()) {
                facets.add(new Facet(utf8Offset(text, start), utf8Offset(text, start + uri.length()), Kind.LINK, uri));
            }
        }
        m = TAG.matcher(text);
        while (m.find()) {
            String tag = m.group(2);
            if (tag == null) {
                continue;
            }
            tag = TRAILING_PUNCTUATION.matcher(tag.strip()).replaceAll("");
            if (tag.isEmpty() || tag.length() > MAX_TAG_CHARS) {
                continue;
            }
            int start = m.start() + m.group(1).length();
            facets.add(new Facet(utf8Offset(text, start), utf8Offset(text, start + 1 + tag.length()), Kind.TAG, tag));
        }
        facets.sort(Comparator.comparingInt(Facet::byteStart));
        return facets;
    }

    /** The UTF-8 length of {@code text}'s first {@code charIndex} UTF-16 chars (a lone surrogate counts as U+FFFD, 3 bytes). */
    public static int utf8Offset(String text, int charIndex) {
        int bytes = 0;
        for (int i = 0; i < charIndex; ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (i + n > charIndex) {
                n = 1; // the end falls inside a pair: count the high half alone
                cp = 0xFFFD;
            }
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += n;
        }
        return bytes;
    }

    /** The text's length as Bluesky limits it: extended grapheme clusters (an emoji with modifiers or a flag is one). */
    public static int graphemes(String text) {
        return Graphemes.count(text);
    }
}
