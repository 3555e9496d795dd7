package com.socialwire.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and HMAC helpers, and a constant-time comparison for secrets. */
public final class Hashing {

    private Hashing() {
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256's block size in bytes, HMAC's key block. */
    private static final int HMAC_BLOCK = 64;

    /**
     * HMAC-SHA256 (RFC 2104) over {@link MessageDigest}, which a function needs anyway: javax.crypto.Mac would bring the
     * JCE provider list and its policy check (~60 classes, file reads; the TLS and EC providers are looked at on the way)
     * into a cold start. SigV4Test and ReviewFormsTest hold it to Mac.
     */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] k = key.length > HMAC_BLOCK ? digest.digest(key) : key;
        byte[] inner = new byte[HMAC_BLOCK];
        byte[] outer = new byte[HMAC_BLOCK];
        for (int i = 0; i < HMAC_BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        digest.update(inner);
        byte[] innerHash = digest.digest(data);
        digest.update(outer);
        return digest.digest(innerHash);
    }

    /** Compares two strings in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
