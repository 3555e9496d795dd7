package com.socialwire.posts.review.page;

/**
 * The page's colours from a brand's two colours (either may be null or unreadable): every text colour is chosen or
 * shifted by {@link Contrast} so each text/background pair the page uses reaches 4.5:1, and each control edge and the
 * focus ring 3:1 against what surrounds them.
 *
 * @param page       the page's background
 * @param surface    cards and forms
 * @param text       body text (on page and surface)
 * @param muted      secondary text (on page and surface)
 * @param headerBg   the brand header's background (the brand's primary colour as it is)
 * @param headerFg   text on the header
 * @param ink        the brand colour as text on page and surface (headings' accents, links, secondary buttons)
 * @param buttonBg   the main buttons' background (the brand's accent colour as it is)
 * @param buttonFg   text on the main buttons
 * @param buttonEdge the main buttons' border, visible against the surface
 * @param focus      the focus ring, visible against page and surface
 */
public record Theme(String page, String surface, String text, String muted, String headerBg, String headerFg, String ink,
                    String buttonBg, String buttonFg, String buttonEdge, String focus) {

    static final String DEFAULT_PRIMARY = "#1e3a8a";
    static final String DEFAULT_ACCENT = "#1d4ed8";
    static final String PAGE = "#f3f4f6";
    static final String SURFACE = "#ffffff";

    /** The neutral look (message pages, a brand without colours). */
    public static Theme neutral() {
        return of(null, null);
    }

    /** The look for a brand's colours ({@code #rrggbb}; null or anything else: the defaults). */
    public static Theme of(String primaryColor, String accentColor) {
        String primary = Contrast.normalize(primaryColor, DEFAULT_PRIMARY);
        String accent = Contrast.normalize(accentColor, primaryColor == null ? DEFAULT_ACCENT : primary);
        String text = Contrast.readableOn("#1f2937", Contrast.TEXT, PAGE, SURFACE);
        String muted = Contrast.readableOn("#4b5563", Contrast.TEXT, PAGE, SURFACE);
        String ink = Contrast.readableOn(primary, Contrast.TEXT, PAGE, SURFACE);
        String buttonEdge = Contrast.readableOn(accent, Contrast.UI, SURFACE, PAGE);
        String focus = Contrast.readableOn(accent, Contrast.UI, SURFACE, PAGE);
        return new Theme(PAGE, SURFACE, text, muted, primary, Contrast.textOn(primary), ink, accent, Contrast.textOn(accent),
                buttonEdge, focus);
    }
}
