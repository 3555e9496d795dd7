package com.socialwire.media.handler;

import com.socialwire.media.Media;
import com.socialwire.media.service.AiImageService;
import com.socialwire.media.service.MediaService;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.snapstart.Priming;

import java.util.function.Supplier;

/**
 * MediaFunction: a tenant's media library. Admin and write keys request uploads, register external
 * URLs, generate AI images into the library (AI rate limit) and delete; any key of the account reads
 * (a client key only its own tenants').
 */
public final class MediaHandler implements HttpFunction, HttpApi.Actions<MediaHandler.Action> {

    static final int AI_PER_MINUTE = 20;

    /** What the routes do, one action each. */
    enum Action { REQUEST_UPLOAD, LIST, REGISTER, GET, DELETE, AI_IMAGE, AI_IMAGE_TEMPLATES }

    private final MediaService media;
    /** The image provider and metering, built by the first AI image request: most first requests are the library's. */
    private final Lazy<AiImageService> aiImages;
    private final HttpApi api;

    public MediaHandler() {
        this(Media.fromEnvironment());
    }

    private MediaHandler(Media m) {
        this(m, m.service());
    }

    private MediaHandler(Media m, MediaService media) {
        this(media, Lazy.of(new Supplier<AiImageService>() { // a class, not a lambda: no LambdaMetafactory at a cold start
            @Override
            public AiImageService get() {
                return m.aiImages(media);
            }
        }), m.gate());
    }

    public MediaHandler(MediaService media, Lazy<AiImageService> aiImages, Gate gate) {
        this.media = media;
        this.aiImages = aiImages;
        if (Priming.active()) {
            Priming.register("media AI images", aiImages::get); // a SnapStart snapshot holds it: built before it, not after a restore
        }
        Access work = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate, this)
                .route("POST", "/v1/tenants/{tenantId}/media/uploads", work, Action.REQUEST_UPLOAD)
                .route("GET", "/v1/tenants/{tenantId}/media", Access.anyKey(), Action.LIST)
                .route("POST", "/v1/tenants/{tenantId}/media", work, Action.REGISTER)
                .route("GET", "/v1/tenants/{tenantId}/media/{mediaId}", Access.anyKey(), Action.GET)
                .route("DELETE", "/v1/tenants/{tenantId}/media/{mediaId}", work, Action.DELETE)
                .route("POST", "/v1/tenants/{tenantId}/ai/image", work.limitedTo(AI_PER_MINUTE, "ai"), Action.AI_IMAGE)
                .route("GET", "/v1/tenants/{tenantId}/ai/image-templates", Access.anyKey(), Action.AI_IMAGE_TEMPLATES)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case REQUEST_UPLOAD -> ApiResponse.created(media.requestUpload(r.pathParam("tenantId"), r.jsonObject()));
            case LIST -> ApiResponse.ok(media.list(r.pathParam("tenantId"), r.query("status").orElse(null), r.query("type").orElse(null),
                    r.limit(), r.cursor()));
            case REGISTER -> ApiResponse.created(media.register(r.pathParam("tenantId"), r.jsonObject()));
            case GET -> ApiResponse.ok(media.get(r.pathParam("tenantId"), r.pathParam("mediaId")));
            case DELETE -> {
                media.delete(r.pathParam("tenantId"), r.pathParam("mediaId"));
                yield ApiResponse.noContent();
            }
            case AI_IMAGE -> ApiResponse.created(aiImages.get().generate(r.principal(), r.pathParam("tenantId"), r.jsonObject(),
                    r.header("idempotency-key")));
            case AI_IMAGE_TEMPLATES -> ApiResponse.ok(AiImageService.templates());
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
