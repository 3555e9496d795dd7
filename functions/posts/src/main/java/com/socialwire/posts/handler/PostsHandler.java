package com.socialwire.posts.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.platform.PublishingQuotas;
import com.socialwire.posts.service.BulkImporter;
import com.socialwire.posts.service.CampaignScheduler;
import com.socialwire.posts.service.ApprovalService;
import com.socialwire.posts.service.PendingApprovals;
import com.socialwire.posts.service.PostService;
import com.socialwire.posts.service.PublishingService;
import com.socialwire.posts.service.RegenerationService;
import com.socialwire.posts.service.ReviewComments;
import com.socialwire.shared.Json;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.snapstart.Priming;

import java.time.Clock;
import java.util.Map;

/**
 * PostsFunction: a tenant's posts and their approval workflow, scheduling, publish now, review
 * comments, the vault and download bundle, campaign bulk scheduling, bulk import, and the platform
 * registry. Staff keys (admin, write) create and move posts; client keys (restricted to their
 * tenants) read, comment, approve or reject as the client and reschedule approved posts; read
 * keys only read.
 */
public final class PostsHandler implements HttpFunction, HttpApi.Actions<PostsHandler.Action> {

    static final int AI_PER_MINUTE = 20;
    static final int BULK_PER_MINUTE = 10;
    static final String POST = "/v1/tenants/{tenantId}/posts/{postId}";

    /** What the routes do, one action each. */
    enum Action {
        PLATFORMS, PLATFORM, LIST, CREATE, BULK_IMPORT, GET, UPDATE, CANCEL, SUBMIT, QA_APPROVE, QA_REJECT, CLIENT_APPROVE, CLIENT_REJECT,
        REGENERATE, LEGACY_APPROVE, PUBLISH, RESCHEDULE, LIST_COMMENTS, ADD_COMMENT, PICK_UP_COMMENT, DELETE_COMMENT, DOWNLOAD, VAULT,
        SCHEDULE_CAMPAIGN, PENDING, TENANT_PENDING
    }

    private final PostService posts;
    /** The other seams, built by the first request that needs one: most first requests read or edit posts. */
    private final Lazy<Services> more;
    private final Clock clock;
    private final HttpApi api;

    public PostsHandler() {
        this(Posts.fromEnvironment());
    }

    /** The services the routes call besides {@link PostService}, one per seam of the posts context. */
    public record Services(ApprovalService approvals, RegenerationService regeneration, PublishingService publishing,
                           ReviewComments comments, BulkImporter bulk, CampaignScheduler campaigns, PublishingQuotas quotas,
                           PendingApprovals pending) {

        public static Services of(Posts p, PostService posts) {
            return new Services(p.approvals(), p.regeneration(), p.publishing(), p.comments(), p.bulk(posts), p.campaigns(), p.quotas(),
                    p.pendingApprovals());
        }
    }

    private PostsHandler(Posts p) {
        this(p, p.service());
    }

    private PostsHandler(Posts p, PostService posts) {
        this(posts, Lazy.of(() -> Services.of(p, posts)), p.gate(), p.clock);
    }

    public PostsHandler(PostService posts, Lazy<Services> more, Gate gate, Clock clock) {
        this.posts = posts;
        this.more = more;
        this.clock = clock;
        if (Priming.active()) {
            Priming.register("posts services", more::get); // a SnapStart snapshot holds them: built before it, not after a restore
        }
        Access any = Access.anyKey();
        Access staff = Access.roles(Role.ADMIN, Role.WRITE);
        Access client = Access.roles(Role.ADMIN, Role.WRITE, Role.CLIENT);
        this.api = HttpApi.builder(gate, this)
                .route("GET", "/v1/platforms", any, Action.PLATFORMS)
                .route("GET", "/v1/platforms/{platform}", any, Action.PLATFORM)
                .route("GET", "/v1/tenants/{tenantId}/posts", any, Action.LIST)
                .route("POST", "/v1/tenants/{tenantId}/posts", staff, Action.CREATE)
                .route("POST", "/v1/tenants/{tenantId}/posts/bulk", staff.limitedTo(BULK_PER_MINUTE, "bulk"), Action.BULK_IMPORT)
                // a literal segment outranks {postId} (PathTemplate.rank, as API Gateway): never read as a post id
                .route("GET", "/v1/tenants/{tenantId}/posts/pending", any, Action.TENANT_PENDING)
                .route("GET", "/v1/posts/pending", any, Action.PENDING)
                .route("GET", POST, any, Action.GET)
                .route("PUT", POST, staff, Action.UPDATE)
                .route("DELETE", POST, staff, Action.CANCEL)
                .route("POST", POST + "/submit", staff, Action.SUBMIT)
                .route("POST", POST + "/qa-approve", staff, Action.QA_APPROVE)
                .route("POST", POST + "/qa-reject", staff, Action.QA_REJECT)
                .route("POST", POST + "/client-approve", client, Action.CLIENT_APPROVE)
                .route("POST", POST + "/client-reject", client, Action.CLIENT_REJECT)
                .route("POST", POST + "/regenerate", staff.limitedTo(AI_PER_MINUTE, "ai"), Action.REGENERATE)
                .route("POST", POST + "/approve", Access.roles(Role.ADMIN, Role.CLIENT), Action.LEGACY_APPROVE)
                .route("POST", POST + "/publish", client, Action.PUBLISH) // a client: only a post approved for publishing
                .route("POST", POST + "/reschedule", client, Action.RESCHEDULE)
                .route("GET", POST + "/comments", any, Action.LIST_COMMENTS)
                .route("POST", POST + "/comments", client, Action.ADD_COMMENT)
                .route("PATCH", POST + "/comments/{commentId}", staff, Action.PICK_UP_COMMENT)
                .route("DELETE", POST + "/comments/{commentId}", client, Action.DELETE_COMMENT)
                .route("GET", POST + "/download", any, Action.DOWNLOAD)
                .route("GET", "/v1/tenants/{tenantId}/vault", any, Action.VAULT)
                .route("POST", "/v1/tenants/{tenantId}/campaigns/{campaignId}/schedule", staff, Action.SCHEDULE_CAMPAIGN)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case PLATFORMS -> {
                ArrayNode items = Json.array();
                for (Platform p : Platforms.all()) {
                    items.add(more.get().quotas().describe(p));
                }
                yield ApiResponse.ok(Map.of("items", items, "nextCursor", NullNode.getInstance()));
            }
            case PLATFORM -> ApiResponse.ok(more.get().quotas().describe(Platforms.require(r.pathParam("platform"))));
            case LIST -> ApiResponse.ok(posts.list(t(r), r.query("status").orElse(null), r.query("platform").orElse(null),
                    r.query("from").orElse(null), r.query("to").orElse(null), r.query("campaignId").orElse(null), r.limit(), r.cursor()).map(Post::toJson));
            case CREATE -> ApiResponse.created(posts.create(r.principal(), t(r), postBody(r)).toJson());
            case BULK_IMPORT -> ApiResponse.ok(more.get().bulk().importPosts(r.principal(), t(r), r));
            case GET -> ok(posts.get(t(r), id(r)));
            case UPDATE -> ok(posts.update(r.principal(), t(r), id(r), postBody(r)));
            case CANCEL -> ok(posts.cancel(r.principal(), t(r), id(r)));
            case SUBMIT -> ok(more.get().approvals().submit(r.principal(), t(r), id(r)));
            case QA_APPROVE -> ok(more.get().approvals().qaApprove(r.principal(), t(r), id(r)));
            case QA_REJECT -> ok(more.get().approvals().qaReject(r.principal(), t(r), id(r), r.jsonObject()));
            case CLIENT_APPROVE -> ok(more.get().approvals().clientApprove(r.principal(), t(r), id(r), ifMatch(r)));
            case CLIENT_REJECT -> ok(more.get().approvals().clientReject(r.principal(), t(r), id(r), r.jsonObject(), ifMatch(r)));
            case REGENERATE -> ApiResponse.ok(more.get().regeneration().regenerate(r.principal(), t(r), id(r)));
            case LEGACY_APPROVE -> ok(more.get().approvals().legacyApprove(r.principal(), t(r), id(r), r.jsonObject()));
            case PUBLISH -> new ApiResponse(202, Map.of(), more.get().publishing().publishNow(r.principal(), t(r), id(r), ifMatch(r)));
            case RESCHEDULE -> ok(more.get().publishing().reschedule(r.principal(), t(r), id(r), r.jsonObject(), ifMatch(r)));
            case LIST_COMMENTS -> ApiResponse.ok(more.get().comments().listComments(t(r), id(r), r.limit(), r.cursor()));
            case ADD_COMMENT -> ApiResponse.created(more.get().comments().addComment(r.principal(), t(r), id(r), r.jsonObject()));
            case PICK_UP_COMMENT -> ApiResponse.ok(more.get().comments().pickUpComment(t(r), id(r), r.pathParam("commentId"), r.jsonObject()));
            case DELETE_COMMENT -> {
                more.get().comments().deleteComment(r.principal(), t(r), id(r), r.pathParam("commentId"));
                yield ApiResponse.noContent();
            }
            case DOWNLOAD -> ApiResponse.ok(posts.download(t(r), id(r)))
                    .withHeader("content-disposition", "attachment; filename=\"post-" + id(r) + ".json\"");
            case VAULT -> ApiResponse.ok(posts.vault(t(r), r.query("platform").orElse(null), r.query("label").orElse(null),
                    r.query("deliveryMode").orElse(null), r.query("from").orElse(null), r.query("to").orElse(null), r.limit(), r.cursor()).map(Post::toJson));
            case PENDING -> ApiResponse.ok(more.get().pending().forKey(r.principal(), r.limit(), r.cursor()));
            case TENANT_PENDING -> ApiResponse.ok(more.get().pending().forTenant(r.principal(), t(r), r.limit(), r.cursor()));
            case SCHEDULE_CAMPAIGN -> ApiResponse.ok(more.get().campaigns().schedule(r.principal(), t(r), r.pathParam("campaignId"), r.jsonObject(),
                    clock.instant()));
        };
    }

    /** One post's body: over {@value PostLimits#BODY_BYTES} bytes is 413, whatever it holds. */
    private static ObjectNode postBody(ApiRequest r) {
        int size = r.body() == null ? 0 : r.body().length;
        if (size > PostLimits.BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, 413, "a post's request body is at most " + PostLimits.BODY_BYTES + " bytes",
                    Map.of("sizeBytes", size, "maxBytes", PostLimits.BODY_BYTES), Map.of());
        }
        return r.jsonObject();
    }

    /**
     * The post version an {@code If-Match} header asks for ({@code 7}, {@code "7"} or {@code W/"7"}: the post's
     * {@code version}), or null without one; anything else is 400.
     */
    static Long ifMatch(ApiRequest r) {
        String raw = r.header("if-match").map(String::strip).orElse(null);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String v = raw.startsWith("W/") ? raw.substring(2) : raw;
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.validation("If-Match must be the post's version, e.g. If-Match: \"3\"", Map.of("If-Match", raw.length() > 40
                    ? raw.substring(0, 40) : raw));
        }
        return Long.parseLong(v);
    }

    private static String t(ApiRequest r) {
        return r.pathParam("tenantId");
    }

    private static String id(ApiRequest r) {
        return r.pathParam("postId");
    }

    private static ApiResponse ok(Post p) {
        return ApiResponse.ok(p.toJson());
    }

    @Override
    public HttpApi api() {
        return api;
    }

    static Platform platform(String name) {
        return Platforms.require(name);
    }
}
