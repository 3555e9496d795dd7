package com.socialwire.shared;

import java.security.SecureRandom;

/** The one id generator: a type prefix and random base62 characters from a secure source. */
public final class Ids {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new id such as {@code tnt_4Fz9...}: prefix, underscore, 20 base62 characters (~119 bits). */
    public static String next(String prefix) {
        return prefix + "_" + base62(20);
    }

    public static String base62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }

    /** True if {@code id} has the shape this class generates for {@code prefix}. */
    public static boolean looksLike(String prefix, String id) {
        if (id == null || !id.startsWith(prefix + "_") || id.length() > prefix.length() + 1 + 64) {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128)) {
                return false;
            }
        }
        return id.length() > prefix.length() + 1;
    }
}
