package com.socialwire.shared.providers.image;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the offline generator's card with Java2D, headless: the brand's colours (its own, or a palette derived from
 * its tenant id), its name, the prompt's words wrapped, a shape per template, and an "offline preview" label — as a
 * PNG. Text is drawn with a built-in 5x7 pixel font, not a system font: Lambda's runtime has no fonts, and the same
 * request must give the same bytes on every machine.
 */
final class BrandCard {

    static {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
    }

    /** Lines of prompt drawn at most (fewer if fewer fit); the rest is cut with "...". */
    static final int MAX_LINES = 12;

    private BrandCard() {
    }

    static byte[] png(ImageClient.ImageRequest r) {
        int w = r.width();
        int h = r.height();
        Palette p = Palette.of(r.tenantId(), r.brandColors());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF); // exact pixels everywhere
            g.setPaint(new GradientPaint(0, 0, p.primary(), w, h, p.primary().darker()));
            g.fillRect(0, 0, w, h);
            int margin = w / 16;
            layout(g, r.templateId() == null ? "" : r.templateId(), p, w, h, margin);
            int scale = Math.max(4, w / 160);
            g.setColor(p.accent());
            g.fillRect(margin, margin, w / 6, scale * 2);
            PixelFont.draw(g, clip(upper(r.brandName() == null ? "" : r.brandName()), (w - 2 * margin) / (6 * scale)),
                    margin, margin + scale * 4, scale, p.text());
            int body = Math.max(4, Math.min(w, h) / 150);
            int perLine = (w * 2 / 3 - margin) / (6 * body);
            int y = h / 3;
            int fit = (h - margin - 7 * 3 - body * 10 - y) / (body * 10);
            List<String> lines = wrap(upper(r.prompt()), perLine, Math.max(1, Math.min(MAX_LINES, fit)));
            for (String line : lines) {
                PixelFont.draw(g, line, margin, y, body, p.text());
                y += body * 10;
            }
            PixelFont.draw(g, upper("offline preview - " + r.size()), margin, h - margin - 7 * 3, 3, p.text());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The template's shape, in the right third (or across, for a comparison), in the accent colour. */
    private static void layout(Graphics2D g, String template, Palette p, int w, int h, int m) {
        g.setColor(p.secondary());
        int x = w * 2 / 3;
        int side = Math.min(w / 3 - m, h / 3);
        switch (template) {
            case "product" -> g.fillOval(x, h / 3, side, side);
            case "quote" -> {
                g.fillRect(x, h / 4, side / 4, side / 3);
                g.fillRect(x + side / 3, h / 4, side / 4, side / 3);
            }
            case "event" -> {
                g.fillRect(x, h / 3, side, side);
                g.setColor(p.accent());
                g.fillRect(x, h / 3, side, side / 4);
            }
            case "blog" -> {
                for (int i = 0; i < 5; i++) {
                    g.fillRect(x, h / 3 + i * side / 5, side - (i % 2) * side / 3, side / 10);
                }
            }
            case "testimonial" -> {
                for (int i = 0; i < 5; i++) {
                    int s = side / 6;
                    g.fillPolygon(new int[]{x + i * s + s / 2, x + i * s + s, x + i * s}, new int[]{h / 3, h / 3 + s, h / 3 + s}, 3);
                }
            }
            case "promotion" -> g.fillPolygon(new int[]{x, w, w, x + side / 2}, new int[]{0, 0, side, side / 3}, 4);
            case "comparison" -> {
                g.fillRect(w / 2, 0, w / 2, h);
                g.setColor(p.accent());
                g.fillRect(w / 2 - m / 8, 0, m / 4, h);
            }
            case "infographic" -> {
                for (int i = 0; i < 4; i++) {
                    int bar = side * (i + 1) / 4;
                    g.fillRect(x + i * side / 4, h / 3 + side - bar, side / 5, bar);
                }
            }
            default -> g.fillRect(x, h / 3, side, side / 12);
        }
    }

    static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** Words wrapped at {@code width} characters, at most {@code maxLines}, a long word cut. */
    static List<String> wrap(String text, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String wd = word.length() > width ? word.substring(0, width) : word;
            if (!line.isEmpty() && line.length() + 1 + wd.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(wd);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        if (lines.size() > maxLines) {
            List<String> cut = new ArrayList<>(lines.subList(0, maxLines));
            cut.set(maxLines - 1, clip(cut.get(maxLines - 1) + "...", width));
            return cut;
        }
        return lines;
    }

    /** The card's colours: the brand's (hex) if it has at least one, else a pair of hues derived from its tenant id. */
    record Palette(Color primary, Color secondary, Color accent, Color text) {
        static Palette of(String tenantId, List<String> brandColors) {
            List<Color> own = new ArrayList<>();
            for (String hex : brandColors) {
                if (hex != null && hex.matches("#?[0-9a-fA-F]{6}")) {
                    own.add(new Color(Integer.parseInt(hex.replace("#", ""), 16)));
                }
            }
            byte[] d = sha256(tenantId == null ? "" : tenantId);
            float hue = ((d[0] & 0xFF) << 8 | (d[1] & 0xFF)) / 65536f;
            Color primary = own.isEmpty() ? Color.getHSBColor(hue, 0.55f, 0.42f) : own.get(0);
            Color secondary = own.size() > 1 ? own.get(1) : Color.getHSBColor((hue + 0.5f) % 1f, 0.45f, 0.9f);
            Color accent = own.size() > 2 ? own.get(2) : Color.getHSBColor((hue + 0.12f) % 1f, 0.7f, 0.95f);
            double luminance = 0.2126 * primary.getRed() + 0.7152 * primary.getGreen() + 0.0722 * primary.getBlue();
            return new Palette(primary, secondary, accent, luminance > 150 ? new Color(20, 20, 28) : Color.WHITE);
        }

        private static byte[] sha256(String s) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
