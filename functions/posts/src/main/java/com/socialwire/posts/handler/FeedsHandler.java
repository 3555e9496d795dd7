package com.socialwire.posts.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.Posts;
import com.socialwire.posts.studio.rss.Feed;
import com.socialwire.posts.studio.rss.FeedService;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.snapstart.Priming;

/**
 * FeedsFunction: a tenant's RSS/Atom feeds — {@code GET/POST /v1/tenants/{tenantId}/rss-feeds},
 * {@code GET/PATCH/DELETE .../rss-feeds/{feedId}}, {@code POST .../rss-feeds/{feedId}} {@code {action: check|pause|resume}}
 * and {@code POST .../rss-feeds/{feedId}/check} (the same check). Staff keys (admin, write) change feeds and act on
 * them; admin, write and read keys read them.
 */
public final class FeedsHandler implements HttpFunction, HttpApi.Actions<FeedsHandler.Action> {

    static final String FEEDS = "/v1/tenants/{tenantId}/rss-feeds";
    static final String FEED = FEEDS + "/{feedId}";

    /** What the routes do, one action each. */
    enum Action { LIST, CREATE, GET, UPDATE, DELETE, ACT, CHECK }

    /** Built by the first request: the feed reader (Rome, the HTTP client) is not needed to route it. */
    private final Lazy<FeedService> feeds;
    private final HttpApi api;

    public FeedsHandler() {
        this(Posts.fromEnvironment());
    }

    private FeedsHandler(Posts p) {
        this(p.feedService(), p.gate());
    }

    public FeedsHandler(Lazy<FeedService> feeds, Gate gate) {
        this.feeds = feeds;
        if (Priming.active()) {
            Priming.register("feed service", feeds::get);
        }
        Access read = Access.roles(Role.ADMIN, Role.WRITE, Role.READ);
        Access staff = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate, this)
                .route("GET", FEEDS, read, Action.LIST)
                .route("POST", FEEDS, staff, Action.CREATE)
                .route("GET", FEED, read, Action.GET)
                .route("PATCH", FEED, staff, Action.UPDATE)
                .route("DELETE", FEED, staff, Action.DELETE)
                .route("POST", FEED, staff, Action.ACT)
                .route("POST", FEED + "/check", staff, Action.CHECK)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        String tenantId = r.pathParam("tenantId");
        return switch (action) {
            case LIST -> ApiResponse.ok(feeds.get().list(tenantId, r.limit(), r.cursor()).map(Feed::toJson));
            case CREATE -> ApiResponse.created(feeds.get().create(tenantId, r.jsonObject()).toJson());
            case GET -> ApiResponse.ok(feeds.get().get(tenantId, r.pathParam("feedId")).toJson());
            case UPDATE -> ApiResponse.ok(feeds.get().update(tenantId, r.pathParam("feedId"), r.jsonObject()).toJson());
            case DELETE -> {
                feeds.get().delete(tenantId, r.pathParam("feedId"));
                yield ApiResponse.noContent();
            }
            case ACT -> acted(feeds.get().act(tenantId, r.pathParam("feedId"), FeedService.action(body(r))));
            case CHECK -> acted(feeds.get().act(tenantId, r.pathParam("feedId"), "check"));
        };
    }

    /** An action's body; none at all is {@code {}} (the seed's "omitting action checks"). */
    private static ObjectNode body(ApiRequest r) {
        return r.body() == null || r.body().length == 0 ? com.socialwire.shared.Json.object() : r.jsonObject();
    }

    private static ApiResponse acted(FeedService.Acted a) {
        ObjectNode out = a.feed().toJson();
        if (a.outcome() != null) {
            out.set("check", a.outcome().toJson());
        }
        return ApiResponse.ok(out);
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
