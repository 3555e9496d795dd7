package com.socialwire.billing.stripe;

import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StripeSignatureTest {

    private static final String SECRET = "whsec_test_0123456789abcdef";
    private static final long T = 1_785_312_000L;
    private static final Instant NOW = Instant.ofEpochSecond(T);
    private static final byte[] BODY = """
            {"id":"evt_1","object":"event"}""".getBytes(StandardCharsets.UTF_8);
    /** HMAC-SHA256("whsec_test_0123456789abcdef", "1785312000." + BODY), computed with openssl. */
    private static final String KNOWN_V1 = "b29e0878d81e81f767bb6ad16dd3bd835eac5b3e4aed5e4dbf5ce5f9d518451b";

    @Test
    void signMatchesAnIndependentlyComputedHmac() {
        assertEquals("t=1785312000,v1=" + KNOWN_V1, StripeSignature.sign(BODY, SECRET, T));
    }

    @Test
    void aValidSignaturePasses() {
        assertTrue(StripeSignature.verify(BODY, StripeSignature.sign(BODY, SECRET, T), SECRET, NOW));
        assertTrue(StripeSignature.verify(BODY, "t=1785312000,v1=" + KNOWN_V1, SECRET, NOW));
        assertTrue(StripeSignature.verify(BODY, "t=1785312000,v1=" + KNOWN_V1.toUpperCase(), SECRET, NOW), "hex in either case");
    }

    @Test
    void aTamperedBodyFails() {
        String header = StripeSignature.sign(BODY, SECRET, T);
        byte[] tampered = """
                {"id":"evt_2","object":"event"}""".getBytes(StandardCharsets.UTF_8);
        assertFalse(StripeSignature.verify(tampered, header, SECRET, NOW));
        byte[] extraSpace = """
                {"id":"evt_1", "object":"event"}""".getBytes(StandardCharsets.UTF_8);
        assertFalse(StripeSignature.verify(extraSpace, header, SECRET, NOW), "the raw bytes count, not the JSON meaning");
    }

    @Test
    void aWrongSecretFails() {
        assertFalse(StripeSignature.verify(BODY, StripeSignature.sign(BODY, "whsec_other", T), SECRET, NOW));
        assertFalse(StripeSignature.verify(BODY, StripeSignature.sign(BODY, SECRET, T), "whsec_other", NOW));
        assertFalse(StripeSignature.verify(BODY, StripeSignature.sign(BODY, SECRET, T), "", NOW));
        assertFalse(StripeSignature.verify(BODY, StripeSignature.sign(BODY, SECRET, T), null, NOW));
    }

    @Test
    void theTimestampIsPartOfTheSignedPayload() {
        // a captured v1 replayed with a fresh t does not verify
        assertFalse(StripeSignature.verify(BODY, "t=" + (T + 100) + ",v1=" + KNOWN_V1, SECRET, NOW.plusSeconds(100)));
    }

    @Test
    void toleranceIs300SecondsOnBothSides() {
        String header = StripeSignature.sign(BODY, SECRET, T);
        assertTrue(StripeSignature.verify(BODY, header, SECRET, NOW.plusSeconds(299)), "299 s old");
        assertTrue(StripeSignature.verify(BODY, header, SECRET, NOW.minusSeconds(299)), "299 s ahead");
        assertTrue(StripeSignature.verify(BODY, header, SECRET, NOW.plusSeconds(300)), "300 s old");
        assertTrue(StripeSignature.verify(BODY, header, SECRET, NOW.minusSeconds(300)), "300 s ahead");
        assertFalse(StripeSignature.verify(BODY, header, SECRET, NOW.plusSeconds(301)), "301 s old");
        assertFalse(StripeSignature.verify(BODY, header, SECRET, NOW.minusSeconds(301)), "301 s ahead");
        assertFalse(StripeSignature.verify(BODY, header, SECRET, NOW.plusSeconds(86_400)), "a day old");
        assertFalse(StripeSignature.verify(BODY, header, SECRET, Instant.EPOCH), "far in the future");
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() {
        String good = StripeSignature.sign(BODY, SECRET, T).substring("t=1785312000,v1=".length());
        String otherSecret = StripeSignature.sign(BODY, "whsec_rolled_old", T).substring("t=1785312000,v1=".length());
        assertTrue(StripeSignature.verify(BODY, "t=" + T + ",v1=" + otherSecret + ",v1=" + good, SECRET, NOW));
        assertTrue(StripeSignature.verify(BODY, "t=" + T + ",v1=" + good + ",v1=" + otherSecret, SECRET, NOW));
        assertTrue(StripeSignature.verify(BODY, "t=" + T + ",v1=" + good + ",v0=" + "0".repeat(64), SECRET, NOW));
        assertTrue(StripeSignature.verify(BODY, "t=" + T + ",v1=nothex,v1=" + good, SECRET, NOW), "a garbled v1 beside a good one");
        assertFalse(StripeSignature.verify(BODY, "t=" + T + ",v1=" + otherSecret + ",v1=" + "ab".repeat(32), SECRET, NOW));
    }

    @Test
    void v0IsIgnored() {
        String good = StripeSignature.sign(BODY, SECRET, T).substring("t=1785312000,v1=".length());
        assertFalse(StripeSignature.verify(BODY, "t=" + T + ",v0=" + good, SECRET, NOW), "a v0 with the right value is not a v1");
    }

    @Test
    void missingOrGarbledHeadersFail() {
        String good = StripeSignature.sign(BODY, SECRET, T).substring("t=1785312000,v1=".length());
        for (String header : new String[]{
                null, "", "   ", "garbage", "t=" + T, "v1=" + good, "t=,v1=" + good, "t=abc,v1=" + good,
                "t=-1785312000,v1=" + good, "t=1785312000.5,v1=" + good, "t=" + T + ",t=" + T + ",v1=" + good,
                "t=" + T + ",v1=", "t=" + T + ",v1=" + good.substring(2), "t=" + T + ",v1=" + good + "00",
                "t=" + T + ";v1=" + good, "t=" + T + ",v1=" + good + ",", "t=" + T + ",,v1=" + good,
                "t=" + T + ",=x,v1=" + good, "t=99999999999999999999999,v1=" + good,
                "t=" + T + ",v1=" + good + ",v1=" + "a".repeat(5000)}) {
            assertFalse(StripeSignature.verify(BODY, header, SECRET, NOW), "header: " + header);
        }
        assertFalse(StripeSignature.verify(null, "t=" + T + ",v1=" + good, SECRET, NOW));
        assertFalse(StripeSignature.verify(BODY, "t=" + T + ",v1=" + good, SECRET, null));
    }

    @Test
    void anEmptyBodyCanStillBeSignedAndVerified() {
        byte[] empty = new byte[0];
        assertTrue(StripeSignature.verify(empty, StripeSignature.sign(empty, SECRET, T), SECRET, NOW));
        assertFalse(StripeSignature.verify(empty, StripeSignature.sign(BODY, SECRET, T), SECRET, NOW));
    }

    @Test
    void agreesWithStripeJava() throws Exception {
        String payload = new String(BODY, StandardCharsets.UTF_8);
        // ours → stripe-java's verifier
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        assertTrue(Webhook.Signature.verifyHeader(payload, StripeSignature.sign(BODY, SECRET, T), SECRET, 300, clock));
        // stripe-java's generator → ours
        assertTrue(StripeSignature.verify(BODY, Webhook.Signature.generateSignatureHeader(payload, SECRET, T), SECRET, NOW));
        // the gap this class closes: stripe-java accepts a timestamp 10 minutes in the future, we do not
        String future = StripeSignature.sign(BODY, SECRET, T + 600);
        assertTrue(Webhook.Signature.verifyHeader(payload, future, SECRET, 300, clock));
        assertFalse(StripeSignature.verify(BODY, future, SECRET, NOW));
    }

    @Test
    void signRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> StripeSignature.sign(BODY, "", T));
        assertThrows(IllegalArgumentException.class, () -> StripeSignature.sign(null, SECRET, T));
        assertThrows(IllegalArgumentException.class, () -> StripeSignature.sign(BODY, SECRET, -1));
    }
}
