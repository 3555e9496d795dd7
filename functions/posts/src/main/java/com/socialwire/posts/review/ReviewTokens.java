package com.socialwire.posts.review;

import com.socialwire.shared.Ids;
import com.socialwire.shared.security.Hashing;

/**
 * Review link tokens: {@code rvw_} + {@value #RANDOM_CHARS} base62 characters from a secure source (~256 bits). Only
 * {@link #hash} of a token is stored; the token itself is shown once, in the link's url.
 */
public final class ReviewTokens {

    public static final String PREFIX = "rvw_";
    static final int RANDOM_CHARS = 43;
    static final int LENGTH = PREFIX.length() + RANDOM_CHARS;

    private ReviewTokens() {
    }

    /** A new token. */
    static String next() {
        return PREFIX + Ids.base62(RANDOM_CHARS);
    }

    /** Whether {@code token} has the shape {@link #next} gives (checked before any read: a malformed token costs nothing). */
    public static boolean wellFormed(String token) {
        if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = token.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** The SHA-256 (hex) of a token: what its row is keyed by, and what a {@link ReviewSession} carries. */
    public static String hash(String token) {
        return Hashing.sha256Hex(token);
    }
}
