package com.socialwire.media.processing;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagesTest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static byte[] image(String format, int width, int height, int type) throws IOException {
        BufferedImage img = new BufferedImage(width, height, type);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 60, 40));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] jpeg) throws IOException {
        assertArrayEquals(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, Arrays.copyOf(jpeg, 3), "a thumbnail is a JPEG");
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    @Test
    void measuresAndThumbnailsPngJpegAndGifKeepingTheProportions() throws Exception {
        Images.Probe png = Images.probe(image("png", 640, 480, BufferedImage.TYPE_INT_ARGB), "image/png", true);
        assertEquals(640, png.width());
        assertEquals(480, png.height());
        BufferedImage t = decode(png.thumbnail());
        assertEquals(320, t.getWidth());
        assertEquals(240, t.getHeight());
        assertNull(png.thumbnailNote());

        Images.Probe jpeg = Images.probe(image("jpeg", 1000, 3000, BufferedImage.TYPE_INT_RGB), "image/jpeg", true);
        assertEquals(1000, jpeg.width());
        assertEquals(3000, jpeg.height());
        t = decode(jpeg.thumbnail());
        assertEquals(107, t.getWidth());
        assertEquals(320, t.getHeight());

        Images.Probe gif = Images.probe(image("gif", 120, 80, BufferedImage.TYPE_BYTE_INDEXED), "image/gif", true);
        assertEquals(120, gif.width());
        t = decode(gif.thumbnail());
        assertEquals(120, t.getWidth(), "small images are not enlarged");
        assertEquals(80, t.getHeight());
    }

    @Test
    void measuresWithoutDecodingWhenNoThumbnailIsWanted() throws Exception {
        byte[] png = image("png", 50, 20, BufferedImage.TYPE_INT_RGB);
        Images.Probe p = Images.probe(Arrays.copyOf(png, 40), "image/png", false); // the header alone
        assertEquals(50, p.width());
        assertEquals(20, p.height());
        assertNull(p.thumbnail());
    }

    /** A PNG whose header claims 100,000 x 100,000 pixels (10 gigapixels): a decompression bomb. */
    static byte[] bombPng() {
        return pngHeader(100_000, 100_000);
    }

    /** A tiny PNG file whose header claims {@code width} x {@code height} RGB pixels, with an empty IDAT. */
    static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = {'I', 'H', 'D', 'R', (byte) (width >>> 24), (byte) (width >>> 16), (byte) (width >>> 8), (byte) width,
                (byte) (height >>> 24), (byte) (height >>> 16), (byte) (height >>> 8), (byte) height, 8, 2, 0, 0, 0};
        out.writeBytes(new byte[]{0, 0, 0, 13});
        out.writeBytes(ihdr);
        CRC32 crc = new CRC32();
        crc.update(ihdr);
        long c = crc.getValue();
        out.writeBytes(new byte[]{(byte) (c >> 24), (byte) (c >> 16), (byte) (c >> 8), (byte) c});
        out.writeBytes(new byte[]{0, 0, 0, 0, 'I', 'D', 'A', 'T', 0x35, (byte) 0xAF, 0x06, 0x1E});
        return out.toByteArray();
    }

    @Test
    void aDecompressionBombHeaderIsRefusedBeforeAnythingIsDecoded() {
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        Images.Refused r = assertThrows(Images.Refused.class, () -> Images.probe(bombPng(), "image/png", true));
        assertTrue(r.getMessage().contains("100000x100000"), r.getMessage());
        assertTrue(r.getMessage().contains("at most 100 megapixels"), r.getMessage());
        assertThrows(Images.Refused.class, () -> Images.probe(pngHeader(30_000, 30_000), "image/png", false), "measured only, still refused");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(after - before < 200L << 20, "nothing of its 30 GB raster was allocated");
    }

    @Test
    void anImageBetweenTheThumbnailLimitAndThePixelLimitIsMeasuredWithoutAThumbnail() throws Exception {
        Images.Probe p = Images.probe(pngHeader(9_000, 9_000), "image/png", true);
        assertEquals(9_000, p.width());
        assertNull(p.thumbnail());
        assertTrue(p.thumbnailNote().contains("50 megapixels"), p.thumbnailNote());
    }

    @Test
    void aDecodeThatOverrunsItsTimeBudgetIsRefusedWithTheReason() throws Exception {
        byte[] png = image("png", 2000, 2000, BufferedImage.TYPE_INT_RGB);
        Images.Refused r = assertThrows(Images.Refused.class, () -> Images.probe(png, "image/png", true, java.time.Duration.ZERO));
        assertTrue(r.getMessage().contains("took longer than the budget"), r.getMessage());
        byte[] jpeg = image("jpeg", 2000, 2000, BufferedImage.TYPE_INT_RGB);
        assertThrows(Images.Refused.class, () -> Images.probe(jpeg, "image/jpeg", true, java.time.Duration.ZERO));
        byte[] progressive = progressiveJpeg(2000, 2000);
        assertThrows(Images.Refused.class, () -> Images.probe(progressive, "image/jpeg", true, java.time.Duration.ZERO),
                "a progressive JPEG (decoded scan by scan) stops too");
        assertNotNull(Images.probe(progressive, "image/jpeg", true).thumbnail(), "and decodes within the default budget");
    }

    @Test
    void aJpegOfThousandsOfScansIsRefusedBeforeDecoding() throws Exception {
        byte[] progressive = progressiveJpeg(64, 64);
        int scans = Images.jpegScans(progressive);
        assertTrue(scans > 1 && scans <= Images.MAX_JPEG_SCANS, "a real progressive JPEG has " + scans + " scans");
        assertEquals(1, Images.jpegScans(image("jpeg", 64, 64, BufferedImage.TYPE_INT_RGB)), "a baseline JPEG has one");
        // the same header, then its last scan (the smallest refinement) repeated 5,000 times
        int lastScan = lastIndexOf(progressive, new byte[]{(byte) 0xFF, (byte) 0xDA});
        byte[] scan = Arrays.copyOfRange(progressive, lastScan, progressive.length - 2);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(progressive, 0, lastScan);
        for (int i = 0; i < 5_000; i++) {
            bomb.write(scan);
        }
        bomb.write(new byte[]{(byte) 0xFF, (byte) 0xD9});
        Images.Refused r = assertThrows(Images.Refused.class, () -> Images.probe(bomb.toByteArray(), "image/jpeg", true));
        assertTrue(r.getMessage().contains("more than 100 scans"), r.getMessage());
    }

    static int lastIndexOf(byte[] b, byte[] what) {
        for (int i = b.length - what.length; i >= 0; i--) {
            if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    static byte[] progressiveJpeg(int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(image("png", width, height, BufferedImage.TYPE_INT_RGB)));
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            javax.imageio.ImageWriteParam p = writer.getDefaultWriteParam();
            p.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @Test
    void aLargeFlatImageWithinTheLimitsDecodesWellInsideTheDefaultBudget() throws Exception {
        // 5,000 x 5,000 = 25 MP of one colour: a 2,000:1 compression ratio, the shape of a zip bomb that is still allowed
        byte[] png = image("png", 5_000, 5_000, BufferedImage.TYPE_BYTE_GRAY);
        long started = System.nanoTime();
        Images.Probe p = Images.probe(png, "image/png", true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ImagesTest: 5000x5000 PNG of " + png.length + " bytes thumbnailed in " + millis + " ms (budget "
                + Images.DECODE_BUDGET.toMillis() + " ms)");
        assertNotNull(p.thumbnail());
        assertEquals(320, decode(p.thumbnail()).getWidth());
    }

    @Test
    void bytesThatOnlyStartLikeAnImageAreUnreadable() {
        byte[] fake = new byte[64];
        fake[0] = (byte) 0x89;
        fake[1] = 'P';
        fake[2] = 'N';
        fake[3] = 'G';
        assertThrows(Images.Unreadable.class, () -> Images.probe(fake, "image/png", true));
        assertThrows(Images.Unreadable.class, () -> Images.probe(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0, 0}, "image/jpeg", true));
    }

    @Test
    void aTruncatedImageIsMeasuredWithANoteInsteadOfAThumbnail() throws Exception {
        byte[] png = image("png", 400, 400, BufferedImage.TYPE_INT_RGB);
        Images.Probe p = Images.probe(Arrays.copyOf(png, 60), "image/png", true);
        assertEquals(400, p.width());
        assertNull(p.thumbnail());
        assertTrue(p.thumbnailNote().contains("could not be decoded"), p.thumbnailNote());
    }
}
