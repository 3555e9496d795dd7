package com.socialwire.shared.tenants;

import java.util.regex.Pattern;

/**
 * How a tenant's client-facing pages look (the review page): its colours as {@code #rrggbb} in lower case and the
 * media id of its logo, each null when not set. The tenants function validates and normalises what it stores; a
 * reader still treats anything else as not set ({@link #color}).
 *
 * @param primaryColor the brand colour (the page's header), {@code #rrggbb} or null
 * @param accentColor  the second colour (buttons, links), {@code #rrggbb} or null
 * @param logoMediaId  a media id ({@code med_…}) of the tenant's own library, or null
 */
public record Branding(String primaryColor, String accentColor, String logoMediaId) {

    /** No branding: the pages' own look. */
    public static final Branding NONE = new Branding(null, null, null);

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return primaryColor == null && accentColor == null && logoMediaId == null;
    }

    /** {@code value} as a stored colour ({@code #rrggbb}, lower case), or null if it is not one. */
    public static String color(String value) {
        return value != null && COLOR.matcher(value).matches() ? value.toLowerCase(java.util.Locale.ROOT) : null;
    }
}
