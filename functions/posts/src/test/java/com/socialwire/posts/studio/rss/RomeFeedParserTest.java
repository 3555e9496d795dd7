package com.socialwire.posts.studio.rss;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real-world feed shapes (src/test/resources/feeds) read through our parser seam. */
class RomeFeedParserTest {

    static final FeedParser PARSER = new RomeFeedParser();

    static ParsedFeed parse(String fixture, String contentType, String fetchedFrom) throws Exception {
        try (InputStream in = fixture(fixture)) {
            return PARSER.parse(in, contentType, URI.create(fetchedFrom));
        }
    }

    static InputStream fixture(String name) {
        InputStream in = RomeFeedParserTest.class.getResourceAsStream("/feeds/" + name);
        if (in == null) {
            throw new IllegalStateException("no fixture " + name);
        }
        return in;
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = fixture(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void wordpressRss2ItemsCarryGuidsPlainTextDescriptionsAuthorsDatesAndImages() throws Exception {
        ParsedFeed f = parse("rss2-bakery-blog.xml", "application/rss+xml; charset=UTF-8", "https://bloombakery.example/feed/");
        assertEquals("Bloom Bakery – Journal", f.title());
        assertEquals(3, f.items().size());
        FeedItem first = f.items().get(0);
        assertEquals("https://bloombakery.example/?p=1842", first.guid());
        assertEquals("https://bloombakery.example/2026/12/03/winter-menu/", first.link());
        assertEquals("Winter menu: chestnut loaf & spiced buns are back", first.title());
        assertTrue(first.description().startsWith("From Saturday the chestnut loaf returns, along with cardamom spiced buns"), first.description());
        assertFalse(first.description().contains("<"), first.description());
        assertEquals("Maya Okafor", first.author());
        assertEquals(Instant.parse("2026-12-03T07:12:44Z"), first.published());
        assertEquals("https://bloombakery.example/wp-content/uploads/2026/12/chestnut-loaf.jpg", first.imageUrl(), "media:content image");
        assertEquals("https://bloombakery.example/wp-content/uploads/2026/11/tomas.jpg", f.items().get(1).imageUrl(), "image enclosure");
        assertTrue(f.items().get(1).description().endsWith("this week…"), "&hellip; inside CDATA HTML decoded: " + f.items().get(1).description());
        assertNull(f.items().get(2).imageUrl());
    }

    @Test
    void atomEntriesResolveRelativeLinksAgainstXmlBaseAndStripHtmlTitles() throws Exception {
        ParsedFeed f = parse("atom-city-news.xml", "application/atom+xml", "https://news.riverside.example/feeds/all.atom.xml");
        assertEquals(2, f.items().size());
        FeedItem first = f.items().get(0);
        assertEquals("tag:news.riverside.example,2026-12-04:/market-hall-reopens", first.guid());
        assertEquals("https://news.riverside.example/2026/12/04/market-hall-reopens", first.link());
        assertEquals("Market hall reopens after two-year restoration", first.title());
        assertEquals("Forty traders are back under the 1890s iron roof. See who’s where.", first.description());
        assertEquals("Priya Raman", first.author());
        assertEquals("https://news.riverside.example/2026/12/02/ferry-holiday-timetable", f.items().get(1).link());
        assertEquals(Instant.parse("2026-12-02T07:15:00Z"), f.items().get(1).published());
        assertTrue(f.items().get(1).description().contains("24th & 31st"), "a text summary is kept as text: " + f.items().get(1).description());
    }

    @Test
    void cdataHtmlDescriptionBecomesPlainTextAndRelativeItemLinksResolveAgainstTheChannelLink() throws Exception {
        ParsedFeed f = parse("rss-cdata-relative.xml", "text/xml", "https://cornercycles.example/notes/feed.xml");
        FeedItem first = f.items().get(0);
        assertEquals("https://cornercycles.example/notes/tubeless-setup", first.link());
        assertEquals("Sealant everywhere? Start with the valve out, seat the bead with a track pump & soapy water, then add 60 ml."
                + " Full guide: step by step →", first.description());
        assertFalse(first.description().contains("trackView"), "script content dropped");
        assertEquals("https://cornercycles.example/notes/winter-chain-care", f.items().get(1).link(), "relative to the channel link");
        assertEquals("cornercycles-notes-0087", f.items().get(1).guid());
        assertEquals("Salt eats chains. Rinse, dry, lube — in that order. Never the other way round.", f.items().get(1).description());
    }

    @Test
    void itemsWithoutGuidsHaveNoGuidSoTheyAreKeyedByLinkOrByHash() throws Exception {
        ParsedFeed f = parse("rss-no-guids.xml", null, "https://harbouryoga.example/feed");
        assertEquals(3, f.items().size());
        for (FeedItem i : f.items()) {
            assertNull(i.guid(), "Rome's uri fallback to the link is not a guid: " + i);
        }
        assertEquals(FeedCheck.key(f.items().get(0)), FeedCheck.key(new FeedItem(null, "https://harbouryoga.example/news/sunday-restorative",
                "other title", "", "", null, null)), "keyed by link");
        assertNull(f.items().get(2).link());
        String hash = FeedCheck.key(f.items().get(2));
        assertEquals(hash, FeedCheck.key(parse("rss-no-guids.xml", null, "https://harbouryoga.example/feed").items().get(2)), "stable hash");
        assertFalse(List.of(FeedCheck.key(f.items().get(0)), FeedCheck.key(f.items().get(1))).contains(hash));
    }

    @Test
    void anIso88591FeedDecodesItsAccentsFromThePrologWhateverTheServerSays() throws Exception {
        byte[] raw = bytes("rss-latin1.xml");
        assertEquals((byte) 0xE9, raw[new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("réservez") + 1],
                "the fixture's bytes are ISO-8859-1 (é is one byte 0xE9)");
        for (String contentType : new String[]{null, "application/rss+xml", "text/xml; charset=ISO-8859-1"}) {
            ParsedFeed f = parse("rss-latin1.xml", contentType, "https://patisserie-elodie.example/feed");
            assertEquals("Pâtisserie Élodie – Actualités", f.title(), String.valueOf(contentType));
            assertEquals("La bûche de Noël revient : réservez dès maintenant", f.items().get(0).title());
            assertTrue(f.items().get(0).description().contains("Crème au marron, génoise légère"), f.items().get(0).description());
            assertTrue(f.items().get(1).description().contains("Señor Muñoz fêtera"), f.items().get(1).description());
        }
    }

    @Test
    void aMalformedFeedIsUnreadableWithAReason() {
        FeedParser.Unreadable e = assertThrows(FeedParser.Unreadable.class,
                () -> parse("malformed.xml", "application/rss+xml", "https://broken.example/feed"));
        assertTrue(e.getMessage().startsWith("the feed is not well-formed RSS or Atom"), e.getMessage());
    }

    @Test
    void aFeedWithADoctypeIsRefusedAsRomeDoesByDefault() {
        FeedParser.Unreadable e = assertThrows(FeedParser.Unreadable.class,
                () -> parse("doctype-rss091.xml", "text/xml", "http://oldtownhardware.example/rss"));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void anXxeAttemptIsRefusedAndNothingIsRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<rss version=\"2.0\"><channel><title>t</title><item><title>&x;</title></item></channel></rss>";
        FeedParser.Unreadable e = assertThrows(FeedParser.Unreadable.class,
                () -> PARSER.parse(new java.io.ByteArrayInputStream(xxe.getBytes()), "text/xml", URI.create("https://x.example/")));
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }
}
