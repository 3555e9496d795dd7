package com.socialwire.media.handler;

import com.socialwire.media.Media;
import com.socialwire.media.service.MediaService;
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
public final class MediaHandler implements HttpFunction {

    private final HttpApi api;

    public MediaHandler() {
        this(Media.fromEnvironment());
    }

    private MediaHandler(Media m) {
        this(m.service(), m.gate());
    }

    public MediaHandler(MediaService media, Gate gate) {
        Access work = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate)
                .route("POST", "/v1/tenants/{tenantId}/media/uploads", work,
                        r -> ApiResponse.created(media.requestUpload(r.pathParam("tenantId"), r.jsonObject())))
                .route("GET", "/v1/tenants/{tenantId}/media", Access.anyKey(), r -> ApiResponse.ok(media.list(r.pathParam("tenantId"),
                        r.query("status").orElse(null), r.query("type").orElse(null), r.limit(), r.cursor())))
                .route("POST", "/v1/tenants/{tenantId}/media", work,
                        r -> ApiResponse.created(media.register(r.pathParam("tenantId"), r.jsonObject())))
                .route("GET", "/v1/tenants/{tenantId}/media/{mediaId}", Access.anyKey(),
                        r -> ApiResponse.ok(media.get(r.pathParam("tenantId"), r.pathParam("mediaId"))))
                .route("DELETE", "/v1/tenants/{tenantId}/media/{mediaId}", work, r -> {
                    media.delete(r.pathParam("tenantId"), r.pathParam("mediaId"));
                    return ApiResponse.noContent();
                })
                .build();
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
