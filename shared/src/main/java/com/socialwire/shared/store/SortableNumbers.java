package com.socialwire.shared.store;

/**
 * Numbers written as sort keys, zero-padded to a fixed width so that their text sorts as they do: what
 * {@code String.format("%0" + width + "d", value)} writes, without java.util.Formatter (its locale data and
 * DecimalFormatSymbols, ~100 classes, at the first key a cold start writes).
 */
public final class SortableNumbers {

    private SortableNumbers() {
    }

    /** {@code String.format("%0<width>d", value)}: {@code width} characters at least, a minus sign counted in them. */
    public static String zeroPadded(long value, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width " + width);
        }
        if (value < 0) {
            return String.format("%0" + width + "d", value);
        }
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
