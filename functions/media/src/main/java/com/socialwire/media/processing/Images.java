package com.socialwire.media.processing;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
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
import java.util.Iterator;
import java.util.Locale;

/**
 * Measures JPEG, PNG and GIF images and makes JPEG thumbnails with the JDK's ImageIO, headless.
 * The size is read from the header before anything is decoded, so a decompression bomb (a small
 * file that claims a huge canvas) is refused before it costs memory: images over
 * {@value #MAX_THUMBNAIL_PIXELS} pixels or {@value #MAX_THUMBNAIL_EDGE} px on a side are measured
 * but not thumbnailed, and the decoder reads subsampled, so it never holds the full-size picture.
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

    /** What an image's bytes gave: its size, and a JPEG thumbnail or the reason there is none. */
    public record Probe(int width, int height, byte[] thumbnail, String thumbnailNote) {
    }

    /** The bytes are not a readable image of the type their magic claims. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private Images() {
    }

    /**
     * Reads {@code bytes} (all of a {@code mimeType} image, or only its beginning when
     * {@code thumbnail} is false) for the width and height, and when asked makes the thumbnail.
     */
    public static Probe probe(byte[] bytes, String mimeType, boolean thumbnail) throws Unreadable {
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
            if (!thumbnail) {
                return new Probe(width, height, null, null);
            }
            if ((long) width * height > MAX_THUMBNAIL_PIXELS || Math.max(width, height) > MAX_THUMBNAIL_EDGE) {
                return new Probe(width, height, null, String.format(Locale.ROOT,
                        "no thumbnail: %dx%d is over the thumbnail limit of 50 megapixels and 30,000 px a side", width, height));
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(width, height) / (2 * THUMBNAIL_EDGE));
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage decoded;
            try {
                decoded = reader.read(0, param);
            } catch (IOException | RuntimeException e) {
                // e.g. a CMYK JPEG (ImageIO cannot decode those) or a truncated file: measured, not thumbnailed
                return new Probe(width, height, null, "no thumbnail: the image could not be decoded");
            }
            return new Probe(width, height, thumbnail(decoded, width, height), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // closing an in-memory stream
        } finally {
            reader.dispose();
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
