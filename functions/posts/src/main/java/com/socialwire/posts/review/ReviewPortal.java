package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.review.page.Html;
import com.socialwire.posts.review.page.ReviewPage;
import com.socialwire.posts.review.page.ReviewView;
import com.socialwire.posts.service.ApprovalService;
import com.socialwire.posts.service.PublishingService;
import com.socialwire.posts.service.ReviewComments;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.RateLimiter;
import com.socialwire.shared.store.IdempotencyStore;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The review page's use cases for one magic link: the page ({@link ReviewPosts} gathers what it shows), each form's
 * action — approve, reject, comment, reschedule, publish, approve all — and the media previews. Every action runs
 * through the posts services as the link's {@code client} principal ({@link ReviewSession#principal()}), so the same
 * workflow rules, version checks and 404s apply as to a client key; every form post must pass {@link Csrf}, is done once
 * per form nonce ({@link IdempotencyStore}) and is recorded in {@link ReviewActivity}. Answers are HTML pages or 303s,
 * never the JSON envelope.
 */
public final class ReviewPortal {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReviewPortal.class);

    /** The post actions a form may name in {@code /review/{token}/posts/{postId}/{action}}. */
    public static final Set<String> ACTIONS = Set.of("approve", "reject", "comment", "reschedule", "publish");
    /** The most posts one approve-all approves (its page shows at most as many). */
    static final int MAX_APPROVE_ALL = ReviewPosts.MAX_POSTS;
    /** A nonce claims its action for this long while it runs, and answers its first result for a day. */
    private static final Duration IN_PROGRESS = Duration.ofSeconds(30);
    private static final Duration KEEP = Duration.ofHours(24);
    /** The CSP of answers that are not pages (redirects, images): nothing may load from them. */
    static final String BARE_CSP = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final ReviewLinks links;
    private final ReviewActivity activity;
    private final ReviewPage page;
    private final ReviewPosts posts;
    private final ApprovalService approvals;
    private final PublishingService publishing;
    private final ReviewComments comments;
    private final TenantProfiles tenants;
    private final MediaPreviews previews;
    private final IdempotencyStore idempotency;
    private final Csrf csrf;
    private final RateLimiter limiter;
    private final Clock clock;

    public ReviewPortal(ReviewLinks links, ReviewActivity activity, ReviewPage page, ReviewPosts posts, ApprovalService approvals,
                        PublishingService publishing, ReviewComments comments, TenantProfiles tenants, MediaPreviews previews,
                        IdempotencyStore idempotency, Csrf csrf, RateLimiter limiter, Clock clock) {
        this.links = links;
        this.activity = activity;
        this.page = page;
        this.posts = posts;
        this.approvals = approvals;
        this.publishing = publishing;
        this.comments = comments;
        this.tenants = tenants;
        this.previews = previews;
        this.idempotency = idempotency;
        this.csrf = csrf;
        this.limiter = limiter;
        this.clock = clock;
    }

    /**
     * Runs a page route within the address's own page limit (the wiring's limiter: {@code REVIEW_PAGE_PER_MINUTE}, 120 by
     * default, counted apart from the API's keys and addresses), answered as a page: over it, a 429 page with
     * {@code Retry-After}. Every answer carries the {@code X-RateLimit-*} headers.
     */
    public ApiResponse limited(ApiRequest r, java.util.function.BiFunction<ApiRequest, LinkCheck, ApiResponse> route) {
        // the token's row is read while the address's count is updated: one round trip for both (a read, before any effect)
        java.util.concurrent.Future<LinkCheck> check = ReviewPosts.READS.submit(() -> links.check(r.pathParam("token")));
        RateLimiter.Decision d = limiter.check("review-page:ip:" + r.sourceIp(), 0, null);
        if (!d.allowed()) {
            check.cancel(true);
        }
        ApiResponse out = d.allowed() ? route.apply(r, com.socialwire.shared.Parallel.join(check))
                : message(429, "Too many requests", "Too many requests from this browser. Wait a minute and reload the page.");
        for (Map.Entry<String, String> h : d.headers().entrySet()) {
            out = out.withHeader(h.getKey(), h.getValue());
        }
        return out;
    }

    // ------------------------------------------------------------------ the page

    /** {@code GET /review/{token}}: the page of a live link (setting the CSRF cookie if the browser has none), else why not. */
    public ApiResponse page(ApiRequest r, LinkCheck check) {
        if (!(check instanceof LinkCheck.Valid valid)) {
            return refused(check);
        }
        ReviewSession s = valid.session();
        Instant now = clock.instant();
        // the posts' three sources are read while the tenant is: one round trip for all four
        java.util.concurrent.Future<List<Post>> found = posts.startGathering(s, now);
        Tenant tenant = live(s);
        if (tenant == null) {
            found.cancel(true);
            return refused(new LinkCheck.Unknown());
        }
        String cookie = Csrf.cookie(r.header("cookie").orElse(null));
        String setCookie = null;
        if (cookie == null) {
            cookie = csrf.newCookie();
            setCookie = Csrf.setCookie(cookie, secure(r));
        }
        String basePath = "/review/" + r.pathParam("token");
        ReviewView.Notice notice = ReviewNotices.of(r.query("notice").orElse(null), r.query("approved").orElse(null),
                r.query("changed").orElse(null));
        // a browser's first visit (of the day, per link) is recorded while the page is built: not a write at every page load
        java.util.concurrent.Future<?> opened = setCookie == null ? null : ReviewPosts.READS.submit(() ->
                record(s, null, "opened", null, "opened:" + s.linkId() + ":" + now.atOffset(ZoneOffset.UTC).toLocalDate()));
        ReviewView view = posts.view(s, tenant, com.socialwire.shared.Parallel.join(found), basePath, csrf.field(s.tokenHash(), cookie),
                Ids.base62(24), notice, now);
        ApiResponse out = html(page.render(view));
        if (opened != null) {
            com.socialwire.shared.Parallel.join(opened);
        }
        return setCookie == null ? out : out.withHeader("set-cookie", setCookie);
    }

    /** {@code GET /review/{token}/media/{mediaId}}: the preview of one of the tenant's media items, or 404. */
    public ApiResponse media(ApiRequest r, LinkCheck check) {
        if (!(check instanceof LinkCheck.Valid valid)) {
            return refused(check);
        }
        ReviewSession s = valid.session();
        if (live(s) == null) {
            return refused(new LinkCheck.Unknown());
        }
        Optional<MediaPreviews.Image> image = previews.find(s.tenantId(), r.pathParam("mediaId")).flatMap(previews::read);
        if (image.isEmpty()) {
            return message(404, "No preview", "There is no preview of this media item.");
        }
        // a media item's preview does not change: the browser may keep it (privately) instead of asking at every page load
        return secured(ApiResponse.bytes(200, image.get().contentType(), image.get().bytes()), BARE_CSP)
                .withHeader("cache-control", "private, max-age=3600");
    }

    // ------------------------------------------------------------------ the forms

    /** {@code POST /review/{token}/posts/{postId}/{action}}: one action on one post, then 303 back to the post. */
    public ApiResponse act(ApiRequest r, LinkCheck check) {
        String action = r.pathParam("action");
        Form f = form(r, check);
        if (f.refusal != null) {
            return f.refusal;
        }
        ReviewSession s = f.session;
        String postId = r.pathParam("postId");
        Post post = ACTIONS.contains(action) ? posts.find(s, postId).orElse(null) : null;
        if (post == null) {
            return message(404, "Post not found", "This post is not part of this review.");
        }
        String back = f.basePath + "?notice=%s#post-" + post.id;
        Long version = version(f.fields.get("version"));
        if (version == null || f.nonce == null) {
            return redirect(back.formatted("invalid"));
        }
        String eventId = f.nonce + ":" + action + ":" + post.id;
        return once(s, eventId, hash(action, post.id, f.fields), back, () -> {
            String detail = run(s, action, post, version, f.fields);
            record(s, post.id, past(action), detail, eventId);
            return back.formatted(past(action));
        }, action);
    }

    /**
     * {@code POST /review/{token}/campaigns/{campaignId}/approve}: approves each waiting post of the campaign the page
     * showed (form field {@code versions}: {@code post_a:3,post_b:5}) at the version shown; a post changed since is
     * left alone and counted. 303 back with how many were approved and how many had changed.
     */
    public ApiResponse approveAll(ApiRequest r, LinkCheck check) {
        Form f = form(r, check);
        if (f.refusal != null) {
            return f.refusal;
        }
        ReviewSession s = f.session;
        String campaignId = r.pathParam("campaignId");
        if (!s.covers(campaignId)) {
            return message(404, "Campaign not found", "This campaign is not part of this review.");
        }
        Map<String, Long> versions = versions(f.fields.get("versions"));
        if (versions == null || f.nonce == null) {
            return redirect(f.basePath + "?notice=invalid#campaigns");
        }
        String eventId = f.nonce + ":approve-all:" + campaignId;
        return once(s, eventId, hash("approve-all", campaignId, f.fields), f.basePath + "?notice=%s#campaigns", () -> {
            int approved = 0;
            int changed = 0;
            for (Map.Entry<String, Long> e : versions.entrySet()) {
                Post p = posts.find(s, e.getKey()).orElse(null);
                if (p == null || !campaignId.equals(p.campaignId())) {
                    continue; // not this campaign's (or not this link's): never touched, never counted
                }
                try {
                    approvals.clientApprove(s.principal(), s.tenantId(), p.id, e.getValue());
                    approved++;
                    record(s, p.id, "approved_all", "approve all of campaign " + campaignId, eventId + ":" + p.id);
                } catch (ApiException x) {
                    if (x.status() != 409 && x.status() != 404) {
                        throw x;
                    }
                    changed++;
                }
            }
            return f.basePath + "?notice=approved-all&approved=" + approved + "&changed=" + changed + "#campaigns";
        }, "approve");
    }

    /** An HTML page for a failure outside the routes' own answers (a malformed request, an unexpected refusal). */
    public ApiResponse failure(ApiException e) {
        return switch (e.status()) {
            case 413 -> message(413, "Too large", "This form is too large to send.");
            case 415 -> message(415, "Not a form", "This address takes the review page's forms only.");
            case 404 -> message(404, "Not found", "This page does not exist.");
            case 405 -> message(405, "Not allowed", "This page cannot be used that way.");
            case 429 -> message(429, "Too many requests", "Too many requests from this browser. Wait a minute and reload.");
            case 400, 422 -> message(400, "Form not accepted", "This form could not be read. Reload the review page and try again.");
            default -> e.status() >= 500 ? message(503, "Try again", "Something is busy on our side. Please try again in a minute.")
                    : message(e.status(), "Not accepted", "This request could not be accepted.");
        };
    }

    // ------------------------------------------------------------------ actions

    /** Runs one action as the link's client; answers the detail recorded with it (bounded). */
    private String run(ReviewSession s, String action, Post p, Long version, Map<String, String> fields) {
        Principal who = s.principal();
        String t = s.tenantId();
        switch (action) {
            case "approve" -> {
                approvals.clientApprove(who, t, p.id, version);
                return null;
            }
            case "reject" -> {
                String reason = fields.getOrDefault("reason", "").strip();
                approvals.clientReject(who, t, p.id, Json.object().put("reason", reason), version);
                return cut(reason);
            }
            case "comment" -> {
                if (!ReviewCards.visible(p) || !ReviewCards.actions(p.status, true).contains("comment")) {
                    throw new ApiException(com.socialwire.shared.http.ErrorCode.INVALID_TRANSITION, "not on the page any more");
                }
                ObjectNode body = Json.object().put("text", fields.getOrDefault("text", "").strip());
                ObjectNode anchor = anchor(fields);
                if (anchor != null) {
                    body.set("anchor", anchor);
                }
                comments.addComment(who, t, p.id, body);
                return cut(body.path("text").asText());
            }
            case "reschedule" -> {
                Instant when = localTime(fields.get("scheduledFor"), zone(t));
                publishing.reschedule(who, t, p.id, Json.object().put("scheduledFor", when.toString()), version);
                return when.toString();
            }
            case "publish" -> {
                publishing.publishNow(who, t, p.id, version);
                return null;
            }
            default -> throw new IllegalArgumentException(action);
        }
    }

    /** A comment's anchor from the form's hidden fields: a text range, or a point of an image; null for none. */
    static ObjectNode anchor(Map<String, String> f) {
        String type = f.getOrDefault("anchorType", "");
        if (type.equals("text") && !f.getOrDefault("anchorText", "").isBlank()) {
            String text = f.get("anchorText");
            ObjectNode a = Json.object().put("type", "text").put("text", text);
            Long offset = version(f.get("anchorOffset"));
            a.put("offset", offset == null ? 0 : Math.min(offset, 1_000_000L));
            if (text.length() <= com.socialwire.posts.model.PostLimits.TEXT) {
                a.put("length", text.length());
            }
            return a;
        }
        if (type.equals("image") && Ids.looksLike("med", f.getOrDefault("anchorMediaId", ""))) {
            ObjectNode a = Json.object().put("type", "image").put("mediaId", f.get("anchorMediaId"));
            Double x = fraction(f.get("anchorX"));
            Double y = fraction(f.get("anchorY"));
            if (x != null && y != null) {
                a.put("x", x).put("y", y);
            }
            return a;
        }
        return null;
    }

    /** A fraction 0..1 as the page's script writes it, else null. */
    static Double fraction(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 12) {
            return null;
        }
        try {
            double d = Double.parseDouble(raw);
            return d >= 0 && d <= 1 ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A datetime-local value ({@code 2026-12-24T09:30}, seconds optional) in the tenant's zone, as an instant (400 else). */
    static Instant localTime(String raw, ZoneId zone) {
        if (raw == null || raw.length() < 16 || raw.length() > 19) {
            throw ApiException.validation("scheduledFor is a date and time", Map.of());
        }
        try {
            return LocalDateTime.parse(raw).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.validation("scheduledFor is a date and time", Map.of());
        }
    }

    private ZoneId zone(String tenantId) {
        return tenants.get(tenantId).map(ReviewPosts::zone).orElse(ZoneOffset.UTC);
    }

    /**
     * Records what the approver did. The action is done whatever happens here: a failed record is logged, never
     * turned into an error page that would invite the approver to do it again.
     */
    private void record(ReviewSession s, String postId, String action, String detail, String eventId) {
        try {
            activity.record(s, postId, action, detail, eventId);
        } catch (RuntimeException e) {
            LOG.error("review activity {} of {} not recorded: {}", action, s, e.getClass().getSimpleName());
        }
    }

    static String past(String action) {
        return switch (action) {
            case "approve" -> "approved";
            case "reject" -> "rejected";
            case "comment" -> "commented";
            case "reschedule" -> "rescheduled";
            case "publish" -> "published";
            default -> action;
        };
    }

    private static String cut(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    // ------------------------------------------------------------------ once per nonce

    /** What a successful action answers: the location to send the browser to. */
    @FunctionalInterface
    private interface Action {
        String run();
    }

    /**
     * Runs {@code work} once per {@code eventId} (the form's nonce, action and target): a repeated post answers the
     * first one's redirect. A failed action frees the nonce and answers its notice (a stale version: "changed").
     */
    private ApiResponse once(ReviewSession s, String eventId, String payloadHash, String back, Action work, String action) {
        String scope = "review/" + s.linkId();
        String key = Hashing.sha256Hex(eventId);
        IdempotencyStore.Claim claim = idempotency.claim(scope, key, payloadHash, IN_PROGRESS, KEEP);
        if (claim instanceof IdempotencyStore.Claim.Completed done) {
            return redirect(done.result());
        }
        if (claim instanceof IdempotencyStore.Claim.InProgress) {
            return redirect(back.formatted("busy"));
        }
        if (claim instanceof IdempotencyStore.Claim.Mismatch) {
            return redirect(back.formatted("resent"));
        }
        String location;
        try {
            location = work.run();
        } catch (ApiException e) {
            idempotency.release(scope, key);
            return redirect(back.formatted(ReviewNotices.forFailure(action, e)));
        } catch (RuntimeException e) {
            idempotency.release(scope, key);
            throw e;
        }
        try {
            idempotency.complete(scope, key, location);
        } catch (RuntimeException e) { // the action is done; a repeat within IN_PROGRESS says "busy", later it is refused by version
            LOG.warn("review action done but not recorded as done: {}",
                    e.getClass().getSimpleName());
        }
        return redirect(location);
    }

    private static String hash(String action, String target, Map<String, String> fields) {
        StringBuilder b = new StringBuilder(action).append('\n').append(target);
        fields.entrySet().stream().filter(e -> !e.getKey().equals("csrf")).sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append('\n').append(e.getKey()).append('=').append(e.getValue()));
        return Hashing.sha256Hex(b.toString());
    }

    // ------------------------------------------------------------------ the checks every form post passes

    /** A form post's link, fields and nonce once every check passed, or the page that refuses it. */
    private record Form(ReviewSession session, String basePath, Map<String, String> fields, String nonce, ApiResponse refusal) {
        static Form refused(ApiResponse page) {
            return new Form(null, null, null, null, page);
        }
    }

    /** The link (404/410 page), same-site origin, form body (413/415/400) and CSRF pair (403 page), in that order. */
    private Form form(ApiRequest r, LinkCheck check) {
        if (!(check instanceof LinkCheck.Valid valid)) {
            return Form.refused(refused(check));
        }
        ReviewSession s = valid.session();
        if (live(s) == null) { // the brand was deleted since the link was made: its links open nothing and change nothing
            return Form.refused(refused(new LinkCheck.Unknown()));
        }
        if (!Csrf.sameSite(r.header("origin").orElse(null), r.header("sec-fetch-site").orElse(null), ownOrigin(r))) {
            return Form.refused(forbidden());
        }
        Map<String, String> fields;
        try {
            fields = Forms.parse(r.header("content-type").orElse(null), r.body());
        } catch (ApiException e) {
            return Form.refused(failure(e));
        }
        if (!csrf.accepts(s.tokenHash(), Csrf.cookie(r.header("cookie").orElse(null)), fields.get("csrf"))) {
            return Form.refused(forbidden());
        }
        String nonce = fields.get("nonce");
        boolean nonceOk = nonce != null && !nonce.isEmpty() && nonce.length() <= 64
                && nonce.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
        return new Form(s, "/review/" + r.pathParam("token"), fields, nonceOk ? nonce : null, null);
    }

    /** The link's tenant while it is not deleted (status inactive), else null: a deleted brand's links are not valid. */
    private Tenant live(ReviewSession s) {
        Tenant tenant = tenants.get(s.tenantId()).orElse(null);
        return tenant == null || "inactive".equals(tenant.status()) ? null : tenant;
    }

    private ApiResponse forbidden() {
        return message(403, "Form not accepted",
                "This form could not be accepted. Open the review link again from your e-mail and try once more.");
    }

    /** The page of a link that is not live: expired or revoked (410), or not one we made (404). Nothing of the tenant. */
    private ApiResponse refused(LinkCheck check) {
        if (check instanceof LinkCheck.Expired) {
            return message(410, "Review link expired", "This review link has expired — ask your agency for a new one");
        }
        if (check instanceof LinkCheck.Revoked) {
            return message(410, "Review link withdrawn", "This review link has been withdrawn — ask your agency for a new one");
        }
        return message(404, "Review link not valid", "This review link is not valid");
    }

    private ApiResponse message(int status, String title, String text) {
        return html(page.message(status, title, text));
    }

    private static ApiResponse html(Html h) {
        return secured(new ApiResponse(h.status(), Map.of("content-type", "text/html; charset=utf-8"), new ApiResponse.Text(h.body())),
                h.contentSecurityPolicy());
    }

    private static ApiResponse redirect(String location) {
        return secured(new ApiResponse(303, Map.of("location", location), null), BARE_CSP);
    }

    /** The headers every answer of the portal carries. */
    static ApiResponse secured(ApiResponse r, String csp) {
        return r.withHeader("content-security-policy", csp == null ? BARE_CSP : csp)
                .withHeader("cache-control", "no-store")
                .withHeader("referrer-policy", "no-referrer")
                .withHeader("x-content-type-options", "nosniff")
                .withHeader("x-frame-options", "DENY");
    }

    /** Whether the browser reached the page over https: API Gateway always says so; a local gateway that does not is http. */
    private static boolean secure(ApiRequest r) {
        return "https".equalsIgnoreCase(r.header("x-forwarded-proto").orElse("http").strip());
    }

    /** {@code scheme://host} of the request as the browser addressed it. */
    static String ownOrigin(ApiRequest r) {
        String host = r.header("host").orElse(null);
        return host == null ? null : (secure(r) ? "https" : "http") + "://" + host.strip();
    }

    /** A version as a form carries it: digits only (at most 18), else null. */
    static Long version(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(raw);
    }

    /** Approve-all's {@code post_a:3,post_b:5}: at most {@link #MAX_APPROVE_ALL} posts, each a post id and a version; null if malformed. */
    static Map<String, Long> versions(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String part : raw.split(",", -1)) {
            int colon = part.indexOf(':');
            String id = colon < 0 ? "" : part.substring(0, colon).strip();
            Long v = colon < 0 ? null : version(part.substring(colon + 1).strip());
            if (!Ids.looksLike("post", id) || v == null || out.size() >= MAX_APPROVE_ALL) {
                return null;
            }
            out.put(id, v);
        }
        return out;
    }

}
