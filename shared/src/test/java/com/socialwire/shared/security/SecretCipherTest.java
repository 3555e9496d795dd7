package com.socialwire.shared.security;

import org.junit.jupiter.api.Test;

import java.util.Base64;

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
