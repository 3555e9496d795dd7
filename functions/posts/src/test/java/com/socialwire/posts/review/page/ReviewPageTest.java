package com.socialwire.posts.review.page;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.socialwire.posts.review.page.Dom.attr;
import static com.socialwire.posts.review.page.Dom.cls;
import static com.socialwire.posts.review.page.Dom.field;
import static com.socialwire.posts.review.page.Dom.find;
import static com.socialwire.posts.review.page.Dom.one;
import static com.socialwire.posts.review.page.Dom.tag;
import static com.socialwire.posts.review.page.SampleViews.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewPageTest {

    final ReviewPage page = new ReviewPage();

    // ---- the DOM contract -------------------------------------------------------------------------------------------

    @Test
    void pageHasTheContractedLandmarksBrandNoticeAndCampaignBar() {
        Html html = page.render(SampleViews.sample());
        assertEquals(200, html.status());
        Document d = Dom.parse(html.body());
        assertEquals("en", d.getDocumentElement().getAttribute("lang"));
        assertEquals("Review posts \u00b7 Bean & Co", one(d, tag("title"), "title").getTextContent());
        Element main = one(d, tag("main"), "main");
        assertEquals("review", main.getAttribute("id"));
        assertEquals("#review", one(d, cls("skip"), "skip link").getAttribute("href"));

        Element header = one(d, tag("header").and(cls("brand")), "brand header");
        assertEquals("Bean & Co", one(header, tag("h1"), "h1").getTextContent());
        Element logo = one(header, tag("img").and(cls("logo")), "logo");
        assertEquals("Bean & Co logo", logo.getAttribute("alt"));
        assertEquals(BASE + "/logo", logo.getAttribute("src"));

        Element notice = one(d, cls("notice"), "notice");
        assertEquals("status", notice.getAttribute("role"));
        assertEquals("success", notice.getAttribute("data-notice-kind"));
        assertEquals("Approved. Thank you!", notice.getTextContent());

        Element bar = one(d, tag("section").and(cls("campaigns")), "campaign bar");
        Element all = one(bar, tag("form").and(attr("data-action", "approve-all")), "approve-all form");
        assertEquals("cmp_winter", all.getAttribute("data-campaign-id"));
        assertEquals(BASE + "/campaigns/cmp_winter/approve", all.getAttribute("action"));
        assertEquals("post", all.getAttribute("method"));
        assertEquals("application/x-www-form-urlencoded", all.getAttribute("enctype"));
        assertEquals("csrf-token-value", field(all, "csrf"));
        assertEquals("nonce-value", field(all, "nonce"));
        assertEquals("pst_reel1:4,pst_x1:2", field(all, "versions"), "each waiting post at the version shown");
        assertEquals("campaigns", bar.getAttribute("id"), "the approve-all redirect's #campaigns");
        assertEquals("Approve all 2 posts in Winter launch", one(all, tag("button"), "button").getTextContent());
        assertEquals(List.of("#post-pst_reel1|Winter launch reel", "#post-pst_x1|Post 2"),
                find(bar, tag("a")).stream().map(x -> x.getAttribute("href") + "|" + x.getTextContent()).toList(), "the campaign's posts");
        assertEquals("submit", one(all, tag("button"), "button").getAttribute("type"));
    }

    @Test
    void groupsAndPostsComeInTheViewsOrderWithTheirHeadings() {
        Document d = Dom.parse(page.render(SampleViews.sample()).body());
        List<Element> groups = find(d, tag("section").and(cls("group")));
        assertEquals(2, groups.size());
        assertEquals(List.of("instagram/reel", "x/feed"),
                groups.stream().map(g -> g.getAttribute("data-platform") + "/" + g.getAttribute("data-kind")).toList());
        assertEquals(List.of("Instagram \u00b7 Reels", "X \u00b7 Posts"),
                groups.stream().map(g -> one(g, tag("h2"), "h2").getTextContent()).toList());
        List<Element> posts = find(d, tag("article").and(cls("post")));
        assertEquals(List.of("post-pst_reel1", "post-pst_x1", "post-pst_x2"), posts.stream().map(p -> p.getAttribute("id")).toList());
        assertEquals(List.of("pst_reel1", "pst_x1", "pst_x2"), posts.stream().map(p -> p.getAttribute("data-post-id")).toList());
        assertEquals(List.of("4", "2", "7"), posts.stream().map(p -> p.getAttribute("data-version")).toList());
        assertEquals(List.of("PENDING_CLIENT", "PENDING_CLIENT", "APPROVED"), posts.stream().map(p -> p.getAttribute("data-status")).toList());
        assertEquals(List.of("pst_reel1"), find(groups.get(0), tag("article")).stream().map(p -> p.getAttribute("data-post-id")).toList());
        assertEquals(2, find(groups.get(1), tag("article")).size());

        // headings in order: h1, then h2 per section, h3 per post, h4 inside posts; none skipped
        int previous = 0;
        for (Element e : Dom.all(d)) {
            if (e.getTagName().matches("h[1-6]")) {
                int level = e.getTagName().charAt(1) - '0';
                assertTrue(level <= previous + 1, "heading " + e.getTagName() + " \"" + e.getTextContent() + "\" skips a level");
                previous = level;
            }
        }
    }

    @Test
    void eachPostHasAFormPerAllowedActionAndNoOther() {
        Document d = Dom.parse(page.render(SampleViews.sample()).body());
        for (Element post : find(d, tag("article"))) {
            String id = post.getAttribute("data-post-id");
            Set<String> expected = switch (id) {
                case "pst_x2" -> Set.of("comment", "reschedule", "publish");
                default -> Set.of("approve", "reject", "comment", "reschedule");
            };
            List<Element> forms = find(post, tag("form"));
            assertEquals(expected, new HashSet<>(forms.stream().map(f -> f.getAttribute("data-action")).toList()), id);
            assertEquals(expected.size(), forms.size(), id + ": one form per action");
            for (Element f : forms) {
                String action = f.getAttribute("data-action");
                assertEquals(BASE + "/posts/" + id + "/" + action, f.getAttribute("action"));
                assertEquals("post", f.getAttribute("method"));
                assertEquals("application/x-www-form-urlencoded", f.getAttribute("enctype"));
                assertEquals("csrf-token-value", field(f, "csrf"));
                assertEquals("nonce-value", field(f, "nonce"));
                assertEquals(post.getAttribute("data-version"), field(f, "version"));
                Element submit = one(f, tag("button").and(attr("type", "submit")), "submit of " + action);
                assertFalse(submit.getTextContent().isBlank());
            }
            assertEquals(expected.contains("comment") ? 1 : 0, find(post, tag("button").and(attr("data-comment-selection", null))).size());
        }
        Element reel = one(d, attr("data-post-id", "pst_reel1"), "reel");
        Element reject = one(reel, attr("data-action", "reject"), "reject form");
        Element reason = one(reject, tag("textarea").and(attr("name", "reason")), "reason");
        assertEquals("required", reason.getAttribute("required"));
        assertEquals("3", reason.getAttribute("minlength"));
        Element comment = one(reel, attr("data-action", "comment"), "comment form");
        one(comment, tag("textarea").and(attr("name", "text")), "comment text");
        for (String f : List.of("anchorType", "anchorText", "anchorOffset", "anchorMediaId", "anchorX", "anchorY")) {
            assertEquals("hidden", one(comment, tag("input").and(attr("name", f)), f).getAttribute("type"));
            assertEquals("", field(comment, f));
        }
        one(comment, attr("data-anchor-label", null), "anchor label");
        one(comment, tag("button").and(attr("data-anchor-clear", null)), "clear button");
        Element when = one(reel, tag("input").and(attr("name", "scheduledFor")), "reschedule input");
        assertEquals("datetime-local", when.getAttribute("type"));
        assertEquals("2026-12-08T09:30", when.getAttribute("value"), "08:30 UTC is 09:30 in Berlin in December");
        Element label = one(reel, tag("label").and(attr("for", when.getAttribute("id"))), "reschedule label");
        assertTrue(label.getTextContent().contains("(Europe/Berlin)"), label.getTextContent());
    }

    @Test
    void everyControlHasALabelAndIdsAreUnique() {
        Document d = Dom.parse(page.render(SampleViews.sample()).body());
        Set<String> ids = new HashSet<>();
        for (Element e : Dom.all(d)) {
            if (e.hasAttribute("id")) {
                assertTrue(ids.add(e.getAttribute("id")), "duplicate id " + e.getAttribute("id"));
            }
        }
        List<Element> controls = new ArrayList<>(find(d, tag("textarea")));
        controls.addAll(find(d, tag("input").and(e -> !e.getAttribute("type").equals("hidden"))));
        assertEquals(8, controls.size(), "3 comment, 2 reason, 3 reschedule");
        for (Element c : controls) {
            String id = c.getAttribute("id");
            assertFalse(id.isEmpty(), "control " + c.getAttribute("name") + " has an id");
            Element label = one(d, tag("label").and(attr("for", id)), "label for " + id);
            assertFalse(label.getTextContent().isBlank());
            for (String ref : c.getAttribute("aria-describedby").split(" ")) {
                assertTrue(ref.isEmpty() || ids.contains(ref), "aria-describedby " + ref + " exists");
            }
        }
        for (Element b : find(d, tag("button"))) {
            assertFalse(b.getTextContent().isBlank(), "every button has visible text");
            assertTrue(b.getAttribute("type").equals("submit") || b.getAttribute("type").equals("button"));
            for (String ref : b.getAttribute("aria-controls").split(" ")) {
                assertTrue(ref.isEmpty() || ids.contains(ref), "aria-controls " + ref + " exists");
            }
        }
        for (Element img : find(d, tag("img"))) {
            assertFalse(img.getAttribute("alt").isBlank(), "image " + img.getAttribute("src") + " has alt text");
        }
    }

    @Test
    void textMediaAndCommentsAreShown() {
        Document d = Dom.parse(page.render(SampleViews.sample()).body());
        Element reel = one(d, attr("data-post-id", "pst_reel1"), "reel");
        Element text = one(reel, cls("post-text").and(attr("data-post-text", null)), "post text");
        assertEquals(SampleViews.reel(Set.of()).text(), text.getTextContent(), "line breaks kept, nothing added");
        assertTrue(PageStyle.SHEET.contains(".post-text{white-space:pre-wrap"));
        Element fig = one(reel, tag("figure").and(cls("media")), "figure");
        assertEquals("med_a1", fig.getAttribute("data-media-id"));
        Element img = one(fig, tag("img"), "img");
        assertEquals("A barista pours latte art", img.getAttribute("alt"));
        assertEquals(BASE + "/media/med_a1", img.getAttribute("src"));
        one(fig, tag("button").and(attr("data-comment-image", null)), "comment on image");
        Element x1 = one(d, attr("data-post-id", "pst_x1"), "x1");
        assertEquals("Image 1 of the post (no description given)", one(x1, tag("img"), "img").getAttribute("alt"));

        Element comments = one(reel, tag("ul").and(cls("comments")), "comments");
        List<Element> items = find(comments, tag("li"));
        assertEquals(List.of("text", "image"), items.stream().map(li -> li.getAttribute("data-anchor-type")).toList());
        assertTrue(items.get(0).getTextContent().contains("On \u201cwinter blend\u201d"), items.get(0).getTextContent());
        assertTrue(items.get(0).getTextContent().contains("Shall we say \"blend\" twice?"));
        assertTrue(items.get(1).getTextContent().contains("On video 1, 25% across, 75% down"), items.get(1).getTextContent());
        assertEquals("0.250", items.get(1).getAttribute("data-x"));
        Element at = one(items.get(0), tag("time"), "comment time");
        assertEquals("2026-12-04T10:00:00Z", at.getAttribute("datetime"));
        assertEquals("Fri 4 Dec 2026, 11:00 (Europe/Berlin)", at.getTextContent());
    }

    // ---- times --------------------------------------------------------------------------------------------------------

    @Test
    void scheduledTimesAreShownInTheTenantsZoneAcrossDaylightSavingChanges() {
        record Case(String utc, String zone, String human, String local) { }
        List<Case> cases = List.of(
                new Case("2026-12-08T08:30:00Z", "Europe/Berlin", "Tue 8 Dec 2026, 09:30 (Europe/Berlin)", "2026-12-08T09:30"),
                new Case("2026-03-29T00:30:00Z", "Europe/Berlin", "Sun 29 Mar 2026, 01:30 (Europe/Berlin)", "2026-03-29T01:30"),
                new Case("2026-03-29T01:30:00Z", "Europe/Berlin", "Sun 29 Mar 2026, 03:30 (Europe/Berlin)", "2026-03-29T03:30"),
                new Case("2026-10-25T00:30:00Z", "Europe/Berlin", "Sun 25 Oct 2026, 02:30 (Europe/Berlin)", "2026-10-25T02:30"),
                new Case("2026-10-25T01:30:00Z", "Europe/Berlin", "Sun 25 Oct 2026, 02:30 (Europe/Berlin)", "2026-10-25T02:30"),
                new Case("2026-03-08T07:15:00Z", "America/New_York", "Sun 8 Mar 2026, 03:15 (America/New_York)", "2026-03-08T03:15"),
                new Case("2026-07-01T23:45:00Z", "Asia/Kolkata", "Thu 2 Jul 2026, 05:15 (Asia/Kolkata)", "2026-07-02T05:15"));
        for (Case c : cases) {
            ReviewView v = withZoneAndTime(SampleViews.sample(), ZoneId.of(c.zone), Instant.parse(c.utc));
            Document d = Dom.parse(page.render(v).body());
            Element reel = one(d, attr("data-post-id", "pst_reel1"), "reel");
            Element time = find(one(reel, cls("meta"), "meta"), tag("time")).get(0);
            assertEquals(c.utc, time.getAttribute("datetime"), c.toString());
            assertEquals(c.human, time.getTextContent(), c.toString());
            assertEquals(c.local, one(reel, attr("name", "scheduledFor"), "input").getAttribute("value"), c.toString());
            assertTrue(one(reel, tag("label").and(attr("for", "p1-when")), "label").getTextContent().contains("(" + c.zone + ")"));
        }
    }

    static ReviewView withZoneAndTime(ReviewView v, ZoneId zone, Instant at) {
        ReviewView.PostCard r = v.groups().get(0).posts().get(0);
        ReviewView.PostCard moved = new ReviewView.PostCard(r.id(), r.version(), r.status(), r.statusLabel(), r.campaignId(), r.format(),
                r.title(), r.text(), r.link(), r.platforms(), r.limits(), r.media(), at, r.comments(), r.actions(), r.stateNote());
        List<ReviewView.Group> groups = new ArrayList<>(v.groups());
        ReviewView.Group g = groups.get(0);
        groups.set(0, new ReviewView.Group(g.platform(), g.platformLabel(), g.kind(), g.label(), List.of(moved)));
        return new ReviewView(v.brand(), v.approverName(), v.campaignId(), v.linkExpiresAt(), v.basePath(), v.csrfToken(), v.formNonce(),
                v.notice(), v.campaigns(), groups, zone, at.minusSeconds(86_400));
    }

    // ---- limits -------------------------------------------------------------------------------------------------------

    @Test
    void overLimitTextIsMarkedInWordsNotByColourAlone() {
        Document d = Dom.parse(page.render(SampleViews.sample()).body());
        Element x2 = one(d, attr("data-post-id", "pst_x2"), "x2");
        Element x = one(x2, tag("li").and(attr("data-platform", "x")), "x limit");
        assertEquals("true", x.getAttribute("data-over"));
        assertTrue(x.getAttribute("class").contains("over"));
        assertEquals("\u26a0 Too long for X: 300 / 280 characters (20 over the limit)", x.getTextContent());
        Element li = one(x2, tag("li").and(attr("data-platform", "linkedin")), "linkedin limit");
        assertEquals("false", li.getAttribute("data-over"));
        assertEquals("LinkedIn: 300 / 3000 characters", li.getTextContent());
        Element reel = one(d, attr("data-post-id", "pst_reel1"), "reel");
        assertEquals("Instagram: 64 / 2200 characters", one(reel, tag("li").and(attr("data-platform", "instagram")), "ig").getTextContent());
    }

    // ---- privacy, messages, CSP -----------------------------------------------------------------------------------------

    @Test
    void showsTheApproversNameButNoEmailAddressOrTenantInternals() {
        String body = page.render(SampleViews.sample()).body();
        assertTrue(body.contains("Hello Maria Client."));
        Matcher m = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z0-9.]+").matcher(body);
        assertFalse(m.find(), () -> "an e-mail address in the page: " + m.group());
        assertFalse(body.contains("ten_"), "no tenant id");
        Matcher url = Pattern.compile("(?i)https?://[^\"<\\s]*|//[a-z0-9.-]+\\.[a-z]{2,}").matcher(body);
        while (url.find()) {
            assertEquals("https://example.com/winter", url.group(), "no URL but the post's own link");
        }
    }

    @Test
    void messagePagesCarryNoBrandNoScriptAndAStrictPolicy() {
        for (int status : new int[] {403, 404, 410, 429}) {
            Html html = page.message(status, "This link has expired", "Ask the agency for a new link. <b>x</b>");
            assertEquals(status, html.status());
            Document d = Dom.parse(html.body());
            assertEquals("This link has expired", one(d, tag("h1"), "h1").getTextContent());
            assertEquals("This link has expired", one(d, tag("title"), "title").getTextContent());
            assertEquals("Ask the agency for a new link. <b>x</b>", one(d, tag("p"), "p").getTextContent());
            assertEquals(0, find(d, tag("script")).size());
            assertEquals(0, find(d, tag("form")).size());
            assertEquals(0, find(d, tag("img")).size());
            assertFalse(html.body().contains("<script"));
            String style = Dom.inline(Dom.STYLE, html.body());
            assertNotNull(style);
            assertEquals("default-src 'none'; style-src '" + sha256(style) + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                    html.contentSecurityPolicy());
            assertTrue(style.contains("--header-bg:" + Theme.DEFAULT_PRIMARY), "the neutral look");
        }
    }

    @Test
    void policyAllowsExactlyTheOneInlineStyleAndScript() {
        Html html = page.render(SampleViews.sample());
        assertPolicyMatches(html);
        assertTrue(html.body().contains("--header-bg:#6b21a8;"), "the brand's colour");
        Document d = Dom.parse(html.body());
        for (Element e : Dom.all(d)) {
            for (int i = 0; i < e.getAttributes().getLength(); i++) {
                String name = e.getAttributes().item(i).getNodeName().toLowerCase(Locale.ROOT);
                assertFalse(name.startsWith("on") || name.equals("style"), "no inline handler or style attribute: " + name);
            }
        }
    }

    @Test
    void anEmptyViewWithoutBrandOrZoneStillRenders() {
        ReviewView v = new ReviewView(null, null, null, null, "/review/rvw_x", "c", "n", null, null, null, null, null);
        Html html = page.render(v);
        assertPolicyMatches(html);
        Document d = Dom.parse(html.body());
        assertEquals("Your brand", one(d, tag("h1"), "h1").getTextContent());
        assertEquals(0, find(d, cls("campaigns")).size());
        assertEquals(0, find(d, cls("notice")).size());
        assertEquals(0, find(d, tag("img")).size());
        assertTrue(one(d, cls("empty"), "empty").getTextContent().startsWith("Nothing is waiting"));
    }

    @Test
    void groupHeadingsNameThePlatformThenTheKind() {
        assertEquals("Instagram \u00b7 Reels", ReviewPage.groupHeading(new ReviewView.Group("instagram", "Instagram", "reel", "Instagram Reels", List.of())));
        assertEquals("X \u00b7 Posts", ReviewPage.groupHeading(new ReviewView.Group("twitter", "X", "post", "X posts", List.of())));
        assertEquals("Instagram \u00b7 Reels", ReviewPage.groupHeading(new ReviewView.Group("instagram", "Instagram", "reel", "Reels", List.of())));
        assertEquals("Instagram \u00b7 Story", ReviewPage.groupHeading(new ReviewView.Group("instagram", "Instagram", "story", null, List.of())));
        assertEquals("tiktok \u00b7 Videos", ReviewPage.groupHeading(new ReviewView.Group("tiktok", null, "video", "videos", List.of())));
        assertEquals("LinkedIn", ReviewPage.groupHeading(new ReviewView.Group("linkedin", "LinkedIn", null, "LinkedIn", List.of())));
        assertEquals("Posts", ReviewPage.groupHeading(new ReviewView.Group(null, null, null, null, List.of())));
    }

    @Test
    void approveAllOnlyForACampaignWithAPostToApproveOnThePage() {
        ReviewView s = SampleViews.sample();
        ReviewView v = new ReviewView(s.brand(), s.approverName(), null, s.linkExpiresAt(), s.basePath(), s.csrfToken(), s.formNonce(),
                s.notice(), List.of(new ReviewView.Campaign("cmp_done", "Done", 0, List.of("pst_x2")),
                        new ReviewView.Campaign("cmp_elsewhere", "Elsewhere", 2, List.of("pst_gone1", "pst_gone2")),
                        new ReviewView.Campaign("cmp_winter", "Winter launch", 2, List.of("pst_x1", "pst_x2", "pst_x1"))),
                s.groups(), s.zone(), s.now());
        Document d = Dom.parse(page.render(v).body());
        List<Element> forms = find(d, tag("form").and(attr("data-action", "approve-all")));
        assertEquals(1, forms.size(), "an approved post or posts not on the page: nothing to approve all");
        assertEquals("cmp_winter", forms.get(0).getAttribute("data-campaign-id"));
        assertEquals("pst_x1:2", field(forms.get(0), "versions"));
        assertEquals("Approve 1 post in Winter launch", one(forms.get(0), tag("button"), "button").getTextContent());
    }

    @Test
    void aPostWithoutTextOffersNoSelectionButStillTakesComments() {
        ReviewView s = SampleViews.sample();
        ReviewView.PostCard imageOnly = SampleViews.feed("pst_img", 1, "", List.of(), Set.of("comment", "approve"), "PENDING_CLIENT", null);
        ReviewView v = new ReviewView(s.brand(), s.approverName(), null, null, s.basePath(), "c", "n", null, List.of(),
                List.of(new ReviewView.Group("instagram", "Instagram", "feed", "Instagram posts", List.of(imageOnly))), s.zone(), s.now());
        Document d = Dom.parse(page.render(v).body());
        assertEquals(0, find(d, attr("data-comment-selection", null)).size());
        one(d, tag("form").and(attr("data-action", "comment")), "comment form");
        one(d, tag("button").and(attr("data-comment-image", null)), "comment on the image");
        assertEquals("", one(d, cls("post-text"), "text").getTextContent());
        assertEquals(0, find(d, tag("ul").and(cls("limits"))).size(), "no limits listed: no list");
    }

    @Test
    void idsInFormActionsArePathSegments() {
        assertEquals("pst_1-a.b~c", Escape.segment("pst_1-a.b~c"));
        assertEquals("a%2Fb%3F%23%20%25", Escape.segment("a/b?# %"));
        assertEquals("%2E%2E", Escape.segment(".."));
        assertEquals("%2E", Escape.segment("."));
        assertEquals("%C3%A9%F0%9F%98%80", Escape.segment("\u00e9\ud83d\ude00"));
        assertEquals("&#10;&#9;&amp;&lt;&gt;&quot;&#39;", Escape.attr("\r\n\t&<>\"'"));
        assertEquals("\n\n\t\ufffd\ufffd", Escape.html("\r\n\r\t\u0000\ud800"));
    }

    @Test
    void aLinkForOneCampaignSaysSo() {
        ReviewView s = SampleViews.sample();
        ReviewView scoped = new ReviewView(s.brand(), s.approverName(), "cmp_winter", s.linkExpiresAt(), s.basePath(), s.csrfToken(),
                s.formNonce(), s.notice(), s.campaigns(), s.groups(), s.zone(), s.now());
        assertTrue(page.render(scoped).body().contains("<p>This link is for the campaign \u201cWinter launch\u201d.</p>"));
        assertFalse(page.render(s).body().contains("This link is for the campaign"));
    }

    @Test
    void uglyBrandColoursNeverReachTheStyleSheet() {
        ReviewView s = SampleViews.sample();
        for (String ugly : new String[] {"red", "#fff;}body{display:none", "url(//evil)", "#12345g", "", "  #ABCDEF  "}) {
            ReviewView v = new ReviewView(new ReviewView.Brand("B", ugly, ugly, null), s.approverName(), null, null, s.basePath(),
                    "c", "n", null, s.campaigns(), s.groups(), s.zone(), s.now());
            String style = Dom.inline(Dom.STYLE, page.render(v).body());
            String root = style.substring(0, style.indexOf('}') + 1);
            assertTrue(root.matches(":root\\{color-scheme:light(;--[a-z-]+:#[0-9a-f]{6})+}"), root);
            assertEquals(PageStyle.SHEET, style.substring(root.length() + 1));
        }
    }

    static void assertPolicyMatches(Html html) {
        String body = html.body();
        String lower = body.toLowerCase(Locale.ROOT);
        assertEquals(1, count(lower, "<script"), "one script element");
        assertEquals(1, count(lower, "</script"), "one script end");
        assertEquals(1, count(lower, "<style"), "one style element");
        assertEquals(1, count(lower, "</style"), "one style end");
        String script = Dom.inline(Dom.SCRIPT, body);
        String style = Dom.inline(Dom.STYLE, body);
        assertEquals(ReviewPage.SCRIPT, script);
        assertTrue(script.chars().allMatch(c -> c < 0x80), "the script is ASCII: its hash holds whatever the charset");
        assertTrue(style.chars().allMatch(c -> c < 0x80), "and so is the style sheet");
        assertEquals("default-src 'none'; script-src '" + sha256(script) + "'; style-src '" + sha256(style)
                + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'", html.contentSecurityPolicy());
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static String sha256(String s) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
