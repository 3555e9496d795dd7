package com.socialwire.posts.review.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the review page and its message pages (expired, revoked, not found, refused). The page is built from a
 * {@link ReviewView} only, every value escaped for where it goes; it carries one inline style sheet and one inline
 * script, and its Content-Security-Policy allows exactly those two by their SHA-256 hashes and nothing else but images
 * of its own origin. The markup is also well-formed XML (tests read it so). Its DOM is the contract with the browser
 * tests (see the issue 17 plan): class names, {@code data-*} attributes, {@code data-action} of each form and the
 * names of their fields.
 */
public final class ReviewPage {

    /** The script, read once per container. */
    static final String SCRIPT = resource("/review/review.js");

    /** English day and month names, written out: a locale-aware formatter loads the JDK's locale data at a cold start. */
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final int DISPLAY_ANCHOR = 160;

    public ReviewPage() {
    }

    /** The page of a live link (200). */
    public Html render(ReviewView view) {
        ReviewView.Brand brand = view.brand() == null ? new ReviewView.Brand(null, null, null, null) : view.brand();
        String brandName = blank(brand.name()) ? "Your brand" : brand.name().strip();
        ZoneId zone = view.zone() == null ? ZoneOffset.UTC : view.zone();
        String css = PageStyle.css(Theme.of(brand.primaryColor(), brand.accentColor()));
        Ctx ctx = new Ctx(view, zone, nz(view.basePath()));

        StringBuilder h = new StringBuilder(32_768);
        head(h, "Review posts \u00b7 " + brandName, css, true);
        h.append("<body>\n<a class=\"skip\" href=\"#review\">Skip to the posts</a>\n");
        h.append("<header class=\"brand\"><div class=\"brand-inner\">");
        if (localPath(brand.logoPath())) {
            h.append("<img class=\"logo\" src=\"").append(a(brand.logoPath())).append("\" alt=\"").append(a(brandName + " logo"))
                    .append("\" />");
        }
        h.append("<div><h1>").append(t(brandName)).append("</h1><p>Posts for your review</p></div></div></header>\n");

        h.append("<main id=\"review\" tabindex=\"-1\">\n");
        notice(h, view.notice());
        intro(h, view, ctx);
        campaigns(h, view, ctx);
        int posts = 0;
        int groupIndex = 0;
        for (ReviewView.Group g : list(view.groups())) {
            if (g == null || list(g.posts()).isEmpty()) {
                continue;
            }
            groupIndex++;
            String gid = "g" + groupIndex;
            h.append("<section class=\"group\" data-platform=\"").append(a(g.platform())).append("\" data-kind=\"").append(a(g.kind()))
                    .append("\" aria-labelledby=\"").append(gid).append("-title\">\n<h2 id=\"").append(gid).append("-title\">")
                    .append(t(groupHeading(g))).append("</h2>\n");
            for (ReviewView.PostCard p : g.posts()) {
                if (p != null) {
                    post(h, p, ++posts, ctx);
                }
            }
            h.append("</section>\n");
        }
        if (posts == 0) {
            h.append("<p class=\"empty\">Nothing is waiting for you right now. Thank you!</p>\n");
        }
        h.append("</main>\n<footer><p>Times are shown in ").append(t(zone.getId()))
                .append(". This page is only for you: please do not forward its link.</p></footer>\n");
        h.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");

        String csp = "default-src 'none'; script-src '" + hash(SCRIPT) + "'; style-src '" + hash(css)
                + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        return new Html(200, h.toString(), csp);
    }

    /** A page that shows only a message: expired (410), revoked (410), unknown (404), refused (403), too many (429). */
    public Html message(int status, String title, String text) {
        String css = PageStyle.css(Theme.neutral());
        String heading = blank(title) ? "Review" : title.strip();
        StringBuilder h = new StringBuilder(8_192);
        head(h, heading, css, false);
        h.append("<body>\n<main id=\"review\" class=\"message\">\n<h1>").append(t(heading)).append("</h1>\n");
        if (!blank(text)) {
            h.append("<p>").append(t(text)).append("</p>\n");
        }
        h.append("</main>\n</body>\n</html>\n");
        String csp = "default-src 'none'; style-src '" + hash(css) + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return new Html(status, h.toString(), csp);
    }

    // ---- parts ------------------------------------------------------------------------------------------------------

    private static void head(StringBuilder h, String title, String css, boolean noFavicon) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\" />\n")
                .append("<meta name=\"robots\" content=\"noindex, nofollow\" />\n")
                // no favicon request (it would only answer 404); a message page's policy allows no image at all
                .append(noFavicon ? "<link rel=\"icon\" href=\"data:,\" />\n" : "")
                .append("<title>").append(t(title)).append("</title>\n")
                .append("<style>").append(css).append("</style>\n</head>\n");
    }

    private static void notice(StringBuilder h, ReviewView.Notice n) {
        if (n == null || blank(n.text())) {
            return;
        }
        String kind = switch (nz(n.kind())) {
            case "error" -> "error";
            case "conflict" -> "conflict";
            default -> "success";
        };
        h.append("<div class=\"notice\" role=\"status\" aria-live=\"polite\" data-notice-kind=\"").append(kind).append("\">")
                .append(t(n.text())).append("</div>\n");
    }

    private static void intro(StringBuilder h, ReviewView view, Ctx ctx) {
        h.append("<p>");
        if (!blank(view.approverName())) {
            h.append("Hello ").append(t(view.approverName().strip())).append(". ");
        }
        h.append("These posts are waiting for your review: approve them, ask for changes with a reason, comment on words or on a"
                + " point of an image, or pick another time.</p>\n");
        String scope = list(view.campaigns()).stream().filter(c -> c != null && c.id() != null && c.id().equals(view.campaignId())
                && !blank(c.name())).map(c -> c.name().strip()).findFirst().orElse(null);
        if (scope != null) {
            h.append("<p>This link is for the campaign \u201c").append(t(scope)).append("\u201d.</p>\n");
        }
        if (view.linkExpiresAt() != null) {
            h.append("<p class=\"muted\">This link works until ").append(time(view.linkExpiresAt(), ctx.zone)).append(".</p>\n");
        }
    }

    private static void campaigns(StringBuilder h, ReviewView view, Ctx ctx) {
        List<ReviewView.Campaign> cs = list(view.campaigns()).stream().filter(c -> c != null && !blank(c.id())).toList();
        if (cs.isEmpty()) {
            return;
        }
        h.append("<section class=\"campaigns\" id=\"campaigns\" aria-labelledby=\"campaigns-title\">\n<h2 id=\"campaigns-title\">Campaigns</h2>\n<ul>\n");
        for (ReviewView.Campaign c : cs) {
            String name = blank(c.name()) ? "Campaign" : c.name().strip();
            int waiting = Math.max(0, c.waiting());
            h.append("<li class=\"campaign\"><p><strong>").append(t(name)).append("</strong><br /><span class=\"muted\">")
                    .append(waiting).append(waiting == 1 ? " post" : " posts").append(" waiting for your approval</span>");
            List<String> shown = list(c.postIds()).stream().filter(id -> id != null && ctx.titles.containsKey(id)).toList();
            if (!shown.isEmpty()) {
                h.append("<br /><span class=\"muted\">Posts: </span>");
                for (int i = 0; i < shown.size(); i++) {
                    h.append(i == 0 ? "" : ", ").append("<a href=\"#post-").append(a(shown.get(i))).append("\">")
                            .append(t(ctx.titles.get(shown.get(i)))).append("</a>");
                }
            }
            h.append("</p>");
            // the posts "approve all" approves, each at the version this page shows (a post changed since is left alone)
            List<ReviewView.PostCard> approvable = list(c.postIds()).stream().map(ctx.cards::get)
                    .filter(p -> p != null && p.actions() != null && p.actions().contains("approve")).distinct().toList();
            if (!approvable.isEmpty()) {
                StringBuilder versions = new StringBuilder();
                for (ReviewView.PostCard p : approvable) {
                    versions.append(versions.isEmpty() ? "" : ",").append(p.id()).append(':').append(p.version());
                }
                h.append("<form method=\"post\" action=\"").append(a(ctx.base + "/campaigns/" + Escape.segment(c.id()) + "/approve"))
                        .append("\" enctype=\"application/x-www-form-urlencoded\" data-action=\"approve-all\" data-campaign-id=\"")
                        .append(a(c.id())).append("\">");
                hidden(h, "csrf", ctx.view.csrfToken());
                hidden(h, "nonce", ctx.view.formNonce());
                hidden(h, "versions", versions.toString());
                int n = approvable.size();
                h.append("<button type=\"submit\" class=\"main\">").append(n == 1 ? "Approve 1 post" : "Approve all " + n + " posts")
                        .append(" in ").append(t(name)).append("</button></form>");
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n</section>\n");
    }

    private static void post(StringBuilder h, ReviewView.PostCard p, int n, Ctx ctx) {
        String id = "p" + n;
        Set<String> actions = p.actions() == null ? Set.of() : p.actions();
        h.append("<article class=\"post\" id=\"post-").append(a(p.id())).append("\" data-post-id=\"").append(a(p.id()))
                .append("\" data-version=\"").append(p.version()).append("\" data-status=\"").append(a(p.status()))
                .append("\" aria-labelledby=\"").append(id).append("-title\">\n");
        h.append("<h3 id=\"").append(id).append("-title\">").append(t(title(p, n))).append("</h3>\n");

        h.append("<p class=\"meta\"><span class=\"status\">").append(t(blank(p.statusLabel()) ? nz(p.status()) : p.statusLabel()))
                .append("</span>");
        if (!blank(p.format())) {
            h.append("<span>").append(t(p.format())).append("</span>");
        }
        if (p.scheduledFor() != null) {
            h.append("<span>Scheduled for ").append(time(p.scheduledFor(), ctx.zone)).append("</span>");
        } else {
            h.append("<span>Not scheduled yet</span>");
        }
        h.append("</p>\n");
        if (!blank(p.stateNote())) {
            h.append("<p class=\"state-note\">").append(t(p.stateNote())).append("</p>\n");
        }

        h.append("<div class=\"post-text\" data-post-text=\"\" id=\"").append(id).append("-text\">").append(t(p.text())).append("</div>\n");
        if (actions.contains("comment") && !blank(p.text())) {
            h.append("<p class=\"tools\" data-needs-script=\"\" hidden=\"hidden\"><button type=\"button\" data-comment-selection=\"\" aria-controls=\"")
                    .append(id).append("-comment\">Comment on selection</button> <span class=\"help\" data-selection-hint=\"\" aria-live=\"polite\"></span></p>\n");
        }
        if (webLink(p.link())) {
            h.append("<p class=\"post-link\">Link: <a href=\"").append(a(p.link().strip()))
                    .append("\" rel=\"noopener noreferrer nofollow\">").append(t(p.link().strip())).append("</a></p>\n");
        }
        limits(h, p);
        media(h, p, id, actions.contains("comment"));
        comments(h, p, id, ctx);

        boolean approve = actions.contains("approve");
        boolean publish = actions.contains("publish");
        if (approve || publish) {
            h.append("<div class=\"actions\">");
            if (approve) {
                form(h, p, "approve", ctx);
                h.append("<button type=\"submit\" class=\"main\">Approve</button></form>");
            }
            if (publish) {
                form(h, p, "publish", ctx);
                h.append("<button type=\"submit\" class=\"main\">Publish now</button></form>");
            }
            h.append("</div>\n");
        }
        if (actions.contains("comment")) {
            commentForm(h, p, id, ctx);
        }
        if (actions.contains("reject")) {
            h.append("<div class=\"panel\">");
            form(h, p, "reject", ctx);
            h.append("<label for=\"").append(id).append("-reason\">Ask for changes: what should change?</label>")
                    .append("<p class=\"help\" id=\"").append(id).append("-reason-help\">At least 3 characters. The post is rewritten with"
                            + " your feedback and comes back for your review.</p>")
                    .append("<textarea id=\"").append(id).append("-reason\" name=\"reason\" required=\"required\" minlength=\"3\" rows=\"3\"")
                    .append(" aria-describedby=\"").append(id).append("-reason-help\"></textarea>")
                    .append("<div class=\"row\"><button type=\"submit\">Reject with this reason</button></div></form></div>\n");
        }
        if (actions.contains("reschedule")) {
            String zoneId = ctx.zone.getId();
            h.append("<div class=\"panel\">");
            form(h, p, "reschedule", ctx);
            h.append("<label for=\"").append(id).append("-when\">New date and time (").append(t(zoneId)).append(")</label>")
                    .append("<div class=\"row\"><input type=\"datetime-local\" id=\"").append(id).append("-when\" name=\"scheduledFor\"");
            if (p.scheduledFor() != null) {
                h.append(" value=\"").append(localInput(p.scheduledFor().atZone(ctx.zone))).append("\"");
            }
            if (ctx.view.now() != null) {
                h.append(" min=\"").append(localInput(ctx.view.now().atZone(ctx.zone))).append("\"");
            }
            h.append(" required=\"required\" /><button type=\"submit\">Reschedule</button></div></form></div>\n");
        }
        h.append("</article>\n");
    }

    /** Opens a post's form for {@code action} with its csrf, nonce and version fields. */
    private static void form(StringBuilder h, ReviewView.PostCard p, String action, Ctx ctx) {
        form(h, p, action, ctx, null);
    }

    private static void form(StringBuilder h, ReviewView.PostCard p, String action, Ctx ctx, String formId) {
        h.append("<form method=\"post\" action=\"").append(a(ctx.base + "/posts/" + Escape.segment(p.id()) + "/" + action))
                .append("\" enctype=\"application/x-www-form-urlencoded\" data-action=\"").append(action).append("\"");
        if (formId != null) {
            h.append(" id=\"").append(formId).append("\"");
        }
        h.append(">");
        hidden(h, "csrf", ctx.view.csrfToken());
        hidden(h, "nonce", ctx.view.formNonce());
        hidden(h, "version", Long.toString(p.version()));
    }

    private static void commentForm(StringBuilder h, ReviewView.PostCard p, String id, Ctx ctx) {
        h.append("<div class=\"panel\">");
        form(h, p, "comment", ctx, id + "-comment");
        for (String f : List.of("anchorType", "anchorText", "anchorOffset", "anchorMediaId", "anchorX", "anchorY")) {
            hidden(h, f, "");
        }
        h.append("<div class=\"anchor\" data-anchor=\"\" hidden=\"hidden\"><p id=\"").append(id)
                .append("-anchor\" data-anchor-label=\"\"></p><button type=\"button\" data-anchor-clear=\"\">Clear the highlight</button></div>")
                .append("<label for=\"").append(id).append("-comment-text\">Your comment</label>")
                .append("<p class=\"help\" id=\"").append(id).append("-comment-help\" data-needs-script=\"\" hidden=\"hidden\">To comment on"
                        + " words, select them in the text and press \u201cComment on selection\u201d; on a point of an image, click it.</p>")
                .append("<textarea id=\"").append(id).append("-comment-text\" name=\"text\" required=\"required\" rows=\"3\" aria-describedby=\"")
                .append(id).append("-anchor ").append(id).append("-comment-help\"></textarea>")
                .append("<div class=\"row\"><button type=\"submit\">Add comment</button></div></form></div>\n");
    }

    private static void limits(StringBuilder h, ReviewView.PostCard p) {
        List<ReviewView.Limit> ls = list(p.limits()).stream().filter(l -> l != null).toList();
        if (ls.isEmpty()) {
            return;
        }
        h.append("<ul class=\"limits\" aria-label=\"Length per platform\">");
        for (ReviewView.Limit l : ls) {
            boolean over = l.over() || l.max() > 0 && l.length() > l.max();
            String label = blank(l.platformLabel()) ? nz(l.platform()) : l.platformLabel();
            h.append("<li data-platform=\"").append(a(l.platform())).append("\" data-over=\"").append(over).append("\"")
                    .append(over ? " class=\"over\">" : ">");
            if (over) {
                h.append("<span aria-hidden=\"true\">\u26a0 </span>Too long for ");
            }
            h.append(t(label)).append(": ").append(l.length()).append(" / ").append(l.max()).append(" characters");
            if (over) {
                int by = l.length() - l.max();
                h.append(by > 0 ? " (" + by + " over the limit)" : " (over the limit)");
            }
            h.append("</li>");
        }
        h.append("</ul>\n");
    }

    private static void media(StringBuilder h, ReviewView.PostCard p, String id, boolean canComment) {
        List<ReviewView.Media> ms = list(p.media()).stream().filter(m -> m != null).toList();
        if (ms.isEmpty()) {
            return;
        }
        h.append("<div class=\"media-list\">");
        int i = 0;
        for (ReviewView.Media m : ms) {
            i++;
            String kind = blank(m.kind()) ? "image" : m.kind().strip().toLowerCase(Locale.ROOT);
            String name = capitalize(kind) + " " + i;
            h.append("<figure class=\"media\" data-media-id=\"").append(a(m.mediaId())).append("\" data-media-label=\"")
                    .append(a(kind + " " + i)).append("\">");
            boolean preview = localPath(m.src());
            if (preview) {
                String alt = blank(m.alt()) ? name + " of the post (no description given)" : m.alt().strip();
                h.append("<div class=\"frame\"><img src=\"").append(a(m.src())).append("\" alt=\"").append(a(alt)).append("\"");
                if (m.width() != null && m.height() != null && m.width() > 0 && m.height() > 0) {
                    h.append(" width=\"").append(m.width()).append("\" height=\"").append(m.height()).append("\"");
                }
                h.append(" /><span class=\"marker\" data-marker=\"\" hidden=\"hidden\"></span></div>");
            } else {
                h.append("<div class=\"no-preview\">No preview of ").append(t(kind + " " + i)).append("</div>");
            }
            h.append("<figcaption>").append(t(name)).append(" of ").append(ms.size());
            if (kind.equals("video")) {
                h.append(" (a frame of the video)");
            }
            if (preview && canComment) {
                h.append("<br /><button type=\"button\" data-comment-image=\"\" data-needs-script=\"\" hidden=\"hidden\" aria-controls=\"")
                        .append(id).append("-comment\">Comment on this ").append(t(kind)).append("</button>");
            }
            h.append("</figcaption></figure>");
        }
        h.append("</div>\n");
    }

    private static void comments(StringBuilder h, ReviewView.PostCard p, String id, Ctx ctx) {
        List<ReviewView.Comment> cs = list(p.comments()).stream().filter(c -> c != null).toList();
        h.append("<h4 id=\"").append(id).append("-comments\">Comments (").append(cs.size()).append(")</h4>\n");
        if (cs.isEmpty()) {
            h.append("<p class=\"muted\">No comments yet.</p>\n");
            return;
        }
        h.append("<ul class=\"comments\" aria-labelledby=\"").append(id).append("-comments\">\n");
        List<ReviewView.Media> ms = list(p.media()).stream().filter(m -> m != null).toList();
        for (ReviewView.Comment c : cs) {
            String type = "text".equals(c.anchorType()) || "image".equals(c.anchorType()) ? c.anchorType() : "none";
            h.append("<li data-anchor-type=\"").append(type).append("\"");
            boolean point = c.x() != null && c.y() != null && Double.isFinite(c.x()) && Double.isFinite(c.y());
            if (type.equals("image")) {
                h.append(" data-anchor-media-id=\"").append(a(c.anchorMediaId())).append("\"");
                if (point) {
                    h.append(" data-x=\"").append(fraction(c.x())).append("\" data-y=\"").append(fraction(c.y())).append("\"");
                }
            }
            h.append("><p class=\"comment-head\"><strong>").append(t(blank(c.author()) ? "Someone" : c.author().strip())).append("</strong>");
            if (c.at() != null) {
                h.append(" \u00b7 ").append(time(c.at(), ctx.zone));
            }
            h.append("</p>");
            if (type.equals("text") && !blank(c.anchorText())) {
                h.append("<p class=\"comment-anchor\">On \u201c").append(t(shorten(c.anchorText().strip(), DISPLAY_ANCHOR))).append("\u201d</p>");
            } else if (type.equals("image")) {
                h.append("<p class=\"comment-anchor\">On ").append(t(mediaName(ms, c.anchorMediaId())));
                if (point) {
                    h.append(", ").append(percent(c.x())).append("% across, ").append(percent(c.y())).append("% down");
                }
                h.append("</p>");
            }
            h.append("<p class=\"comment-text\">").append(t(c.text())).append("</p></li>\n");
        }
        h.append("</ul>\n");
    }

    // ---- small things -----------------------------------------------------------------------------------------------

    private static final class Ctx {
        final ReviewView view;
        final ZoneId zone;
        final String base;
        /** Each post's heading by id, in page order (the numbers "Post n" of untitled posts). */
        final Map<String, String> titles = new LinkedHashMap<>();
        final Map<String, ReviewView.PostCard> cards = new LinkedHashMap<>();

        Ctx(ReviewView view, ZoneId zone, String base) {
            this.view = view;
            this.zone = zone;
            this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            int n = 0;
            for (ReviewView.Group g : list(view.groups())) {
                for (ReviewView.PostCard p : g == null ? List.<ReviewView.PostCard>of() : list(g.posts())) {
                    if (p != null) {
                        n++;
                        titles.putIfAbsent(nz(p.id()), title(p, n));
                        cards.putIfAbsent(nz(p.id()), p);
                    }
                }
            }
        }
    }

    static String title(ReviewView.PostCard p, int n) {
        return blank(p.title()) ? "Post " + n : p.title().strip();
    }

    /** "Instagram · Reels": the platform, then the kind (a label that starts with the platform's name loses it). */
    static String groupHeading(ReviewView.Group g) {
        String platform = blank(g.platformLabel()) ? nz(g.platform()).strip() : g.platformLabel().strip();
        String label = blank(g.label()) ? nz(g.kind()).strip() : g.label().strip();
        if (!platform.isEmpty() && label.toLowerCase(Locale.ROOT).startsWith(platform.toLowerCase(Locale.ROOT))) {
            label = label.substring(platform.length()).strip();
        }
        label = capitalize(label);
        if (platform.isEmpty()) {
            return label.isEmpty() ? "Posts" : label;
        }
        return label.isEmpty() ? platform : platform + " \u00b7 " + label;
    }

    /** {@code <time datetime="UTC">Tue 8 Dec 2026, 09:30 (Europe/Berlin)</time>}. */
    static String time(Instant at, ZoneId zone) {
        Instant s = at.truncatedTo(ChronoUnit.SECONDS);
        return "<time datetime=\"" + DateTimeFormatter.ISO_INSTANT.format(s) + "\">" + t(human(s.atZone(zone)) + " (" + zone.getId() + ")")
                + "</time>";
    }

    /** {@code Tue 8 Dec 2026, 09:30}. */
    static String human(java.time.ZonedDateTime z) {
        return DAYS[z.getDayOfWeek().getValue() - 1] + " " + z.getDayOfMonth() + " " + MONTHS[z.getMonthValue() - 1] + " " + z.getYear()
                + ", " + two(z.getHour()) + ":" + two(z.getMinute());
    }

    /** A {@code datetime-local} input's value: {@code 2026-12-08T09:30}. */
    static String localInput(java.time.ZonedDateTime z) {
        return z.getYear() + "-" + two(z.getMonthValue()) + "-" + two(z.getDayOfMonth()) + "T" + two(z.getHour()) + ":" + two(z.getMinute());
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static String mediaName(List<ReviewView.Media> ms, String mediaId) {
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).mediaId() != null && ms.get(i).mediaId().equals(mediaId)) {
                String kind = blank(ms.get(i).kind()) ? "image" : ms.get(i).kind().strip().toLowerCase(Locale.ROOT);
                return kind + " " + (i + 1);
            }
        }
        return "an image";
    }

    /** {@code 0.250}: three decimals, without a JDK formatter (it loads regex and locale classes at a cold start). */
    static String fraction(double v) {
        long milli = Math.round(Math.max(0, Math.min(1, v)) * 1000);
        String frac = Long.toString(milli % 1000);
        return milli / 1000 + "." + "000".substring(frac.length()) + frac;
    }

    private static long percent(double v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 100);
    }

    private static void hidden(StringBuilder h, String name, String value) {
        h.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(a(value)).append("\" />");
    }

    /** A path on this origin ({@code /…}, not {@code //…} nor with a backslash): the only images the page shows. */
    static boolean localPath(String path) {
        return path != null && path.startsWith("/") && !path.startsWith("//") && path.indexOf('\\') < 0
                && path.chars().noneMatch(c -> c <= 0x20 || c == 0x7f);
    }

    /** An http(s) link without blanks or controls (anything else is not made a link). */
    static boolean webLink(String link) {
        if (blank(link)) {
            return false;
        }
        String l = link.strip();
        String lower = l.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && l.chars().noneMatch(c -> c <= 0x20 || c == 0x7f);
    }

    /** {@code 'sha256-…'} content of a CSP source for {@code inline} (its UTF-8 bytes, as the browser hashes them). */
    static String hash(String inline) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReviewPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (s.toLowerCase(Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(name + " must not contain </script");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "\u2026" : s;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String t(String s) {
        return Escape.html(s);
    }

    private static String a(String s) {
        return Escape.attr(s);
    }
}
