package com.socialwire.shared.providers.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline card: the same request gives the same PNG bytes, a different brand or prompt a different image, at the size asked. */
class OfflineImagesTest {

    private static final List<String> TEMPLATES = List.of("", "product", "quote", "event", "blog", "testimonial", "promotion",
            "comparison", "infographic");

    static byte[] png(ImageClient.ImageRequest r) {
        return assertInstanceOf(ImageResult.Ok.class, new OfflineImages().generate(r)).bytes();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void theSameRequestGivesTheSameBytesAndAnotherTenantAnotherImage() throws Exception {
        ImageClient.ImageRequest r = new ImageClient.ImageRequest("Fresh sourdough every morning — 20% off this week!", "1024x1024",
                "tnt_AAAAAAAAAAAAAAAAAAAA", "Bloom Bakery", List.of(), "promotion");
        String first = sha256(png(r));
        assertEquals(first, sha256(png(r)));
        assertEquals(first, sha256(png(new ImageClient.ImageRequest(r.prompt(), r.size(), r.tenantId(), r.brandName(), List.of(), r.templateId()))));
        assertNotEquals(first, sha256(png(new ImageClient.ImageRequest(r.prompt(), r.size(), "tnt_BBBBBBBBBBBBBBBBBBBB", r.brandName(),
                List.of(), r.templateId()))), "another tenant's palette");
        assertNotEquals(first, sha256(png(new ImageClient.ImageRequest(r.prompt(), r.size(), r.tenantId(), r.brandName(),
                List.of("#112233", "#ffcc00"), r.templateId()))), "the brand's own colours");
        assertNotEquals(first, sha256(png(new ImageClient.ImageRequest(r.prompt() + " Today only.", r.size(), r.tenantId(), r.brandName(),
                List.of(), r.templateId()))), "another prompt");
    }

    /** Seeded: every size and template draws a readable PNG of exactly that size, each template differently. */
    @Test
    void everySizeAndTemplateDrawsAPngOfThatSize() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Set<String> hashes = new HashSet<>();
        for (String template : TEMPLATES) {
            String size = ImageClient.SIZES.get(random.nextInt(ImageClient.SIZES.size()));
            ImageClient.ImageRequest r = new ImageClient.ImageRequest("Launch day ünïcødé 🎉 " + random.nextInt(1000), size,
                    "tnt_" + random.nextInt(), "Brand " + random.nextInt(), List.of(), template.isEmpty() ? null : template);
            byte[] bytes = png(r);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            assertEquals(r.width(), img.getWidth(), "seed " + seed + " " + r);
            assertEquals(r.height(), img.getHeight(), "seed " + seed + " " + r);
            assertTrue(hashes.add(sha256(bytes)), "seed " + seed + ": " + template + " drew the same as another");
        }
    }

    @Test
    void longPromptsWrapIntoAtMostTheLinesThatFit() {
        List<String> lines = BrandCard.wrap(BrandCard.upper("word ".repeat(400)), 20, BrandCard.MAX_LINES);
        assertEquals(BrandCard.MAX_LINES, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.length() <= 20), lines.toString());
        assertTrue(lines.get(lines.size() - 1).endsWith("..."));
    }
}
