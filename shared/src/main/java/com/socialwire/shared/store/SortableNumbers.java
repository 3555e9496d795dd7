package com.socialwire.shared.store;

/**
 * Numbers written as sort keys, zero-padded to a fixed width so that their text sorts as they do: what
 * {@code String.format("%0" + width + "d", value)} writes, without java.util.Formatter (its locale data and
 * DecimalFormatSymbols, ~100 classes, at the first key a cold start writes).
 */
public final class SortableNumbers {

    private SortableNumbers() {
    }

    /**
     * {@code String.format(Locale.ROOT, "%0<width>d", value)}: {@code width} characters at least, a minus sign counted in
     * them (before the zeros).
     */
    public static String zeroPadded(long value, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width " + width);
        }
        String text = Long.toString(value);
        if (text.length() >= width) {
            return text;
        }
        return value < 0 ? "-" + "0".repeat(width - text.length()) + text.substring(1) : "0".repeat(width - text.length()) + text;
    }
}
