package com.socialwire.shared.providers.bluesky;

import com.socialwire.shared.security.Hashing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * AT Protocol timestamp identifiers (TIDs), the record keys of Bluesky posts: a 64-bit number (top bit 0, then 53 bits
 * of microseconds since the Unix epoch, then a 10-bit clock id) written as 13 characters of the base32-sortable
 * alphabet, so keys sort as their times do. We choose a post's key ourselves, from the delivery, so the one
 * irreversible createRecord can be proven afterwards with getRecord and a retry can only ever target the same record.
 */
public final class Tid {

    static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
    public static final int LENGTH = 13;
    private static final Pattern SYNTAX = Pattern.compile("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}");
    private static final long MAX_MICROS = (1L << 53) - 1;

    private Tid() {
    }

    /** The TID of {@code micros} since the epoch (0 to 2^53-1) and {@code clockId} (0 to 1023). */
    public static String of(long micros, int clockId) {
        if (micros < 0 || micros > MAX_MICROS) {
            throw new IllegalArgumentException("micros out of range");
        }
        if (clockId < 0 || clockId > 1023) {
            throw new IllegalArgumentException("clockId must be 0 to 1023");
        }
        long v = (micros << 10) | clockId;
        char[] out = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new String(out);
    }

    /**
     * The record key of one delivery: the same {@code deliveryId} and {@code createdAt} (the delivery's own, stored
     * creation time; only its whole seconds count, so any stored form of it gives the same key) always give the same
     * TID. Its time lies in {@code createdAt}'s second; the microseconds in that second (about 20 bits) and the clock id
     * (10 bits) come from a SHA-256 of the id, so a thousand deliveries created in the same second share a key with a
     * chance of about 1 in 2,000. A shared key cannot publish twice (the PDS refuses a key it holds), and the proof
     * after an unknown outcome compares the record found with the post ({@link BlueskyPost#sameAs}). For a thread, pass
     * {@code deliveryId + "#" + index}.
     */
    public static String forDelivery(String deliveryId, Instant createdAt) {
        if (deliveryId == null || deliveryId.isEmpty()) {
            throw new IllegalArgumentException("deliveryId is required");
        }
        byte[] h = Hashing.sha256(deliveryId.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (h[i] & 0xff);
        }
        long micros = Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L) + Long.remainderUnsigned(bits >>> 10, 1_000_000L);
        return of(micros, (int) (bits & 1023));
    }

    /** Whether {@code s} is a TID as the PDS checks it (createRecord refuses another key for a post). */
    public static boolean isValid(String s) {
        return s != null && SYNTAX.matcher(s).matches();
    }

    /** The time a TID encodes. */
    public static Instant timestamp(String tid) {
        long micros = decode(tid) >>> 10;
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }

    /** The clock id a TID encodes. */
    public static int clockId(String tid) {
        return (int) (decode(tid) & 1023);
    }

    private static long decode(String tid) {
        if (!isValid(tid)) {
            throw new IllegalArgumentException("not a TID");
        }
        long v = 0;
        for (int i = 0; i < LENGTH; i++) {
            v = (v << 5) | ALPHABET.indexOf(tid.charAt(i));
        }
        return v;
    }
}
