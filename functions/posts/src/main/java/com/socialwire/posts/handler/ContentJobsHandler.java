package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.studio.jobs.ContentJob;
import com.socialwire.posts.studio.jobs.ContentJobService;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

import java.util.Map;

/**
 * ContentJobsFunction: a tenant's content generation jobs (SPEC §5 content, §6). Staff keys create jobs (AI rate limit,
 * 202: the content worker runs them) and cancel them; every key of the tenant reads them and the prompt each was
 * written from. Another tenant's job is 404.
 */
public final class ContentJobsHandler implements HttpFunction, HttpApi.Actions<ContentJobsHandler.Action> {

    static final String JOBS = "/v1/tenants/{tenantId}/content/jobs";
    static final String JOB = JOBS + "/{jobId}";

    /** What the routes do, one action each. */
    enum Action { CREATE, LIST, GET, CANCEL, PROMPT }

    private final ContentJobService jobs;
    private final HttpApi api;

    public ContentJobsHandler() {
        this(Posts.fromEnvironment());
    }

    private ContentJobsHandler(Posts p) {
        this(p.contentJobs(), p.gate());
    }

    public ContentJobsHandler(ContentJobService jobs, Gate gate) {
        this.jobs = jobs;
        Access any = Access.anyKey();
        Access staff = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate, this)
                .route("POST", JOBS, staff.limitedTo(PostsHandler.AI_PER_MINUTE, "ai"), Action.CREATE)
                .route("GET", JOBS, any, Action.LIST)
                .route("GET", JOB, any, Action.GET)
                .route("POST", JOB + "/cancel", staff, Action.CANCEL)
                .route("GET", JOB + "/prompt", any, Action.PROMPT)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        String tenantId = r.pathParam("tenantId");
        return switch (action) {
            case CREATE -> new ApiResponse(202, Map.of(), jobs.create(r.principal(), tenantId, r.jsonObject()).toJson());
            case LIST -> ApiResponse.ok(jobs.list(tenantId, r.query("status").orElse(null), r.query("type").orElse(null), r.limit(), r.cursor())
                    .map(ContentJob::toJson));
            case GET -> ApiResponse.ok(jobs.get(tenantId, r.pathParam("jobId")).toJson());
            case CANCEL -> ApiResponse.ok(jobs.cancel(r.principal(), tenantId, r.pathParam("jobId")).toJson());
            case PROMPT -> ApiResponse.ok(jobs.prompt(tenantId, r.pathParam("jobId")));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
