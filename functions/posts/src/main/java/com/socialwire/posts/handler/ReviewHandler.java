package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.review.ReviewActivity;
import com.socialwire.posts.review.ReviewLinks;
import com.socialwire.posts.review.ReviewPortal;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReviewFunction: the client review portal. Agency keys make, list and revoke a tenant's review links and read what
 * approvers did (JSON, SPEC §4); the approver's browser, holding only the link's token, gets the review page, its
 * media previews and its form posts — public routes that answer HTML pages and 303s, never the JSON envelope.
 */
public final class ReviewHandler implements HttpFunction, HttpApi.Actions<ReviewHandler.Action> {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewHandler.class);

    static final String LINKS = "/v1/tenants/{tenantId}/review-links";
    static final String PAGE = "/review/{token}";

    enum Action { CREATE_LINK, LIST_LINKS, REVOKE_LINK, ACTIVITY, PAGE, MEDIA, POST_ACTION, APPROVE_ALL }

    /** What the routes call: the links, the activity log, the portal, and the public base of the links' urls (null: the request's). */
    public record Services(ReviewLinks links, ReviewActivity activity, ReviewPortal portal, String reviewBaseUrl) {

        public static Services of(Posts p) {
            return new Services(p.reviewLinks(), p.reviewActivity(), p.reviewPortal(), p.reviewBaseUrl());
        }
    }

    private final Lazy<Services> services;
    private final HttpApi api;

    public ReviewHandler() {
        this(Posts.fromEnvironment());
    }

    private ReviewHandler(Posts p) {
        this(Lazy.of(() -> Services.of(p)), p.gate());
    }

    public ReviewHandler(Lazy<Services> services, Gate gate) {
        this.services = services;
        Access manage = Access.roles(Role.ADMIN, Role.WRITE);
        Access staff = Access.roles(Role.ADMIN, Role.WRITE, Role.READ); // never a client key: links are the agency's
        // the token is the credential; the address's rate limit is counted by the portal, which answers it as a page
        Access page = Access.PUBLIC;
        this.api = HttpApi.builder(gate, this)
                .secretRoute("POST", LINKS, manage, Action.CREATE_LINK, "url") // the token rides in the url: never kept for a replay
                .route("GET", LINKS, staff, Action.LIST_LINKS)
                .route("DELETE", LINKS + "/{linkId}", manage, Action.REVOKE_LINK)
                .route("GET", "/v1/tenants/{tenantId}/review-activity", staff, Action.ACTIVITY)
                .route("GET", PAGE, page, Action.PAGE)
                .route("GET", PAGE + "/media/{mediaId}", page, Action.MEDIA)
                .route("POST", PAGE + "/posts/{postId}/{action}", page, Action.POST_ACTION)
                .route("POST", PAGE + "/campaigns/{campaignId}/approve", page, Action.APPROVE_ALL)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        Services s = services.get();
        return switch (action) {
            case CREATE_LINK -> ApiResponse.created(s.links().create(r.principal(), t(r), r.jsonObject(), publicBase(s, r)));
            case LIST_LINKS -> ApiResponse.ok(s.links().list(t(r), r.limit(), r.cursor()));
            case REVOKE_LINK -> ApiResponse.ok(s.links().revoke(r.principal(), t(r), r.pathParam("linkId")));
            case ACTIVITY -> ApiResponse.ok(s.activity().list(t(r), r.query("postId").orElse(null), r.query("linkId").orElse(null),
                    r.limit(), r.cursor()));
            case PAGE, MEDIA, POST_ACTION, APPROVE_ALL -> page(s.portal(), action, r);
        };
    }

    /** A page route's answer; any failure becomes an HTML page too (the approver's browser never sees the JSON envelope). */
    private static ApiResponse page(ReviewPortal portal, Action action, ApiRequest r) {
        try {
            return switch (action) {
                case PAGE -> portal.limited(r, portal::page);
                case MEDIA -> portal.limited(r, portal::media);
                case POST_ACTION -> portal.limited(r, portal::act);
                default -> portal.limited(r, portal::approveAll);
            };
        } catch (ApiException e) {
            return portal.failure(e);
        } catch (RuntimeException e) {
            LOG.error("review page failure: {}", e.getClass().getSimpleName(), e);
            return portal.failure(new ApiException(com.socialwire.shared.http.ErrorCode.INTERNAL_ERROR, "internal error"));
        }
    }

    /** Where the links' urls start: REVIEW_BASE_URL, else the scheme and host this request came to. */
    private static String publicBase(Services s, ApiRequest r) {
        if (s.reviewBaseUrl() != null && !s.reviewBaseUrl().isBlank()) {
            return s.reviewBaseUrl();
        }
        String host = r.header("host").orElse("localhost");
        String proto = r.header("x-forwarded-proto").orElse("http").strip(); // API Gateway always sends it
        return ("https".equalsIgnoreCase(proto) ? "https" : "http") + "://" + host.strip();
    }

    private static String t(ApiRequest r) {
        return r.pathParam("tenantId");
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
