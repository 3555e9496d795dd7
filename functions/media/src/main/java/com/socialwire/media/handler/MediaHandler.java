package com.socialwire.media.handler;

import com.socialwire.media.Media;
import com.socialwire.media.service.MediaService;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

/**
 * MediaFunction: a tenant's media library. Admin and write keys request uploads, register external
 * URLs and delete; any key of the account reads (a client key only its own tenants').
 */
public final class MediaHandler implements HttpFunction, HttpApi.Actions<MediaHandler.Action> {

    /** What the routes do, one action each. */
    enum Action { REQUEST_UPLOAD, LIST, REGISTER, GET, DELETE }

    private final MediaService media;
    private final HttpApi api;

    public MediaHandler() {
        this(Media.fromEnvironment());
    }

    private MediaHandler(Media m) {
        this(m.service(), m.gate());
    }

    public MediaHandler(MediaService media, Gate gate) {
        this.media = media;
        Access work = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate, this)
                .route("POST", "/v1/tenants/{tenantId}/media/uploads", work, Action.REQUEST_UPLOAD)
                .route("GET", "/v1/tenants/{tenantId}/media", Access.anyKey(), Action.LIST)
                .route("POST", "/v1/tenants/{tenantId}/media", work, Action.REGISTER)
                .route("GET", "/v1/tenants/{tenantId}/media/{mediaId}", Access.anyKey(), Action.GET)
                .route("DELETE", "/v1/tenants/{tenantId}/media/{mediaId}", work, Action.DELETE)
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
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
