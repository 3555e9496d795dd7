package com.socialwire.reads.url;

import java.math.BigInteger;

/**
 * Instagram shortcodes and the media pk they encode: a shortcode is the pk written in base 64 with the alphabet
 * {@code A-Z a-z 0-9 - _} (most significant digit first, no padding), so {@code BUG} is 5382 and {@code BSKplJUDPPE}
 * is 1480178300072293316 (legacy oEmbed {@code media_id}s {@code 5382_72} and {@code 1480178300072293316_25025320}).
 * The pk is Instagram's internal id ({@code ig_id} in the Graph API), not the Graph media id.
 *
 * <p>Eleven digits hold 66 bits, so a pk is a {@link BigInteger}: today's pks (~3.6e18) fit a {@code long}, an
 * eleven-character code starting at {@code I} or later does not. A private account's share link carries the
 * shortcode followed by {@value #PRIVATE_SUFFIX} more characters; {@link #mediaPk} drops them (as yt-dlp does),
 * {@link InstagramUrls#parse} refuses such links because nothing behind them is public.
 */
public final class Shortcodes {

    /** The base64url alphabet in digit order. */
    public static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** The longest shortcode of a public post: 11 base-64 digits cover every 64-bit pk. */
    public static final int MAX_LENGTH = 11;
    /** How many characters a private account's share link appends to the shortcode. */
    public static final int PRIVATE_SUFFIX = 28;

    private static final BigInteger SIXTY_FOUR = BigInteger.valueOf(64);
    private static final int[] DIGIT = new int[128];

    static {
        java.util.Arrays.fill(DIGIT, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGIT[ALPHABET.charAt(i)] = i;
        }
    }

    private Shortcodes() {
    }

    /** Whether every character of {@code s} is a shortcode digit (and there is at least one). */
    public static boolean isAlphabet(CharSequence s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || DIGIT[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /** A public post's shortcode: 1 to {@value #MAX_LENGTH} alphabet characters. */
    public static boolean isShortcode(CharSequence s) {
        return isAlphabet(s) && s.length() <= MAX_LENGTH;
    }

    /**
     * A private account's share-link code: the media's shortcode (1 to {@value #MAX_LENGTH} characters) followed by
     * {@value #PRIVATE_SUFFIX} more, so 29 to 39 characters (38 or 39 for today's posts).
     */
    public static boolean isPrivateShareCode(CharSequence s) {
        return isAlphabet(s) && s.length() > PRIVATE_SUFFIX && s.length() <= PRIVATE_SUFFIX + MAX_LENGTH;
    }

    /**
     * The media pk {@code shortcode} encodes; a private share-link code is read without its last
     * {@value #PRIVATE_SUFFIX} characters. IllegalArgumentException for anything else.
     */
    public static BigInteger mediaPk(String shortcode) {
        String code = shortcode;
        if (isPrivateShareCode(code)) {
            code = code.substring(0, code.length() - PRIVATE_SUFFIX);
        }
        if (!isShortcode(code)) {
            throw new IllegalArgumentException("not an Instagram shortcode");
        }
        // 11 digits of 6 bits fit in a long only up to 10 digits; build the big value from two halves
        long high = 0;
        int split = Math.max(0, code.length() - 10);
        for (int i = 0; i < split; i++) {
            high = high * 64 + DIGIT[code.charAt(i)];
        }
        long low = 0;
        for (int i = split; i < code.length(); i++) {
            low = low * 64 + DIGIT[code.charAt(i)];
        }
        return BigInteger.valueOf(high).shiftLeft(60).or(BigInteger.valueOf(low));
    }

    /** {@link #mediaPk} as a {@code long}; ArithmeticException when the pk does not fit (an 11-digit code from {@code I} on). */
    public static long mediaPkLong(String shortcode) {
        return mediaPk(shortcode).longValueExact();
    }

    /** The shortcode of media pk {@code pk} (≥ 0 and below 2^66); pk 0 is {@code A}. */
    public static String fromMediaPk(BigInteger pk) {
        if (pk == null || pk.signum() < 0 || pk.bitLength() > 6 * MAX_LENGTH) {
            throw new IllegalArgumentException("a media pk is a number from 0 to 2^66 - 1");
        }
        if (pk.signum() == 0) {
            return "A";
        }
        StringBuilder out = new StringBuilder(MAX_LENGTH);
        BigInteger n = pk;
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(SIXTY_FOUR);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        return out.reverse().toString();
    }

    /** The shortcode of a non-negative {@code long} pk. */
    public static String fromMediaPk(long pk) {
        return fromMediaPk(BigInteger.valueOf(pk));
    }

    /**
     * A media pk written as text (the Graph API's {@code ig_id}, a legacy {@code "<pk>_<owner>"} media id): the pk, or
     * null when {@code text} is not one.
     */
    public static BigInteger parsePk(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        int underscore = t.indexOf('_');
        if (underscore > 0) {
            t = t.substring(0, underscore);
        }
        if (t.isEmpty() || t.length() > 20) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        return new BigInteger(t);
    }
}
