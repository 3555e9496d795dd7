package com.socialwire.media.processing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The real type of a file from its first bytes (its "magic"), whatever it was called or declared
 * as, and the dimensions WEBP states in its header (the JDK has no WEBP decoder).
 *
 * <pre>
 * JPEG       FF D8 FF
 * PNG        89 50 4E 47 0D 0A 1A 0A
 * GIF        "GIF87a" or "GIF89a"
 * WEBP       "RIFF" size "WEBP"
 * MP4 / MOV  an ISO base media "ftyp" box at offset 4; major brand "qt  " is QuickTime, HEIF/AVIF
 *            image brands are images, any other brand is MP4; a classic QuickTime file without
 *            ftyp starts with a moov, mdat, wide, free, skip or pnot atom.
 * </pre>
 */
public final class Sniffer {

    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final Set<String> CLASSIC_QUICKTIME_ATOMS = Set.of("moov", "mdat", "wide", "free", "skip", "pnot");

    /** Width and height in pixels. */
    public record Size(int width, int height) {
    }

    private Sniffer() {
    }

    /** The type the bytes really are, or empty if none this project recognises. */
    public static Optional<String> mimeType(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(b, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return Optional.of("image/gif");
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return Optional.of("image/webp");
        }
        if (ascii(b, 4, "ftyp") && b.length >= 12) {
            return Optional.of(isoBrand(b));
        }
        if (b.length >= 8 && CLASSIC_QUICKTIME_ATOMS.contains(text(b, 4, 4)) && plausibleAtomSize(u32be(b, 0))) {
            return Optional.of("video/quicktime");
        }
        return Optional.empty();
    }

    /** An ISO base media file by its ftyp box: major brand first, then the compatible brands for the generic image ones. */
    private static String isoBrand(byte[] b) {
        String major = text(b, 8, 4);
        if (major.equals("qt  ")) {
            return "video/quicktime";
        }
        if (AVIF_BRANDS.contains(major)) {
            return "image/avif";
        }
        if (HEIF_BRANDS.contains(major)) {
            long boxSize = u32be(b, 0);
            for (int at = 16; at + 4 <= Math.min(b.length, boxSize); at += 4) {
                if (AVIF_BRANDS.contains(text(b, at, 4))) {
                    return "image/avif";
                }
            }
            return "image/heic";
        }
        return "video/mp4";
    }

    /**
     * The canvas size a WEBP header states: VP8X (extended: 24-bit width-1 and height-1 at 24 and
     * 27), VP8L (lossless: signature 0x2F, then 14-bit width-1 and height-1) or VP8 (lossy: a key
     * frame's start code 9D 01 2A, then 14-bit width and height). Empty if the header is not one of those.
     */
    public static Optional<Size> webpSize(byte[] b) {
        if (!ascii(b, 0, "RIFF") || !ascii(b, 8, "WEBP") || b.length < 30) {
            return Optional.empty();
        }
        String chunk = text(b, 12, 4);
        switch (chunk) {
            case "VP8X" -> {
                return size(u24le(b, 24) + 1, u24le(b, 27) + 1);
            }
            case "VP8L" -> {
                if ((b[20] & 0xFF) != 0x2F) {
                    return Optional.empty();
                }
                long bits = (b[21] & 0xFFL) | (b[22] & 0xFFL) << 8 | (b[23] & 0xFFL) << 16 | (b[24] & 0xFFL) << 24;
                return size((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
            }
            case "VP8 " -> {
                boolean keyFrame = (b[20] & 0x01) == 0;
                if (!keyFrame || (b[23] & 0xFF) != 0x9D || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2A) {
                    return Optional.empty();
                }
                return size(u16le(b, 26) & 0x3FFF, u16le(b, 28) & 0x3FFF);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** 0 (to the end of the file), 1 (a 64-bit size follows) or a size from 8 bytes up to 512 MB: text that happens to read "free" is not a movie. */
    private static boolean plausibleAtomSize(long size) {
        return size == 0 || size == 1 || (size >= 8 && size <= 536_870_912L);
    }

    private static Optional<Size> size(int width, int height) {
        return width > 0 && height > 0 ? Optional.of(new Size(width, height)) : Optional.empty();
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        return b.length >= offset + s.length() && text(b, offset, s.length()).equals(s);
    }

    private static String text(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int u24le(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }

    private static long u32be(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }
}
