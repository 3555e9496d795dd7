package com.socialwire.shared.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretCipherTest {

    static final byte[] MASTER = new byte[32];
    final SecretCipher cipher = new SecretCipher(new SecretCipher.LocalKeyWrapper(MASTER));

    @Test
    void roundTripsAndNeverContainsThePlaintext() {
        String token = "IGQVJ-very-secret-token";
        String sealed = cipher.encrypt(token, "tenant:tnt_1:igAccessToken");
        assertFalse(sealed.contains(token));
        assertFalse(new String(Base64.getDecoder().decode(sealed)).contains(token));
        assertEquals(token, cipher.decrypt(sealed, "tenant:tnt_1:igAccessToken"));
        assertNotEquals(sealed, cipher.encrypt(token, "tenant:tnt_1:igAccessToken"), "fresh data key and IV each time");
    }

    /** A key wrapper that counts its unwraps: on AWS each one is a KMS Decrypt request ($3 per million). */
    static final class CountingWrapper implements SecretCipher.KeyWrapper {
        final SecretCipher.KeyWrapper inner = new SecretCipher.LocalKeyWrapper(MASTER);
        final AtomicInteger unwraps = new AtomicInteger();

        @Override
        public byte[][] newDataKey(String context) {
            return inner.newDataKey(context);
        }

        @Override
        public byte[] unwrap(byte[] wrapped, String context) {
            unwraps.incrementAndGet();
            return inner.unwrap(wrapped, context);
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void eachUseOfATenantTokenNoLongerCostsAKmsDecrypt() {
        CountingWrapper kms = new CountingWrapper();
        MovableClock clock = new MovableClock();
        SecretCipher warm = new SecretCipher(kms, clock);
        String sealed = warm.encrypt("IGQVJ-token", "tenant:tnt_1:igAccessToken");
        for (int i = 0; i < 5; i++) {
            assertEquals("IGQVJ-token", warm.decrypt(sealed, "tenant:tnt_1:igAccessToken"));
        }
        assertEquals(1, kms.unwraps.get(), "a warm function unwraps a token's data key once, not once per use");
        // the cache never loosens the context binding: another context is refused, as before
        assertThrows(IllegalStateException.class, () -> warm.decrypt(sealed, "tenant:tnt_2:igAccessToken"));
        // and a kept data key is asked for again once it is older than the cache's age limit
        clock.now = clock.now.plus(SecretCipher.DATA_KEY_MAX_AGE).plus(Duration.ofSeconds(1));
        assertEquals("IGQVJ-token", warm.decrypt(sealed, "tenant:tnt_1:igAccessToken"));
        assertEquals(3, kms.unwraps.get(), "one unwrap for the other context's refusal, one after the age limit");
    }

    @Test
    void anEnvelopeOnlyOpensInItsOwnContext() {
        String sealed = cipher.encrypt("token", "tenant:tnt_1:igAccessToken");
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(sealed, "tenant:tnt_2:igAccessToken"));
    }

    @Test
    void tamperingIsDetected() {
        byte[] raw = Base64.getDecoder().decode(cipher.encrypt("token", "ctx"));
        raw[raw.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(Base64.getEncoder().encodeToString(raw), "ctx"));
    }

    @Test
    void anotherMasterKeyCannotOpenIt() {
        byte[] other = new byte[32];
        other[0] = 1;
        String sealed = cipher.encrypt("token", "ctx");
        assertThrows(IllegalStateException.class,
                () -> new SecretCipher(new SecretCipher.LocalKeyWrapper(other)).decrypt(sealed, "ctx"));
    }
}
