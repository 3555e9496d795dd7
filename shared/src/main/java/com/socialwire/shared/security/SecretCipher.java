package com.socialwire.shared.security;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanKms;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Envelope encryption for third-party secrets at rest (Instagram tokens): each value gets a fresh
 * AES-256 data key, encrypted with AES-GCM bound to a context string (which record and field it
 * belongs to); the data key itself is wrapped by KMS on AWS ({@code KMS_KEY_ID}) or, locally, by a
 * configured master key ({@code LOCAL_ENCRYPTION_KEY}, base64 of 32 bytes). Without either, the
 * function refuses to start rather than store a secret in the clear.
 */
public final class SecretCipher {

    private static final byte VERSION = 1;
    /** Made on the first encryption (a holder class): a request that only reads tenants never opens the PRNG. */
    private static final class Randomness {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    /** Wraps and unwraps data keys; the master key never leaves it. */
    public interface KeyWrapper {
        /** A new data key: {plaintext, wrapped}. */
        byte[][] newDataKey(String context);

        byte[] unwrap(byte[] wrapped, String context);
    }

    /** How long a warm function keeps an unwrapped data key (the AWS Encryption SDK's caching default is of this order). */
    public static final java.time.Duration DATA_KEY_MAX_AGE = java.time.Duration.ofMinutes(5);

    /** Unwrapped data keys a warm function keeps at most (tenants whose tokens it used lately). */
    static final int DATA_KEY_CACHE_SIZE = 256;

    /** An unwrapped data key and when it was unwrapped. */
    private record CachedKey(byte[] key, java.time.Instant at) {
    }

    private final KeyWrapper wrapper;
    private final java.time.Clock clock;
    /**
     * Unwrapped data keys by wrapped key and context, least recently used first: each unwrap is a
     * KMS Decrypt request on AWS, and a reply or a publish uses the tenant's token several times.
     * Kept in the warm function's memory only (as the AWS Encryption SDK's caching does), never
     * written anywhere; an entry older than {@link #DATA_KEY_MAX_AGE} is unwrapped again.
     */
    private final Map<String, CachedKey> dataKeys = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CachedKey> eldest) {
                    return size() > DATA_KEY_CACHE_SIZE;
                }
            });

    public SecretCipher(KeyWrapper wrapper) {
        this(wrapper, java.time.Clock.systemUTC());
    }

    public SecretCipher(KeyWrapper wrapper, java.time.Clock clock) {
        this.wrapper = wrapper;
        this.clock = clock;
    }

    public static SecretCipher fromConfig(Config config, AwsClients aws) {
        if (config.get("KMS_KEY_ID").isPresent()) {
            return new SecretCipher(new KmsKeyWrapper(aws.kmsOnFirstUse(), config.require("KMS_KEY_ID")));
        }
        if (config.get("LOCAL_ENCRYPTION_KEY").isPresent()) {
            return new SecretCipher(new LocalKeyWrapper(Base64.getDecoder().decode(config.require("LOCAL_ENCRYPTION_KEY"))));
        }
        throw new IllegalStateException("no key to encrypt secrets at rest: set KMS_KEY_ID (AWS) or LOCAL_ENCRYPTION_KEY (local)");
    }

    public String encrypt(String plaintext, String context) {
        byte[][] key = wrapper.newDataKey(context);
        try {
            byte[] iv = new byte[12];
            Randomness.SOURCE.nextBytes(iv);
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key[0], iv, context, plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(1 + 2 + key[1].length + iv.length + sealed.length);
            out.put(VERSION).putShort((short) key[1].length).put(key[1]).put(iv).put(sealed);
            return Base64.getEncoder().encodeToString(out.array());
        } finally {
            Arrays.fill(key[0], (byte) 0);
        }
    }

    public String decrypt(String envelope, String context) {
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(envelope));
        if (in.get() != VERSION) {
            throw new IllegalStateException("unknown secret envelope version");
        }
        byte[] wrapped = new byte[in.getShort()];
        in.get(wrapped);
        byte[] iv = new byte[12];
        in.get(iv);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        byte[] dataKey = dataKey(wrapped, context);
        try {
            return new String(gcm(Cipher.DECRYPT_MODE, dataKey, iv, context, sealed), StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** A copy of the unwrapped data key, from the cache while it is young enough, else from the wrapper (KMS). */
    private byte[] dataKey(byte[] wrapped, String context) {
        String id = Base64.getEncoder().encodeToString(wrapped) + "\n" + context;
        java.time.Instant now = clock.instant();
        CachedKey cached = dataKeys.get(id);
        if (cached == null || !cached.at().plus(DATA_KEY_MAX_AGE).isAfter(now)) {
            cached = new CachedKey(wrapper.unwrap(wrapped, context), now);
            dataKeys.put(id, cached);
        }
        return cached.key().clone();
    }

    static byte[] gcm(int mode, byte[] key, byte[] iv, String context, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret envelope cannot be opened (wrong key or context)", e);
        }
    }

    /** Data keys from AWS KMS, bound to the context through KMS's encryption context. */
    static final class KmsKeyWrapper implements KeyWrapper {
        private final java.util.function.Supplier<LeanKms> kms;
        private final String keyId;

        KmsKeyWrapper(java.util.function.Supplier<LeanKms> kms, String keyId) {
            this.kms = kms;
            this.keyId = keyId;
        }

        @Override
        public byte[][] newDataKey(String context) {
            LeanKms.DataKey k = kms.get().generateDataKey(keyId, Map.of("purpose", context), "AES_256");
            return new byte[][]{k.plaintext(), k.ciphertextBlob()};
        }

        @Override
        public byte[] unwrap(byte[] wrapped, String context) {
            return kms.get().decrypt(keyId, wrapped, Map.of("purpose", context));
        }
    }

    /** Data keys wrapped with a configured AES-256 master key, for the local runtime and tests. */
    public static final class LocalKeyWrapper implements KeyWrapper {
        private final byte[] master;

        public LocalKeyWrapper(byte[] master) {
            if (master.length != 32) {
                throw new IllegalArgumentException("LOCAL_ENCRYPTION_KEY must be 32 bytes (base64)");
            }
            this.master = master.clone();
        }

        @Override
        public byte[][] newDataKey(String context) {
            byte[] key = new byte[32];
            Randomness.SOURCE.nextBytes(key);
            return new byte[][]{key, seal(key, context)};
        }

        /** Any bytes sealed under the master key, bound to {@code context} (the local KMS's Encrypt). */
        public byte[] seal(byte[] plaintext, String context) {
            byte[] iv = new byte[12];
            Randomness.SOURCE.nextBytes(iv);
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, master, iv, context, plaintext);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        }

        @Override
        public byte[] unwrap(byte[] wrapped, String context) {
            if (wrapped.length < 12 + 16) {
                throw new IllegalStateException("secret envelope cannot be opened (too short)");
            }
            byte[] iv = Arrays.copyOfRange(wrapped, 0, 12);
            return gcm(Cipher.DECRYPT_MODE, master, iv, context, Arrays.copyOfRange(wrapped, 12, wrapped.length));
        }
    }
}
