package com.socialwire.engagement.worker;

import com.socialwire.shared.Lazy;
import com.socialwire.shared.tenants.TenantProfiles;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant profiles one SQS batch reads: each tenant's profile once per batch (and its token
 * decrypted once), not once per message. A busy brand's batch of comments read the same profile
 * item for every comment; the batch's messages were received together, so reading the profile at
 * the batch's first use of it is as fresh as reading it per message. A failed read is not kept (the
 * next message reads again). Outside a batch (a test calling the service) every call reads.
 *
 * <p>The scope is an inheritable thread local: a parallel batch handles its messages on virtual
 * threads it starts, which inherit it; and the local runtime may run several batches of one
 * handler at once, each on its own thread.
 */
final class BatchProfiles {

    /** The body of one batch, as {@code SqsBatch.handle} runs it. */
    interface Body {
        void run() throws IOException;
    }

    private static final InheritableThreadLocal<Map<String, Lazy<Optional<TenantProfiles.Loaded>>>> SCOPE = new InheritableThreadLocal<>();

    private BatchProfiles() {
    }

    /** Runs {@code body} with one profile read per tenant. */
    static void within(Body body) throws IOException {
        SCOPE.set(new ConcurrentHashMap<>());
        try {
            body.run();
        } finally {
            SCOPE.remove();
        }
    }

    /** {@code tenantId}'s profile: the batch's read of it, or a fresh read outside a batch. */
    static Optional<TenantProfiles.Loaded> load(TenantProfiles tenants, String tenantId) {
        Map<String, Lazy<Optional<TenantProfiles.Loaded>>> scope = SCOPE.get();
        if (scope == null) {
            return tenants.load(tenantId);
        }
        return scope.computeIfAbsent(tenantId, id -> Lazy.of(() -> tenants.load(id))).get();
    }
}
