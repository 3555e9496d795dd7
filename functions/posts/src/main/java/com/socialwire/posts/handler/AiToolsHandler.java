package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.studio.ai.AiTools;
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
 * AiToolsFunction: the content studio's synchronous AI tools — {@code ai/generate}, {@code ai/hashtags},
 * {@code ai/repurpose} (staff keys), {@code ai/best-time} and {@code x/reply-suggestions} (any key of the tenant) —
 * all under the AI rate limit ({@value PostsHandler#AI_PER_MINUTE}/min per key).
 */
public final class AiToolsHandler implements HttpFunction, HttpApi.Actions<AiToolsHandler.Action> {

    static final String TENANT = "/v1/tenants/{tenantId}";

    /** What the routes do, one action each. */
    enum Action { GENERATE, HASHTAGS, REPURPOSE, BEST_TIME, REPLY_SUGGESTIONS }

    /** The tools, built by the first request: the model client and the ledger are not needed to route or refuse one. */
    private final Lazy<AiTools> tools;
    private final HttpApi api;

    public AiToolsHandler() {
        this(Posts.fromEnvironment());
    }

    private AiToolsHandler(Posts p) {
        this(Lazy.of(p::aiTools), p.gate());
    }

    public AiToolsHandler(Lazy<AiTools> tools, Gate gate) {
        this.tools = tools;
        if (Priming.active()) {
            Priming.register("ai tools", tools::get); // a SnapStart snapshot holds them: built before it, not after a restore
        }
        Access any = Access.anyKey().limitedTo(PostsHandler.AI_PER_MINUTE, "ai");
        Access staff = Access.roles(Role.ADMIN, Role.WRITE).limitedTo(PostsHandler.AI_PER_MINUTE, "ai");
        this.api = HttpApi.builder(gate, this)
                .route("POST", TENANT + "/ai/generate", staff, Action.GENERATE)
                .route("POST", TENANT + "/ai/hashtags", staff, Action.HASHTAGS)
                .route("POST", TENANT + "/ai/repurpose", staff, Action.REPURPOSE)
                .route("GET", TENANT + "/ai/best-time", any, Action.BEST_TIME)
                // a GET that spends credits (one model call): staff keys only, as every other paid tool
                .route("GET", TENANT + "/x/reply-suggestions", staff, Action.REPLY_SUGGESTIONS)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        String tenantId = r.pathParam("tenantId");
        return switch (action) {
            case GENERATE -> ApiResponse.ok(tools.get().generate(tenantId, r.jsonObject()));
            case HASHTAGS -> ApiResponse.ok(tools.get().hashtags(tenantId, r.jsonObject()));
            case REPURPOSE -> ApiResponse.ok(tools.get().repurpose(tenantId, r.jsonObject()));
            case BEST_TIME -> ApiResponse.ok(tools.get().bestTime(tenantId, r.query("platform").orElse(null)));
            case REPLY_SUGGESTIONS -> ApiResponse.ok(tools.get().replySuggestions(tenantId));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
