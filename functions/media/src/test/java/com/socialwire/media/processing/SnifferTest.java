package com.socialwire.media.processing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SnifferTest {

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An ISO base media file start: a ftyp box with {@code major} and {@code compatible} brands. */
    static byte[] ftyp(String major, String... compatible) {
        int size = 16 + 4 * compatible.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0, 0, 0, (byte) size});
        out.writeBytes(ascii("ftyp" + major));
        out.writeBytes(new byte[]{0, 0, 2, 0});
        for (String c : compatible) {
            out.writeBytes(ascii(c));
        }
        out.writeBytes(hex("00000008 6d646174"));
        return out.toByteArray();
    }

    /** A WEBP file start: RIFF, size, WEBP, then {@code chunk} with {@code payload}. */
    static byte[] webp(String chunk, byte[] payload) {
        return concat(ascii("RIFF"), hex("00100000"), ascii("WEBP"), ascii(chunk), hex("0a000000"), payload, new byte[16]);
    }

    static Optional<String> sniff(byte[] b) {
        return Sniffer.mimeType(b);
    }

    @Test
    void recognisesTheImageMagicNumbers() {
        assertEquals(Optional.of("image/jpeg"), sniff(hex("ffd8ffe000104a464946")));
        assertEquals(Optional.of("image/png"), sniff(hex("89504e470d0a1a0a0000000d49484452")));
        assertEquals(Optional.of("image/gif"), sniff(ascii("GIF87a\u0001\u0000")));
        assertEquals(Optional.of("image/gif"), sniff(ascii("GIF89a\u0001\u0000")));
        assertEquals(Optional.of("image/webp"), sniff(webp("VP8X", new byte[10])));
    }

    @Test
    void tellsQuickTimeFromMp4ByTheFtypBrandAndKeepsHeifImagesOutOfVideo() {
        assertEquals(Optional.of("video/quicktime"), sniff(ftyp("qt  ", "qt  ")));
        assertEquals(Optional.of("video/mp4"), sniff(ftyp("isom", "isom", "iso2", "avc1", "mp41")));
        assertEquals(Optional.of("video/mp4"), sniff(ftyp("mp42", "mp42", "isom")));
        assertEquals(Optional.of("video/mp4"), sniff(ftyp("M4V ", "M4V ", "mp42")));
        assertEquals(Optional.of("image/heic"), sniff(ftyp("heic", "mif1", "heic")));
        assertEquals(Optional.of("image/avif"), sniff(ftyp("mif1", "mif1", "avif")));
        assertEquals(Optional.of("image/avif"), sniff(ftyp("avif", "mif1")));
        // a classic QuickTime movie starts with an atom, not ftyp
        assertEquals(Optional.of("video/quicktime"), sniff(hex("00000008 77696465 0001 0000 6d646174")));
    }

    @Test
    void refusesWhatIsNotMedia() {
        assertEquals(Optional.empty(), sniff(new byte[0]));
        assertEquals(Optional.empty(), sniff(hex("ffd8")));
        assertEquals(Optional.empty(), sniff(ascii("%PDF-1.7\n%âãÏÓ")));
        assertEquals(Optional.empty(), sniff(hex("504b0304")));             // zip
        assertEquals(Optional.empty(), sniff(ascii("RIFF....WAVEfmt ")));     // audio, not WEBP
        assertEquals(Optional.empty(), sniff(ascii("<html><body>free</body>")));
        assertEquals(Optional.empty(), sniff(ascii("abcdfree text that mentions an atom")), "an implausible atom size");
    }

    @Test
    void readsTheThreeWebpHeaders() {
        // VP8X: flags, 3 reserved, then 24-bit width-1 and height-1 (little endian): 1920 x 1080
        byte[] vp8x = webp("VP8X", concat(hex("10000000"), hex("7f0700"), hex("370400")));
        assertEquals(Optional.of(new Sniffer.Size(1920, 1080)), Sniffer.webpSize(vp8x));
        // VP8L: signature 0x2F, then 14 bits width-1 and 14 bits height-1: 400 x 300
        long bits = 399 | (299L << 14);
        byte[] vp8l = webp("VP8L", concat(hex("2f"), new byte[]{(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)}));
        assertEquals(Optional.of(new Sniffer.Size(400, 300)), Sniffer.webpSize(vp8l));
        // VP8: a key frame tag (bit 0 clear), start code 9D 01 2A, then 14-bit width and height: 640 x 480
        byte[] vp8 = webp("VP8 ", concat(hex("501000"), hex("9d012a"), hex("8002"), hex("e001")));
        assertEquals(Optional.of(new Sniffer.Size(640, 480)), Sniffer.webpSize(vp8));
    }

    @ParameterizedTest
    @CsvSource({
            "VP8L, 2e0000000000",      // wrong VP8L signature
            "VP8 , 5110009d012a8002",   // not a key frame
            "VP8 , 5010009d0000800200", // no start code
            "ALPH, 000000000000",       // not an image chunk
    })
    void refusesBrokenWebpHeaders(String chunk, String payload) {
        assertEquals(Optional.empty(), Sniffer.webpSize(webp(chunk, hex(payload))));
    }

    @Test
    void aWebpHeaderTooShortToHoldASizeIsRefused() {
        assertEquals(Optional.empty(), Sniffer.webpSize(concat(ascii("RIFF"), hex("00100000"), ascii("WEBPVP8X"))));
    }
}
