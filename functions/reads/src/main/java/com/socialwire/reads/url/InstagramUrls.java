package com.socialwire.reads.url;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a caller names a post or reel by: an Instagram URL or a bare shortcode. Accepted:
 * <ul>
 *   <li>a bare shortcode ({@code C8tN4vJv1Yq}, {@code BUG}): 1 to 11 characters of {@code A-Z a-z 0-9 - _};</li>
 *   <li>{@code https://}, {@code http://} or no scheme (also {@code //host}); hosts {@code instagram.com},
 *       {@code www.instagram.com}, {@code m.instagram.com}, {@code instagr.am}, {@code www.instagr.am} in any case,
 *       with an optional trailing dot and port 80 or 443;</li>
 *   <li>paths {@code /p/{sc}}, {@code /reel/{sc}}, {@code /reels/{sc}}, {@code /tv/{sc}}, and the same after a username
 *       ({@code /{username}/p/{sc}}, {@code /{username}/reel/{sc}} as Instagram's share sheet now writes them), with or
 *       without a trailing slash, followed optionally by {@code embed}, {@code embed/captioned}, {@code media} or a
 *       comment permalink {@code c/{commentId}[/r/{replyId}]};</li>
 *   <li>any query string ({@code igsh}, {@code utm_*}, {@code img_index}…) and fragment, which are ignored.</li>
 * </ul>
 * Everything else is a 422 {@code VALIDATION_ERROR} with {@code details {field: "url", reason}}, never a 500: profiles,
 * stories and highlights, explore and hashtag pages, other sites and lookalike hosts ({@code instagram.com.evil.com},
 * {@code evil.com/instagram.com/p/…}, {@code instagram.com@evil.com}), empty or malformed shortcodes, and a private
 * account's share link (a shortcode plus 28 characters: 29–39 in all), whose post no public read can reach, and the
 * share sheet's {@code /share/…} redirect links, whose token is not a shortcode.
 */
public final class InstagramUrls {

    /** A well-formed request naming nothing readable: 422, as the issue asks (VALIDATION_ERROR's default is 400). */
    public static final int STATUS = 422;
    /** Longer input than any real URL; refused before any other work. */
    public static final int MAX_INPUT = 2_048;

    private static final Set<String> HOSTS = Set.of("instagram.com", "www.instagram.com", "m.instagram.com",
            "instagr.am", "www.instagr.am");
    /** Instagram usernames: letters, digits, '.' and '_', at most 30. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._]{1,30}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,30}");
    /** First path segments that are Instagram pages, not usernames. */
    private static final Set<String> STORY_PAGES = Set.of("stories", "s");
    private static final Set<String> EXPLORE_PAGES = Set.of("explore", "tags", "locations");
    private static final Set<String> OTHER_PAGES = Set.of("accounts", "direct", "about", "legal", "developer", "web",
            "challenge", "emails", "session", "privacy", "oauth", "api", "graphql", "static", "ar", "directory", "topics", "audio");

    /** Why an input was refused ({@code details.reason}). */
    public static final String MISSING = "missing";
    public static final String TOO_LONG = "too_long";
    public static final String CONTROL_CHARACTERS = "control_characters";
    public static final String UNSUPPORTED_SCHEME = "unsupported_scheme";
    public static final String NOT_INSTAGRAM = "not_instagram";
    public static final String PROFILE_URL = "profile_url";
    public static final String STORY_URL = "story_url";
    public static final String EXPLORE_URL = "explore_url";
    public static final String UNSUPPORTED_PATH = "unsupported_path";
    public static final String EMPTY_SHORTCODE = "empty_shortcode";
    public static final String INVALID_SHORTCODE = "invalid_shortcode";
    public static final String PRIVATE_SHARE_LINK = "private_share_link";
    public static final String SHARE_LINK = "share_link";

    private InstagramUrls() {
    }

    /** The post or reel {@code input} names; a 422 {@link ApiException} saying why when it names none. */
    public static InstagramTarget parse(String input) {
        if (input == null || input.isBlank()) {
            throw invalid(MISSING, "url is required: an Instagram post or reel URL, or its shortcode");
        }
        if (input.length() > MAX_INPUT) {
            throw invalid(TOO_LONG, "url is longer than " + MAX_INPUT + " characters");
        }
        String s = trim(input);
        if (s.isEmpty()) {
            throw invalid(MISSING, "url is required: an Instagram post or reel URL, or its shortcode");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '\u200B' || c == '\uFEFF') {
                throw invalid(CONTROL_CHARACTERS, "url contains spaces or control characters");
            }
        }
        if (s.indexOf('/') < 0 && s.indexOf('.') < 0 && s.indexOf(':') < 0 && s.indexOf('?') < 0 && s.indexOf('#') < 0) {
            return target(s, "unknown", "the shortcode");
        }
        return parseUrl(s);
    }

    private static InstagramTarget parseUrl(String s) {
        String rest = s;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            String name = rest.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (!name.equals("https") && !name.equals("http")) {
                throw invalid(UNSUPPORTED_SCHEME, "url must be an http(s) Instagram link or a shortcode");
            }
            rest = rest.substring(scheme + 3);
        } else if (rest.startsWith("//")) {
            rest = rest.substring(2);
        } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') < firstOf(rest, "/?#")) {
            // "javascript:…", "mailto:…", "instagram:…": a scheme without "//", or a host with a port (checked below)
            String before = rest.substring(0, rest.indexOf(':'));
            if (!before.contains(".")) {
                throw invalid(UNSUPPORTED_SCHEME, "url must be an http(s) Instagram link or a shortcode");
            }
        }
        int end = firstOf(rest, "/?#\\");
        String authority = rest.substring(0, end);
        String afterAuthority = rest.substring(end);
        if (afterAuthority.startsWith("\\")) {
            throw invalid(NOT_INSTAGRAM, "url is not an instagram.com link");
        }
        String host = host(authority);
        if (!HOSTS.contains(host)) {
            throw invalid(NOT_INSTAGRAM, "url is not an instagram.com link (accepted hosts: instagram.com, www.instagram.com, "
                    + "m.instagram.com, instagr.am)");
        }
        int cut = firstOf(afterAuthority, "?#");
        return fromPath(segments(afterAuthority.substring(0, cut)));
    }

    /** The lowercased host of {@code authority}, or "" when it has userinfo, a bad port or nothing. */
    private static String host(String authority) {
        if (authority.isEmpty() || authority.indexOf('@') >= 0 || authority.indexOf('%') >= 0) {
            return "";
        }
        String host = authority;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0) {
            String port = authority.substring(colon + 1);
            if (!port.equals("443") && !port.equals("80") && !port.isEmpty()) {
                return "";
            }
            host = authority.substring(0, colon);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String raw : path.split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String seg = raw;
            if (seg.indexOf('%') >= 0) {
                try {
                    seg = URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw invalid(UNSUPPORTED_PATH, "url has a malformed percent-encoding");
                }
            }
            out.add(seg);
        }
        return out;
    }

    private static InstagramTarget fromPath(List<String> seg) {
        if (seg.isEmpty()) {
            throw invalid(PROFILE_URL, "url names Instagram itself, not a post or reel: use a /p/ or /reel/ link");
        }
        String first = seg.get(0).toLowerCase(Locale.ROOT);
        if (kind(first) != null) {
            return media(first, seg, 1);
        }
        if (first.equals("share")) {
            // /share/reel/BA…/ is a redirect token of the share sheet, not a shortcode: only Instagram can resolve it
            throw invalid(SHARE_LINK, "this is an Instagram share link: open it and use the /p/ or /reel/ address it leads to");
        }
        if (STORY_PAGES.contains(first)) {
            throw invalid(STORY_URL, "stories and highlights cannot be read: use a post or reel link");
        }
        if (EXPLORE_PAGES.contains(first)) {
            throw invalid(EXPLORE_URL, "explore, hashtag and place pages cannot be read: use a post or reel link");
        }
        if (OTHER_PAGES.contains(first) || !USERNAME.matcher(seg.get(0)).matches()) {
            throw invalid(UNSUPPORTED_PATH, "url is not an Instagram post or reel link (/p/{shortcode}/ or /reel/{shortcode}/)");
        }
        if (seg.size() == 1) {
            throw invalid(PROFILE_URL, "url is a profile, not a post or reel: use a /p/ or /reel/ link");
        }
        String second = seg.get(1).toLowerCase(Locale.ROOT);
        if (kind(second) != null && seg.size() > 2) {
            return media(second, seg, 2);
        }
        throw invalid(PROFILE_URL, "url is a profile page, not a post or reel: use a /p/ or /reel/ link");
    }

    /** {@code post}, {@code reel} or {@code tv} for a path keyword, else null. */
    private static String kind(String keyword) {
        return switch (keyword) {
            case "p" -> "post";
            case "reel", "reels" -> "reel";
            case "tv" -> "tv";
            default -> null;
        };
    }

    private static InstagramTarget media(String keyword, List<String> seg, int codeAt) {
        if (seg.size() <= codeAt) {
            throw invalid(EMPTY_SHORTCODE, "url has no shortcode after /" + keyword + "/");
        }
        List<String> tail = seg.subList(codeAt + 1, seg.size());
        if (!allowedTail(tail)) {
            throw invalid(UNSUPPORTED_PATH, "url has more after the shortcode than a post or reel link has");
        }
        return target(seg.get(codeAt), kind(keyword), "the shortcode in the url");
    }

    /** What may follow a shortcode: nothing, {@code embed[/captioned]}, {@code media}, {@code c/{id}[/r/{id}]}. */
    private static boolean allowedTail(List<String> tail) {
        return switch (tail.size()) {
            case 0 -> true;
            case 1 -> tail.get(0).equals("embed") || tail.get(0).equals("media") || tail.get(0).equals("liked_by");
            case 2 -> (tail.get(0).equals("embed") && tail.get(1).equals("captioned"))
                    || (tail.get(0).equals("c") && DIGITS.matcher(tail.get(1)).matches());
            case 4 -> tail.get(0).equals("c") && DIGITS.matcher(tail.get(1)).matches() && tail.get(2).equals("r")
                    && DIGITS.matcher(tail.get(3)).matches();
            default -> false;
        };
    }

    private static InstagramTarget target(String code, String kind, String what) {
        if (code.isEmpty()) {
            throw invalid(EMPTY_SHORTCODE, "url has an empty shortcode");
        }
        if (!Shortcodes.isAlphabet(code)) {
            throw invalid(INVALID_SHORTCODE, what + " may only contain letters, digits, '-' and '_'");
        }
        if (Shortcodes.isPrivateShareCode(code)) {
            throw invalid(PRIVATE_SHARE_LINK, "this is a private account's share link (a shortcode plus "
                    + Shortcodes.PRIVATE_SUFFIX + " characters): only public posts and reels can be read");
        }
        if (!Shortcodes.isShortcode(code)) {
            throw invalid(INVALID_SHORTCODE, what + " is " + code.length() + " characters long; Instagram shortcodes have at most "
                    + Shortcodes.MAX_LENGTH);
        }
        String canonical = "https://www.instagram.com/" + ("reel".equals(kind) ? "reel/" : "p/") + code + "/";
        return new InstagramTarget(code, kind, canonical);
    }

    /** {@code s} without the spaces and invisible characters a copied link carries at its ends (no-break, zero-width, BOM). */
    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && invisible(s.charAt(from))) {
            from++;
        }
        while (to > from && invisible(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean invisible(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\u200C' || c == '\u200D'
                || c == '\u2060' || c == '\uFEFF';
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static ApiException invalid(String reason, String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, STATUS, message, Map.of("field", "url", "reason", reason), null);
    }
}
