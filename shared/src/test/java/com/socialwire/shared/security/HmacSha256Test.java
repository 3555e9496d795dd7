package com.socialwire.shared.security;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@link Hashing#hmacSha256} (over MessageDigest: no JCE provider at a cold start) is HMAC-SHA256 as javax.crypto
 * computes it, for keys shorter than, equal to and longer than the 64-byte block, and any message: every signature
 * check that uses it (Meta's and Stripe's webhooks, SigV4, the review forms) rests on this.
 */
class HmacSha256Test {

    @Test
    void itIsJavaxCryptosHmacSha256ForSeededKeysAndMessages() throws Exception {
        long seed = 1_733_400_000L;
        Random rnd = new Random(seed);
        Mac mac = Mac.getInstance("HmacSHA256");
        for (int i = 0; i < 3_000; i++) {
            byte[] key = new byte[1 + rnd.nextInt(i % 10 == 0 ? 200 : 80)];
            byte[] message = new byte[rnd.nextInt(i % 7 == 0 ? 5_000 : 300)];
            rnd.nextBytes(key);
            rnd.nextBytes(message);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertArrayEquals(mac.doFinal(message), Hashing.hmacSha256(key, message), "seed " + seed + " case " + i + " key " + key.length
                    + " bytes, message " + message.length);
        }
        for (int len : new int[] {63, 64, 65, 128}) {
            byte[] key = new byte[len];
            rnd.nextBytes(key);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertArrayEquals(mac.doFinal(new byte[0]), Hashing.hmacSha256(key, new byte[0]), "a " + len + "-byte key, an empty message");
        }
    }
}
