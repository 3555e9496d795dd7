package com.socialwire.shared.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * List cursors: the start key of the next page, sealed with AES-GCM under a key derived from
 * {@code CURSOR_SIGNING_KEY} and bound to the list it came from. A caller can neither read the
 * table's key layout from a cursor nor forge, alter or move one to another list; a cursor older
 * than {@link #MAX_AGE} is stale. Every such cursor is 400 {@code INVALID_CURSOR} with one message
 * that says nothing about keys.
 */
public final class Cursors {

    public static final Duration MAX_AGE = Duration.ofHours(24);
    private static final String VERSION = "c1.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_CURSOR_CHARS = 2048;
    private static final List<String> KEY_ATTRIBUTES = List.of(Table.PK, Table.SK, Table.GSI1PK, Table.GSI1SK, Table.GSI2PK, Table.GSI2SK);

    /**
     * The random source and the process key, made on the first cursor rather than at cold start: a
     * request that lists nothing (most first requests) loads no JCA provider for them.
     */
    private static final class Randomness {
        static final SecureRandom SOURCE = new SecureRandom();
        /** Without a configured key (tests, a one-JVM local run) cursors work within this process only. */
        static final byte[] PROCESS_KEY = new byte[32];

        static {
            SOURCE.nextBytes(PROCESS_KEY);
        }
    }

    /** Derived on the first seal or open: HMAC's JCE setup is no part of a cold start that lists nothing. */
    private final Lazy<SecretKeySpec> key;
    private final Clock clock;

    public Cursors(byte[] secret, Clock clock) {
        this(new DerivedKey(secret.clone()), clock);
        if (secret.length == 0) {
            throw new IllegalArgumentException("a cursor key cannot be empty"); // as the eager derivation refused it
        }
    }

    private Cursors(DerivedKey key, Clock clock) {
        this.key = Lazy.of(key);
        this.clock = clock;
    }

    /** The AES key derived from a secret (null: the process key): a class rather than a lambda a cold start would spin. */
    private static final class DerivedKey implements Supplier<SecretKeySpec> {
        private final byte[] secret;

        DerivedKey(byte[] secret) {
            this.secret = secret;
        }

        @Override
        public SecretKeySpec get() {
            return new SecretKeySpec(derive(secret == null ? Randomness.PROCESS_KEY : secret), "AES");
        }
    }

    /** From {@code CURSOR_SIGNING_KEY} (at least 32 characters; template.yaml sets it on AWS). */
    public static Cursors fromConfig(Config config, Clock clock) {
        String configured = config.get("CURSOR_SIGNING_KEY").orElse(null);
        if (configured == null) {
            LoggerFactory.getLogger(Cursors.class).warn("CURSOR_SIGNING_KEY is not set: list cursors work only within this process");
            return new Cursors(new DerivedKey(null), clock);
        }
        if (configured.length() < 32) {
            throw new IllegalStateException("CURSOR_SIGNING_KEY must be at least 32 characters");
        }
        return new Cursors(configured.getBytes(StandardCharsets.UTF_8), clock);
    }

    private static byte[] derive(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal("socialwire list cursor v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cursor of the page after {@code lastKey} in the list {@code list}. */
    public String seal(Map<String, AttrValue> lastKey, String list) {
        ObjectNode node = Json.object();
        node.put("t", clock.instant().getEpochSecond());
        ObjectNode k = node.putObject("k");
        lastKey.forEach((name, v) -> k.put(name, v.s()));
        byte[] iv = new byte[IV_BYTES];
        Randomness.SOURCE.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(list.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(Json.bytes(node));
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start key {@code cursor} carries for {@code list}, or 400 INVALID_CURSOR. */
    public Map<String, AttrValue> open(String cursor, String list) {
        if (cursor.length() > MAX_CURSOR_CHARS || !cursor.startsWith(VERSION)) {
            throw invalid("use nextCursor from the previous page of this list");
        }
        JsonNode node;
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor.substring(VERSION.length()));
            if (raw.length <= IV_BYTES + TAG_BITS / 8) {
                throw invalid("use nextCursor from the previous page of this list");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            c.updateAAD(list.getBytes(StandardCharsets.UTF_8));
            node = Json.tree(c.doFinal(raw, IV_BYTES, raw.length - IV_BYTES));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw invalid("use nextCursor from the previous page of this list");
        }
        Instant issued = Instant.ofEpochSecond(node.path("t").asLong());
        Instant now = clock.instant();
        if (issued.plus(MAX_AGE).isBefore(now) || issued.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw invalid("the cursor is more than " + MAX_AGE.toHours() + " hours old; start again from the first page");
        }
        Map<String, AttrValue> start = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.path("k").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (KEY_ATTRIBUTES.contains(e.getKey()) && e.getValue().isTextual()) {
                start.put(e.getKey(), AttrValue.fromS(e.getValue().asText()));
            }
        }
        return start;
    }

    private static ApiException invalid(String hint) {
        return new ApiException(ErrorCode.INVALID_CURSOR, "cursor is not valid for this list", Map.of("cursor", hint));
    }
}
