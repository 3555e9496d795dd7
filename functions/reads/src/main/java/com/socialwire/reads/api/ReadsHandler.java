package com.socialwire.reads.api;

import com.socialwire.reads.Reads;
import com.socialwire.reads.service.ReadRequest;
import com.socialwire.reads.service.ReadService;
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
 * ReadsFunction: URL-first reads of public Instagram posts, reels and comments, paid by the key's account. Keys of the
 * whole account (admin, write, read) may read; a client key (restricted to its tenants) may not spend the agency's
 * credits on reads. Each route is limited to {@value #READS_PER_MINUTE} reads a minute per key besides the defaults.
 */
public final class ReadsHandler implements HttpFunction, HttpApi.Actions<ReadsHandler.Action> {

    /** Reads a key may make a minute: each may be a paid provider call and a model call. */
    static final int READS_PER_MINUTE = 30;

    /** What the routes do, one action each. */
    enum Action { POST, REEL, COMMENTS }

    /** The read service, built by the first read: the provider, cache and ledger are not needed to route or refuse one. */
    private final Lazy<ReadService> reads;
    private final HttpApi api;

    public ReadsHandler() {
        this(Reads.fromEnvironment());
    }

    private ReadsHandler(Reads r) {
        this(r.serviceOnFirstUse(), r.gate());
    }

    public ReadsHandler(Lazy<ReadService> reads, Gate gate) {
        this.reads = reads;
        if (Priming.active()) {
            Priming.register("read service", reads::get); // a SnapStart snapshot holds it: built before it, not after a restore
        }
        Access account = Access.roles(Role.ADMIN, Role.WRITE, Role.READ).limitedTo(READS_PER_MINUTE, "reads");
        this.api = HttpApi.builder(gate, this)
                .route("GET", "/v1/instagram/post", account, Action.POST)
                .route("GET", "/v1/instagram/reel", account, Action.REEL)
                .route("GET", "/v1/instagram/comments", account, Action.COMMENTS)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        ReadRequest.Route route = switch (action) {
            case POST -> ReadRequest.Route.POST;
            case REEL -> ReadRequest.Route.REEL;
            case COMMENTS -> ReadRequest.Route.COMMENTS;
        };
        return ApiResponse.ok(reads.get().read(r.principal(), route, r.query(), r.requestId()));
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
