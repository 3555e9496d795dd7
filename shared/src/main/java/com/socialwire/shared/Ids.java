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

    /**
     * The id of something made once from {@code parts} (a job's draft, a feed item's post): the same
     * parts always give the same id, so a retried step finds what its first attempt created instead
     * of making a second one. Prefix, underscore, 20 base62 characters of SHA-256 over the parts.
     */
    public static String derived(String prefix, String... parts) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] b = (part == null ? "" : part).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sha.update((byte) (b.length >>> 24));
                sha.update((byte) (b.length >>> 16));
                sha.update((byte) (b.length >>> 8));
                sha.update((byte) b.length);
                sha.update(b);
            }
            byte[] d = sha.digest();
            char[] out = new char[20];
            for (int i = 0; i < out.length; i++) {
                out[i] = BASE62[(d[i] & 0xff) % BASE62.length];
            }
            return prefix + "_" + new String(out);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
