package com.socialwire.posts.review.page;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * WCAG 2.x colour contrast: relative luminance, contrast ratio, and the two moves the review page makes with a brand's
 * colours whatever they are: pick the text colour that reads on a background, and shift a colour towards black or
 * white until it reads on a given background.
 */
public final class Contrast {

    /** WCAG AA for normal text. */
    public static final double TEXT = 4.5;
    /** WCAG AA for user-interface components and focus indicators (1.4.11). */
    public static final double UI = 3.0;

    private static final Pattern HEX6 = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern HEX3 = Pattern.compile("#[0-9a-fA-F]{3}");

    private Contrast() {
    }

    /**
     * {@code value} as a lower-case {@code #rrggbb} when it is {@code #rrggbb} or {@code #rgb} (surrounding blanks
     * ignored), otherwise {@code fallback}: nothing else ever reaches the style sheet.
     */
    public static String normalize(String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        String v = value.strip();
        if (HEX6.matcher(v).matches()) {
            return v.toLowerCase(Locale.ROOT);
        }
        if (HEX3.matcher(v).matches()) {
            char r = v.charAt(1), g = v.charAt(2), b = v.charAt(3);
            return ("#" + r + r + g + g + b + b).toLowerCase(Locale.ROOT);
        }
        return fallback;
    }

    /** The WCAG relative luminance of {@code #rrggbb}, 0 (black) .. 1 (white). */
    public static double luminance(String hex) {
        int[] c = rgb(hex);
        return 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
    }

    /** The contrast ratio of two colours, 1 .. 21, whichever is lighter. */
    public static double ratio(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /**
     * The text colour for {@code background}: the page's near-black ink or white, whichever contrasts more, and pure
     * black or white if even that stays under {@link #TEXT} (one of black and white always reaches 4.58:1).
     */
    public static String textOn(String background) {
        String dark = "#111827";
        String light = "#ffffff";
        String best = ratio(dark, background) >= ratio(light, background) ? dark : light;
        if (ratio(best, background) >= TEXT) {
            return best;
        }
        return ratio("#000000", background) >= ratio(light, background) ? "#000000" : light;
    }

    /**
     * {@code colour} moved towards black (or towards white when black cannot get there) in small steps until it reaches
     * {@code min} against every one of {@code backgrounds}; {@code colour} itself when it already does. Keeps a
     * brand's hue as long as it can, so a pale brand colour becomes a darker shade of itself.
     */
    public static String readableOn(String colour, double min, String... backgrounds) {
        if (meets(colour, min, backgrounds)) {
            return colour;
        }
        for (String target : new String[] {"#000000", "#ffffff"}) {
            if (!meets(target, min, backgrounds)) {
                continue;
            }
            for (int step = 1; step <= 100; step++) {
                String mixed = mix(colour, target, step / 100.0);
                if (meets(mixed, min, backgrounds)) {
                    return mixed;
                }
            }
        }
        // neither black nor white reads on all of them (backgrounds far apart): the best of the two
        double black = worst("#000000", backgrounds);
        double white = worst("#ffffff", backgrounds);
        return black >= white ? "#000000" : "#ffffff";
    }

    /** {@code a} mixed with {@code b}: {@code t} = 0 is {@code a}, 1 is {@code b} (in sRGB). */
    public static String mix(String a, String b, double t) {
        int[] x = rgb(a);
        int[] y = rgb(b);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (int) Math.round(x[i] + (y[i] - x[i]) * t);
        }
        StringBuilder hex = new StringBuilder("#");
        for (int c : out) {
            hex.append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
        }
        return hex.toString();
    }

    private static boolean meets(String colour, double min, String... backgrounds) {
        return worst(colour, backgrounds) >= min;
    }

    private static double worst(String colour, String... backgrounds) {
        double w = Double.MAX_VALUE;
        for (String bg : backgrounds) {
            w = Math.min(w, ratio(colour, bg));
        }
        return w;
    }

    private static int[] rgb(String hex) {
        String v = normalize(hex, null);
        if (v == null) {
            throw new IllegalArgumentException("not a #rrggbb colour: " + hex);
        }
        return new int[] {Integer.parseInt(v.substring(1, 3), 16), Integer.parseInt(v.substring(3, 5), 16),
                Integer.parseInt(v.substring(5, 7), 16)};
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
