package com.socialwire.shared.http;

import com.socialwire.shared.Config;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.Authorizer;
import com.socialwire.shared.security.RateLimiter;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.IdempotencyStore;
import com.socialwire.shared.store.Table;

import java.time.Clock;

/**
 * What every request passes through before its route runs, built once per function: the
 * authoriser (keys, roles, tenant isolation), the per-key rate limiter and the idempotency store
 * behind {@code Idempotency-Key}.
 */
public record Gate(Authorizer authorizer, RateLimiter rateLimiter, IdempotencyStore idempotency, Clock clock) {

    /** The gate of a deployed (or locally run) function: everything on the one table. */
    public static Gate of(Config config, Table table, Clock clock) {
        return new Gate(
                new Authorizer(config, new ApiKeyStore(table, clock), new TenantDirectory(table), clock),
                RateLimiter.fromConfig(table, clock, config),
                new IdempotencyStore(table, clock),
                clock);
    }
}
