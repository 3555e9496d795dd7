package com.socialwire.posts.review.page;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static com.socialwire.posts.review.page.Dom.attr;
import static com.socialwire.posts.review.page.Dom.cls;
import static com.socialwire.posts.review.page.Dom.field;
import static com.socialwire.posts.review.page.Dom.find;
import static com.socialwire.posts.review.page.Dom.one;
import static com.socialwire.posts.review.page.Dom.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile text in every field of the view (a seeded loop, each run the same): the page stays well-formed with only
 * the page's own elements, no handler or style attribute, exactly one style and one script whose hashes are in the
 * CSP, no link or image off the origin, and each value shows as the text it is.
 */
class ReviewPageHostileTest {

    static final String[] PIECES = {
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg onload=alert(1)>", "</style><script>window.__pwned=1</script>",
        "</script><script>alert(2)</script>", "\u2028\u2029", "&lt;already&gt; &amp; &#x3c;", "javascript:alert(3)", "//evil.example/x.png",
        "<!-- c -->", "]]><![CDATA[x]]>", "\u0000\u0007\r\n\r", "\ud800", "\udc00x", "😀 emoji", "{{constructor.constructor('x')()}}",
        "data:image/svg+xml,<svg onload=alert(4)>", "http://evil.example/\"onmouseover=\"x", "${7*7}", "\\u003cscript\\u003e",
        "O'Brien & \"Sons\"", "<style>body{display:none}</style>", "\t tabbed", "\uFEFF\uFFFE\uFFFF", "<base href=//evil.example/>",
        "<form action=//evil.example><button>go</button></form>", "<meta http-equiv=refresh content=0;url=//evil.example>",
    };

    static final Set<String> ELEMENTS = Set.of("html", "head", "meta", "title", "style", "body", "a", "header", "div", "img", "h1", "p",
            "link", "main", "section", "h2", "ul", "li", "form", "input", "button", "article", "h3", "span", "time", "strong", "br", "figure",
            "figcaption", "label", "textarea", "h4", "footer", "script");

    final ReviewPage page = new ReviewPage();

    @Test
    void hostileTextInEveryFieldIsShownAsTextAndNeverBecomesMarkup() {
        Random r = new Random(20261205L);
        for (int run = 0; run < 250; run++) {
            Gen g = new Gen(r, run);
            ReviewView v = hostileView(g);
            Html html = page.render(v);
            String where = "run " + run;
            ReviewPageTest.assertPolicyMatches(html);
            String lower = html.body().toLowerCase(Locale.ROOT);
            for (String bad : List.of("<svg", "<img src=x", "<!--", "<![cdata[", "<base", "<meta http-equiv", "<b>", "<style>body")) {
                assertFalse(lower.contains(bad), where + ": raw " + bad);
            }
            Document d = Dom.parse(html.body());
            for (Element e : Dom.all(d)) {
                assertTrue(ELEMENTS.contains(e.getTagName()), where + ": element " + e.getTagName());
                for (int i = 0; i < e.getAttributes().getLength(); i++) {
                    String name = e.getAttributes().item(i).getNodeName().toLowerCase(Locale.ROOT);
                    assertFalse(name.startsWith("on") || name.equals("style"), where + ": attribute " + name);
                }
            }
            for (Element img : find(d, tag("img"))) {
                String src = img.getAttribute("src");
                assertTrue(src.startsWith("/") && !src.startsWith("//") && !src.contains("\\"), where + ": image off the origin " + src);
            }
            assertEquals("data:,", one(d, tag("link"), "link").getAttribute("href"), where);
            ReviewView.PostCard p = v.groups().get(0).posts().get(0);
            for (Element a : find(d, tag("a"))) {
                String href = a.getAttribute("href");
                assertTrue(href.equals("#review") || href.equals(shown("#post-" + p.id())) || href.matches("(?i)https?://\\S+"),
                        where + ": link " + href);
            }
            String style = Dom.inline(Dom.STYLE, html.body());
            assertEquals(PageStyle.css(Theme.of(v.brand().primaryColor(), v.brand().accentColor())), style, where);

            // every value reads back as itself (after the characters HTML cannot carry are replaced)
            assertEquals(shown(v.brand().name().strip()), one(d, tag("h1"), "h1").getTextContent(), where);
            assertEquals(shown(v.notice().text()), one(d, cls("notice"), "notice").getTextContent(), where);
            Element article = one(d, tag("article"), "article");
            assertEquals(shown("post-" + p.id()), article.getAttribute("id"), where);
            assertEquals(shown(p.status()), article.getAttribute("data-status"), where);
            assertEquals(shown(p.text()), one(article, cls("post-text"), "text").getTextContent(), where);
            assertEquals(shown(p.title().strip()), one(article, tag("h3"), "h3").getTextContent(), where);
            Element approve = one(article, tag("form").and(attr("data-action", "approve")), "approve");
            assertEquals(shown(v.csrfToken()), field(approve, "csrf"), where);
            assertEquals(shown(v.formNonce()), field(approve, "nonce"), where);
            assertTrue(approve.getAttribute("action").endsWith("/approve") && approve.getAttribute("action").contains("/posts/"), where);
            assertFalse(approve.getAttribute("action").substring(shown(v.basePath()).length()).contains("<"), where + ": the id is path-encoded");
            Element comment = one(article, tag("ul").and(cls("comments")), "comments");
            assertEquals(shown(p.comments().get(0).text()), find(comment, cls("comment-text")).get(0).getTextContent(), where);
            Element group = one(d, tag("section").and(cls("group")), "group");
            assertEquals(shown(v.groups().get(0).platform()), group.getAttribute("data-platform"), where);
            Element imageComment = one(comment, tag("li").and(attr("data-anchor-type", "image")), "image comment");
            assertFalse(imageComment.hasAttribute("data-x") || imageComment.getTextContent().contains("% across"),
                    where + ": a point that is not a number is no point");
            assertEquals(shown(p.media().get(0).alt().strip()), one(article, tag("img"), "img").getAttribute("alt"), where);
        }
    }

    /** What the page shows for {@code s}: controls (but tab and line feed), noncharacters and lone surrogates as U+FFFD; CR LF and CR as LF. */
    static String shown(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                out.append(c).append(t.charAt(++i));
            } else if (Character.isSurrogate(c) || c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == 0xfffe || c == 0xffff) {
                out.append('\ufffd');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Hostile strings: one to three pieces, sometimes around plain words, now and then very long. */
    static final class Gen {
        final Random r;
        final int run;

        Gen(Random r, int run) {
            this.r = r;
            this.run = run;
        }

        String s() {
            StringBuilder b = new StringBuilder();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                if (r.nextBoolean()) {
                    b.append("word").append(r.nextInt(100)).append(' ');
                }
                b.append(PIECES[r.nextInt(PIECES.length)]);
            }
            if (r.nextInt(40) == 0) {
                b.append("A".repeat(20_000 + r.nextInt(30_000))).append("<b>");
            }
            String out = b.toString();
            return out.isBlank() ? "x" + out : out;
        }

        String colour() {
            return switch (r.nextInt(4)) {
                case 0 -> String.format("#%06x", r.nextInt(0x1000000));
                case 1 -> null;
                default -> s();
            };
        }
    }

    static ReviewView hostileView(Gen g) {
        String base = "/review/" + g.s();
        ReviewView.Media media = new ReviewView.Media(g.s(), g.s(), "/review/t/media/<\"'&>", g.s(), 100, 100);
        ReviewView.Media offOrigin = new ReviewView.Media(g.s(), g.s(), g.r.nextBoolean() ? "//evil.example/a.png" : g.s(), g.s(), null, null);
        ReviewView.Comment text = new ReviewView.Comment(g.s(), g.s(), g.s(), "text", g.s(), null, null, null, Instant.EPOCH);
        ReviewView.Comment image = new ReviewView.Comment(g.s(), g.s(), g.s(), "image", null, media.mediaId(), 0.5, Double.NaN, null);
        ReviewView.Comment odd = new ReviewView.Comment(g.s(), g.s(), g.s(), g.s(), g.s(), g.s(), null, null, null);
        ReviewView.PostCard p = new ReviewView.PostCard(g.s(), g.r.nextLong(), g.s(), g.s(), g.s(), g.s(), g.s(), g.s(),
                g.r.nextBoolean() ? g.s() : "https://example.com/" + g.s(), List.of(g.s()),
                List.of(new ReviewView.Limit(g.s(), g.s(), 10, 5, true), new ReviewView.Limit(g.s(), g.s(), 1, 5, false)),
                List.of(media, offOrigin), Instant.parse("2026-12-08T08:30:00Z"), List.of(text, image, odd),
                Set.of("approve", "reject", "comment", "reschedule", "publish", g.s()), g.s());
        List<ReviewView.Group> groups = new ArrayList<>();
        groups.add(new ReviewView.Group(g.s(), g.s(), g.s(), g.s(), List.of(p)));
        return new ReviewView(new ReviewView.Brand(g.s(), g.colour(), g.colour(), g.r.nextBoolean() ? "/review/t/logo?<\"'&>" : g.s()), g.s(),
                g.s(), Instant.parse("2026-12-12T09:00:00Z"), base, g.s(), g.s(), new ReviewView.Notice(g.s(), g.s()),
                List.of(new ReviewView.Campaign(g.s(), g.s(), 3, List.of(g.s(), p.id()))), groups, ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-12-05T10:00:00Z"));
    }
}
