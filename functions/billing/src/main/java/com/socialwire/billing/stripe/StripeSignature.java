package com.socialwire.billing.stripe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stripe's webhook signature: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]}
 * where each {@code v1} is HMAC-SHA256(endpoint secret, {@code t + "." + raw body}) in hex.
 * Several {@code v1} appear while a secret is being rolled; any one matching passes. {@code v0}
 * (test-mode legacy) and unknown schemes are ignored.
 *
 * <p>Unlike stripe-java's {@code Webhook}, the timestamp must lie within {@link #TOLERANCE_SECONDS}
 * on <em>both</em> sides of now: a signature dated in the future is as suspect as an old one.
 * Plain JDK code, no stripe-java, so the webhook route does not load the 19 MB library.
 */
public final class StripeSignature {

    /** Stripe's recommended window, either way. */
    public static final long TOLERANCE_SECONDS = 300;

    /** Far above anything Stripe sends (t plus a few v1/v0); bounds the work an attacker can ask for. */
    private static final int MAX_HEADER_LENGTH = 4096;
    private static final int SIGNATURE_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private StripeSignature() {
    }

    /**
     * True only if {@code header} is well formed, its timestamp is within 300 s of {@code now}
     * (either side; exactly 300 s passes, 301 s fails) and at least one {@code v1} is the
     * HMAC of {@code t.body} under {@code secret}. Never throws: null, blank or garbled input is
     * simply false.
     */
    public static boolean verify(byte[] body, String header, String secret, Instant now) {
        return verify(body, header, secret, now, TOLERANCE_SECONDS);
    }

    /** As {@link #verify(byte[], String, String, Instant)} with another tolerance in seconds. */
    public static boolean verify(byte[] body, String header, String secret, Instant now, long toleranceSeconds) {
        if (body == null || header == null || secret == null || secret.isEmpty() || now == null || toleranceSeconds < 0
                || header.isBlank() || header.length() > MAX_HEADER_LENGTH) {
            return false;
        }
        String timestamp = null;
        List<byte[]> candidates = new ArrayList<>(2);
        for (String element : header.split(",", -1)) {
            String item = element.strip();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return false; // "", "x", "=abc": not Stripe's key=value list
            }
            String key = item.substring(0, eq);
            String value = item.substring(eq + 1);
            switch (key) {
                case "t" -> {
                    if (timestamp != null || !isUnixSeconds(value)) {
                        return false; // a second t, or not digits: ambiguous or garbled
                    }
                    timestamp = value;
                }
                case "v1" -> {
                    byte[] sig = hexSignature(value);
                    if (sig != null) {
                        candidates.add(sig); // a v1 that is not 64 hex digits cannot match; the others still can
                    }
                }
                default -> {
                    // v0 and future schemes: ignored
                }
            }
        }
        if (timestamp == null || candidates.isEmpty()) {
            return false;
        }
        long t = Long.parseLong(timestamp);
        long age = now.getEpochSecond() - t; // both non-negative longs: cannot overflow
        if (age > toleranceSeconds || age < -toleranceSeconds) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, body);
        boolean match = false;
        for (byte[] candidate : candidates) {
            // constant time per candidate, and every candidate is checked (no early exit)
            match |= MessageDigest.isEqual(expected, candidate);
        }
        return match;
    }

    /**
     * The {@code Stripe-Signature} header value Stripe would send for {@code body} at
     * {@code timestamp}: {@code t=<timestamp>,v1=<hex>}. For tests and the local scripts.
     */
    public static String sign(byte[] body, String secret, long timestamp) {
        if (body == null || secret == null || secret.isEmpty() || timestamp < 0) {
            throw new IllegalArgumentException("body, a non-empty secret and a non-negative timestamp are required");
        }
        String t = Long.toString(timestamp);
        return "t=" + t + ",v1=" + HEX.formatHex(hmac(secret, t, body));
    }

    /** HMAC-SHA256 of {@code t.body}, over MessageDigest ({@code Hashing.hmacSha256}: no JCE provider list at a cold start). */
    private static byte[] hmac(String secret, String timestamp, byte[] body) {
        byte[] t = timestamp.getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[t.length + 1 + body.length];
        System.arraycopy(t, 0, signed, 0, t.length);
        signed[t.length] = '.';
        System.arraycopy(body, 0, signed, t.length + 1, body.length);
        return com.socialwire.shared.security.Hashing.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), signed);
    }

    private static boolean isUnixSeconds(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** 32 bytes from 64 hex digits (either case), or null. */
    private static byte[] hexSignature(String value) {
        if (value.length() != SIGNATURE_BYTES * 2) {
            return null;
        }
        try {
            return HEX.parseHex(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
