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
import com.socialwire.posts.service.PostService;
import com.socialwire.posts.service.PublishingService;
import com.socialwire.posts.service.RegenerationService;
import com.socialwire.posts.service.ReviewComments;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

import java.time.Clock;
import java.util.Map;

/**
 * PostsFunction: a tenant's posts and their approval workflow, scheduling, publish now, review
 * comments, the vault and download bundle, campaign bulk scheduling, bulk import, and the platform
 * registry. Staff keys (admin, write) create and move posts; client keys (restricted to their
 * tenants) read, comment, approve or reject as the client and reschedule approved posts; read
 * keys only read.
 */
public final class PostsHandler implements HttpFunction {

    static final int AI_PER_MINUTE = 20;
    static final int BULK_PER_MINUTE = 10;
    static final String POST = "/v1/tenants/{tenantId}/posts/{postId}";

    private final HttpApi api;

    public PostsHandler() {
        this(Posts.fromEnvironment());
    }

    /** The services the routes call, one per seam of the posts context. */
    public record Services(PostService posts, ApprovalService approvals, RegenerationService regeneration, PublishingService publishing,
                           ReviewComments comments, BulkImporter bulk, CampaignScheduler campaigns, PublishingQuotas quotas) {

        public static Services of(Posts p) {
            PostService posts = p.service();
            return new Services(posts, p.approvals(), p.regeneration(), p.publishing(), p.comments(), p.bulk(posts), p.campaigns(),
                    p.quotas());
        }
    }

    private PostsHandler(Posts p) {
        this(Services.of(p), p.gate(), p.clock);
    }

    public PostsHandler(Services s, Gate gate, Clock clock) {
        PostService posts = s.posts();
        ApprovalService approvals = s.approvals();
        PublishingService publishing = s.publishing();
        ReviewComments comments = s.comments();
        BulkImporter bulk = s.bulk();
        CampaignScheduler campaigns = s.campaigns();
        Access any = Access.anyKey();
        Access staff = Access.roles(Role.ADMIN, Role.WRITE);
        Access client = Access.roles(Role.ADMIN, Role.WRITE, Role.CLIENT);
        this.api = HttpApi.builder(gate)
                .route("GET", "/v1/platforms", any, r -> {
                    ArrayNode items = Json.array();
                    Platforms.all().forEach(p -> items.add(s.quotas().describe(p)));
                    return ApiResponse.ok(Map.of("items", items, "nextCursor", NullNode.getInstance()));
                })
                .route("GET", "/v1/platforms/{platform}", any, r -> ApiResponse.ok(s.quotas().describe(Platforms.require(r.pathParam("platform")))))
                .route("GET", "/v1/tenants/{tenantId}/posts", any, r -> ApiResponse.ok(posts.list(r.pathParam("tenantId"),
                        r.query("status").orElse(null), r.query("platform").orElse(null), r.query("from").orElse(null),
                        r.query("to").orElse(null), r.query("campaignId").orElse(null), r.limit(), r.cursor()).map(Post::toJson)))
                .route("POST", "/v1/tenants/{tenantId}/posts", staff,
                        r -> ApiResponse.created(posts.create(r.principal(), r.pathParam("tenantId"), postBody(r)).toJson()))
                .route("POST", "/v1/tenants/{tenantId}/posts/bulk", staff.limitedTo(BULK_PER_MINUTE, "bulk"),
                        r -> ApiResponse.ok(bulk.importPosts(r.principal(), r.pathParam("tenantId"), r)))
                .route("GET", POST, any, r -> ApiResponse.ok(posts.get(r.pathParam("tenantId"), r.pathParam("postId")).toJson()))
                .route("PUT", POST, staff, r -> ApiResponse.ok(posts.update(r.principal(), r.pathParam("tenantId"), r.pathParam("postId"),
                        postBody(r)).toJson()))
                .route("DELETE", POST, staff, r -> ApiResponse.ok(posts.cancel(r.principal(), r.pathParam("tenantId"), r.pathParam("postId")).toJson()))
                .route("POST", POST + "/submit", staff, r -> ok(approvals.submit(r.principal(), t(r), id(r))))
                .route("POST", POST + "/qa-approve", staff, r -> ok(approvals.qaApprove(r.principal(), t(r), id(r))))
                .route("POST", POST + "/qa-reject", staff, r -> ok(approvals.qaReject(r.principal(), t(r), id(r), r.jsonObject())))
                .route("POST", POST + "/client-approve", client, r -> ok(approvals.clientApprove(r.principal(), t(r), id(r))))
                .route("POST", POST + "/client-reject", client, r -> ok(approvals.clientReject(r.principal(), t(r), id(r), r.jsonObject())))
                .route("POST", POST + "/regenerate", staff.limitedTo(AI_PER_MINUTE, "ai"),
                        r -> ApiResponse.ok(s.regeneration().regenerate(r.principal(), t(r), id(r))))
                .route("POST", POST + "/approve", Access.roles(Role.ADMIN, Role.CLIENT),
                        r -> ok(approvals.legacyApprove(r.principal(), t(r), id(r), r.jsonObject())))
                .route("POST", POST + "/publish", staff, r -> new ApiResponse(202, Map.of(), publishing.publishNow(r.principal(), t(r), id(r))))
                .route("POST", POST + "/reschedule", client, r -> ok(publishing.reschedule(r.principal(), t(r), id(r), r.jsonObject())))
                .route("GET", POST + "/comments", any, r -> ApiResponse.ok(comments.listComments(t(r), id(r), r.limit(), r.cursor())))
                .route("POST", POST + "/comments", client, r -> ApiResponse.created(comments.addComment(r.principal(), t(r), id(r), r.jsonObject())))
                .route("PATCH", POST + "/comments/{commentId}", staff,
                        r -> ApiResponse.ok(comments.pickUpComment(t(r), id(r), r.pathParam("commentId"), r.jsonObject())))
                .route("DELETE", POST + "/comments/{commentId}", client, r -> {
                    comments.deleteComment(r.principal(), t(r), id(r), r.pathParam("commentId"));
                    return ApiResponse.noContent();
                })
                .route("GET", POST + "/download", any, r -> ApiResponse.ok(posts.download(t(r), id(r)))
                        .withHeader("content-disposition", "attachment; filename=\"post-" + id(r) + ".json\""))
                .route("GET", "/v1/tenants/{tenantId}/vault", any, r -> ApiResponse.ok(posts.vault(t(r), r.query("platform").orElse(null),
                        r.query("label").orElse(null), r.query("deliveryMode").orElse(null), r.query("from").orElse(null),
                        r.query("to").orElse(null), r.limit(), r.cursor()).map(Post::toJson)))
                .route("POST", "/v1/tenants/{tenantId}/campaigns/{campaignId}/schedule", staff,
                        r -> ApiResponse.ok(campaigns.schedule(r.principal(), t(r), r.pathParam("campaignId"), r.jsonObject(), clock.instant())))
                .build();
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
