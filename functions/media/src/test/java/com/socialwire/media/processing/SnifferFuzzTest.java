package com.socialwire.media.processing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes the sniffing of uploaded bytes: whatever they are, {@link Sniffer} names one of the types we accept or
 * none, and measures a WEBP only with positive sizes; it never throws. {@code mvn verify} replays the kept inputs in
 * {@code SnifferFuzzTestInputs/}; see the README for a real fuzzing session.
 */
class SnifferFuzzTest {

    private static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4",
            "video/quicktime", "image/heic", "image/avif");

    @FuzzTest
    void anyBytesGetATypeWeKnowOrNone(byte[] bytes) {
        Optional<String> type = Sniffer.mimeType(bytes);
        type.ifPresent(t -> assertTrue(TYPES.contains(t), "unexpected type " + t));
        Optional<Sniffer.Size> size = Sniffer.webpSize(bytes);
        size.ifPresent(s -> assertTrue(s.width() > 0 && s.height() > 0, "size " + s));
    }
}
