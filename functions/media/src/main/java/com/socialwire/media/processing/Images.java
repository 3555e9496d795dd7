package com.socialwire.media.processing;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures JPEG, PNG and GIF images and makes JPEG thumbnails with the JDK's ImageIO, headless.
 * The size is read from the header before anything is decoded, so a decompression bomb (a small
 * file that claims a huge canvas) is refused before it costs memory or time: an image over
 * {@value #MAX_PIXELS} pixels is refused outright; one over {@value #MAX_THUMBNAIL_PIXELS} pixels or
 * {@value #MAX_THUMBNAIL_EDGE} px on a side is measured but not thumbnailed; the decoder reads
 * subsampled, so it never holds the full-size picture, and stops when its time budget is spent
 * (a file that inflates slowly, such as a progressive JPEG with thousands of scans, is refused).
 */
public final class Images {

    static {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false); // in memory, not temp files
    }

    /** The long side of a thumbnail, at most. */
    public static final int THUMBNAIL_EDGE = 320;
    public static final long MAX_THUMBNAIL_PIXELS = 50_000_000L;
    public static final int MAX_THUMBNAIL_EDGE = 30_000;
    /** The most pixels an image may have at all: 100 megapixels, beyond any camera a brand posts from. */
    public static final long MAX_PIXELS = 100_000_000L;
    /**
     * The most scans a JPEG may have: encoders write 1 (baseline) to a few dozen (progressive); a file
     * of thousands of tiny scans makes the decoder pass over every coefficient each time (a CPU bomb).
     */
    public static final int MAX_JPEG_SCANS = 100;
    /** How long making one thumbnail may take (the processor has 60 s for a whole event). */
    public static final Duration DECODE_BUDGET = Duration.ofSeconds(10);

    /** What an image's bytes gave: its size, and a JPEG thumbnail or the reason there is none. */
    public record Probe(int width, int height, byte[] thumbnail, String thumbnailNote) {
    }

    /** The bytes are not a readable image of the type their magic claims. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The image is refused: it claims more pixels than any we accept, or decoding it took longer than its budget. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private Images() {
    }

    /** Why an image of {@code width} x {@code height} is refused unseen; empty if its size is acceptable. */
    public static Optional<String> overPixelLimit(long width, long height) {
        long pixels = width * height;
        if (pixels <= MAX_PIXELS) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "its header states %dx%d pixels (%,d megapixels); images may have at most %,d megapixels",
                width, height, pixels / 1_000_000, MAX_PIXELS / 1_000_000));
    }

    /**
     * Reads {@code bytes} (all of a {@code mimeType} image, or only its beginning when
     * {@code thumbnail} is false) for the width and height, and when asked makes the thumbnail.
     */
    public static Probe probe(byte[] bytes, String mimeType, boolean thumbnail) throws Unreadable, Refused {
        return probe(bytes, mimeType, thumbnail, DECODE_BUDGET);
    }

    static Probe probe(byte[] bytes, String mimeType, boolean thumbnail, Duration budget) throws Unreadable, Refused {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mimeType);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + mimeType);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new Unreadable("its header cannot be read");
            }
            if (width <= 0 || height <= 0) {
                throw new Unreadable("its header states no size");
            }
            Optional<String> tooLarge = overPixelLimit(width, height);
            if (tooLarge.isPresent()) {
                throw new Refused(tooLarge.get());
            }
            if (!thumbnail) {
                return new Probe(width, height, null, null);
            }
            if ((long) width * height > MAX_THUMBNAIL_PIXELS || Math.max(width, height) > MAX_THUMBNAIL_EDGE) {
                return new Probe(width, height, null, String.format(Locale.ROOT,
                        "no thumbnail: %dx%d is over the thumbnail limit of 50 megapixels and 30,000 px a side", width, height));
            }
            if ("image/jpeg".equals(mimeType) && jpegScans(bytes) > MAX_JPEG_SCANS) {
                throw new Refused("it has more than " + MAX_JPEG_SCANS + " scans (a progressive JPEG built to exhaust its decoder)");
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(width, height) / (2 * THUMBNAIL_EDGE));
            param.setSourceSubsampling(step, step, 0, 0);
            Deadline deadline = new Deadline(reader, budget);
            reader.addIIOReadProgressListener(deadline);
            BufferedImage decoded;
            try {
                decoded = reader.read(0, param);
            } catch (IOException | RuntimeException e) {
                // e.g. a CMYK JPEG (ImageIO cannot decode those) or a truncated file: measured, not thumbnailed
                return new Probe(width, height, null, "no thumbnail: the image could not be decoded");
            }
            if (deadline.expired) {
                throw new Refused(String.format(Locale.ROOT, "decoding its %dx%d pixels took longer than the budget of %d ms",
                        width, height, budget.toMillis()));
            }
            return new Probe(width, height, thumbnail(decoded, width, height), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // closing an in-memory stream
        } finally {
            reader.dispose();
        }
    }

    /**
     * The start-of-scan markers of a JPEG, counted from its marker segments without decoding (it
     * stops counting past {@link #MAX_JPEG_SCANS}). Entropy-coded data is skipped up to the next
     * marker: {@code FF00} is a stuffed byte and {@code FFD0}-{@code FFD7} restart markers inside it.
     */
    static int jpegScans(byte[] b) {
        int scans = 0;
        int i = 2;
        while (i + 3 < b.length && scans <= MAX_JPEG_SCANS) {
            int m = b[i + 1] & 0xFF;
            if ((b[i] & 0xFF) != 0xFF || m == 0xFF || m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                i += (b[i] & 0xFF) != 0xFF || m == 0xFF ? 1 : 2; // fill bytes, stray data, standalone markers
                continue;
            }
            if (m == 0xD9) {
                break; // end of image
            }
            i += 2 + (((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF));
            if (m == 0xDA) {
                scans++;
                while (i + 1 < b.length && !((b[i] & 0xFF) == 0xFF && b[i + 1] != 0 && ((b[i + 1] & 0xFF) < 0xD0 || (b[i + 1] & 0xFF) > 0xD7))) {
                    i++;
                }
            }
        }
        return scans;
    }

    /**
     * Stops a read whose time is up: the readers report progress per row (or per scan), on the
     * reading thread, and stop at the next row once aborted.
     */
    private static final class Deadline implements IIOReadProgressListener {
        private final ImageReader reader;
        private final long endsAt;
        volatile boolean expired;

        Deadline(ImageReader reader, Duration budget) {
            this.reader = reader;
            this.endsAt = System.nanoTime() + budget.toNanos();
        }

        private void check() {
            if (!expired && System.nanoTime() - endsAt >= 0) {
                expired = true;
                reader.abort();
            }
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
            check();
        }

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            check();
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }
    }

    /** A JPEG at most {@value #THUMBNAIL_EDGE} px on its long side, in the proportions of the {@code width} x {@code height} original. */
    static byte[] thumbnail(BufferedImage source, int width, int height) {
        double scale = Math.min(1.0, (double) THUMBNAIL_EDGE / Math.max(width, height));
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE); // transparency becomes white, not black
            g.fillRect(0, 0, w, h);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.82f);
            writer.write(null, new IIOImage(out, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
