package com.socialwire.posts.review;

import com.socialwire.shared.Config;
import com.socialwire.shared.security.Hashing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The review page's CSRF defence: a double-submit cookie ({@value #COOKIE}, random, HttpOnly, SameSite=Strict, on
 * {@code /review}) bound to the link — every form carries {@code base64url(HMAC-SHA256(subkey, tokenHash + "|" +
 * cookie))} — plus the browser's own word on where a post came from ({@code Origin} and {@code Sec-Fetch-Site}, when
 * sent, must say this site). The subkey is derived from {@code CURSOR_SIGNING_KEY} under its own label, so a field
 * made for one link or one browser is worth nothing for another.
 */
public final class Csrf {

    public static final String COOKIE = "sw_review_csrf";
    /** How long the browser keeps the cookie (a link lives at most 30 days). */
    static final int COOKIE_MAX_AGE_SECONDS = 31 * 24 * 3600;
    private static final String LABEL = "socialwire review csrf v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] subkey;

    public Csrf(byte[] subkey) {
        this.subkey = subkey.clone();
    }

    /**
     * From {@code CURSOR_SIGNING_KEY}; without one (a local run), a key of this process only — one for the whole process,
     * as the list cursors' ({@code Cursors}), so every instance of the function the local runtime starts accepts the
     * forms another rendered.
     */
    public static Csrf fromConfig(Config config) {
        String configured = config.get("CURSOR_SIGNING_KEY").orElse(null);
        byte[] secret = configured == null || configured.isEmpty() ? ProcessKey.KEY : configured.getBytes(StandardCharsets.UTF_8);
        return new Csrf(hmac(secret, LABEL));
    }

    /** Made on first use only (a deployed function, which has CURSOR_SIGNING_KEY, never draws it). */
    private static final class ProcessKey {
        static final byte[] KEY = new byte[32];

        static {
            RANDOM.nextBytes(KEY);
        }
    }

    /** A new cookie value: 32 random bytes, base64url (43 characters). */
    public String newCookie() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** The {@code csrf} field of every form of the page of the link {@code tokenHash}, for the browser holding {@code cookie}. */
    public String field(String tokenHash, String cookie) {
        return B64.encodeToString(hmac(subkey, tokenHash + "|" + cookie));
    }

    /** Whether a post's cookie and field belong together and to this link (constant-time). */
    public boolean accepts(String tokenHash, String cookie, String field) {
        if (cookie == null || field == null || field.isEmpty()) {
            return false;
        }
        return Hashing.constantTimeEquals(field(tokenHash, cookie), field);
    }

    /** The cookie's value in a {@code Cookie} header, or null (absent, or not a value {@link #newCookie} makes). */
    public static String cookie(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String part : cookieHeader.split("[;,]")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                String v = p.substring(COOKIE.length() + 1);
                if (v.length() == 43 && v.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The {@code Set-Cookie} value for {@code value} ({@code Secure} when the page is served over https). */
    public static String setCookie(String value, boolean secure) {
        return COOKIE + "=" + value + "; Path=/review; Max-Age=" + COOKIE_MAX_AGE_SECONDS + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /**
     * Whether the browser says the post came from this site: {@code Origin} (if sent) is {@code ownOrigin}, and
     * {@code Sec-Fetch-Site} (if sent) is {@code same-origin}. An opaque {@code Origin: null} is refused unless
     * {@code Sec-Fetch-Site} says same-origin: the page's own {@code Referrer-Policy: no-referrer} makes a browser send
     * {@code Origin: null} with the page's own form posts (Fetch: a no-referrer request serializes its origin as null),
     * and the browser's fetch metadata, which no page can set, says where the post came from.
     */
    public static boolean sameSite(String origin, String secFetchSite, String ownOrigin) {
        if (secFetchSite != null && !secFetchSite.isBlank() && !secFetchSite.strip().equalsIgnoreCase("same-origin")) {
            return false;
        }
        if (origin == null || origin.isBlank()) {
            return true;
        }
        if (origin.strip().equals("null") && secFetchSite != null && secFetchSite.strip().equalsIgnoreCase("same-origin")) {
            return true;
        }
        return ownOrigin != null && origin.strip().toLowerCase(Locale.ROOT).equals(ownOrigin.toLowerCase(Locale.ROOT));
    }

    private static byte[] hmac(byte[] key, String data) {
        return Hashing.hmacSha256(key, data.getBytes(StandardCharsets.UTF_8)); // over MessageDigest: no JCE provider at a cold start
    }
}
