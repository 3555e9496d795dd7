package com.socialwire.posts.studio.rss;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import org.jdom2.Element;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * {@link FeedParser} over Rome 2.1.0. Rome's defaults that matter are kept on purpose: a document with a
 * {@code <!DOCTYPE} is refused ({@code setAllowDoctypes(false)}, set here explicitly so nobody flips it by accident:
 * with DOCTYPEs come external entities and billion-laughs expansion), external entities are off, and the "XML healer"
 * (leading white space before the prolog, HTML named entities such as {@code &nbsp;} undefined in XML) is on. Bytes are
 * decoded by Rome's {@link XmlReader} (BOM, the HTTP content type, the XML prolog; lenient), so an ISO-8859-1 feed
 * reads right. An unreadable date is null (Rome answers null rather than failing).
 */
public final class RomeFeedParser implements FeedParser {

    private static final String MEDIA_RSS = "http://search.yahoo.com/mrss/";

    @Override
    public ParsedFeed parse(InputStream body, String contentType, URI base) throws Unreadable {
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput(false, Locale.ROOT);
            input.setAllowDoctypes(false); // Rome's default; XXE and entity expansion stay impossible
            input.setXmlHealerOn(true);
            input.setPreserveWireFeed(true); // tells an RSS item without a guid (Rome then puts its link in uri) from one with
            feed = input.build(new XmlReader(body, contentType, true));
        } catch (FeedException | IllegalArgumentException e) {
            throw new Unreadable(reason(e), e);
        } catch (IOException e) {
            throw new Unreadable("the feed could not be read as XML (" + e.getClass().getSimpleName() + ")", e);
        }
        URI feedBase = feedBase(feed, base);
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry e : feed.getEntries()) {
            items.add(item(e, base, feedBase));
        }
        return new ParsedFeed(PlainText.collapse(feed.getTitle()), items);
    }

    /**
     * What an item's relative links are relative to. Atom: the feed's {@code xml:base} (itself relative to the document's
     * URL), else the document's URL (RFC 4287; Rome's own resolution uses the directory of the feed's self link, which
     * is wrong when an {@code xml:base} says otherwise). RSS has no base: its channel link, else the document's URL.
     */
    private static URI feedBase(SyndFeed feed, URI fetched) {
        if (feed.originalWireFeed() instanceof com.rometools.rome.feed.atom.Feed atom) {
            String xmlBase = resolve(fetched, atom.getXmlBase());
            return xmlBase == null ? fetched : URI.create(xmlBase);
        }
        String channel = resolve(fetched, feed.getLink());
        return channel == null ? fetched : URI.create(channel);
    }

    private static FeedItem item(SyndEntry e, URI fetched, URI feedBase) {
        String link = e.getLink();
        if (e.getWireEntry() instanceof com.rometools.rome.feed.atom.Entry atom) {
            URI entryBase = resolve(feedBase, atom.getXmlBase()) == null ? feedBase : URI.create(resolve(feedBase, atom.getXmlBase()));
            for (com.rometools.rome.feed.atom.Link l : atom.getAlternateLinks()) {
                if (l.getHref() != null) {
                    link = resolve(entryBase, l.getHref()); // the raw href, resolved as RFC 4287 says
                    break;
                }
            }
            feedBase = entryBase;
        }
        if (link == null) {
            for (SyndLink l : e.getLinks()) {
                if (l.getRel() == null || "alternate".equals(l.getRel())) {
                    link = l.getHref();
                    break;
                }
            }
        }
        String absoluteLink = resolve(feedBase, link);
        URI itemBase = absoluteLink == null ? feedBase : URI.create(absoluteLink);
        String title = text(e.getTitleEx(), e.getTitle());
        String description = e.getDescription() != null ? text(e.getDescription(), null)
                : e.getContents().isEmpty() ? "" : text(e.getContents().get(0), null);
        Date when = e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate();
        String uri = e.getUri();
        // Rome puts the link in uri when an RSS item has no guid: that is "no guid" for our dedupe order
        String guid = uri == null || uri.isBlank() || (link != null && uri.equals(link) && !hasGuid(e)) ? null : uri.strip();
        return new FeedItem(guid, absoluteLink, title, description, author(e), when == null ? null : when.toInstant(),
                image(e, itemBase, fetched));
    }

    /** Whether the item carried its own guid/id element (RSS {@code guid}, Atom {@code id}). */
    private static boolean hasGuid(SyndEntry e) {
        Object wire = e.getWireEntry();
        if (wire instanceof com.rometools.rome.feed.rss.Item item) {
            return item.getGuid() != null;
        }
        return wire instanceof com.rometools.rome.feed.atom.Entry entry && entry.getId() != null;
    }

    private static String text(SyndContent content, String fallback) {
        if (content == null || content.getValue() == null) {
            return PlainText.collapse(fallback);
        }
        String type = content.getType() == null ? "" : content.getType().toLowerCase(Locale.ROOT);
        return type.contains("html") ? PlainText.of(content.getValue()) : PlainText.collapse(content.getValue());
    }

    private static String author(SyndEntry e) {
        if (e.getAuthor() != null && !e.getAuthor().isBlank()) {
            return PlainText.collapse(e.getAuthor());
        }
        for (SyndPerson p : e.getAuthors()) {
            if (p.getName() != null && !p.getName().isBlank()) {
                return PlainText.collapse(p.getName());
            }
        }
        return "";
    }

    /** The first image of an enclosure, {@code media:content} or {@code media:thumbnail}, absolute, or null. */
    private static String image(SyndEntry e, URI itemBase, URI fetched) {
        for (SyndEnclosure en : e.getEnclosures()) {
            if (en.getUrl() != null && en.getType() != null && en.getType().toLowerCase(Locale.ROOT).startsWith("image/")) {
                return resolve(itemBase, en.getUrl());
            }
        }
        for (Element el : e.getForeignMarkup()) {
            if (MEDIA_RSS.equals(el.getNamespaceURI())) {
                String found = mediaImage(el);
                if (found != null) {
                    return resolve(itemBase, found);
                }
            }
        }
        return null;
    }

    private static String mediaImage(Element el) {
        String url = el.getAttributeValue("url");
        String medium = el.getAttributeValue("medium");
        String type = el.getAttributeValue("type");
        boolean image = "thumbnail".equals(el.getName()) || "image".equals(medium)
                || (type != null && type.toLowerCase(Locale.ROOT).startsWith("image/"));
        if ("content".equals(el.getName()) || "thumbnail".equals(el.getName())) {
            return image && url != null ? url : null;
        }
        if ("group".equals(el.getName())) {
            for (Element child : el.getChildren()) {
                String found = mediaImage(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** {@code link} made absolute against {@code base}; null when absent or not a URL. */
    static String resolve(URI base, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(link.strip());
            URI abs = u.isAbsolute() || base == null ? u : base.resolve(u);
            String scheme = abs.getScheme() == null ? "" : abs.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? abs.toString() : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Rome's message names what is wrong (a DOCTYPE, a bad token at a line); without the document text. */
    private static String reason(Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.toLowerCase(Locale.ROOT).contains("doctype")) {
            return "the feed declares a DOCTYPE, which is refused (external entities and entity expansion)";
        }
        return "the feed is not well-formed RSS or Atom: " + (m.length() > 200 ? m.substring(0, 200) + "…" : m);
    }
}
