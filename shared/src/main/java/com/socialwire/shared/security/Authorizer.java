package com.socialwire.shared.security;

import com.socialwire.shared.Config;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ErrorCode;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The one authorisation mechanism. It turns the bearer key into a {@link Principal} and checks
 * it against the route's {@link Access}: a missing, malformed, unknown, revoked or expired key is
 * 401; a role the route does not allow is 403; a tenant of another account, or outside a client
 * key's list, is 404 — indistinguishable from a tenant that does not exist.
 */
public final class Authorizer {

    /** The owner key's hash, lower-case; null when none is configured. */
    private final String ownerKeySha256;
    private final ApiKeyStore keys;
    private final TenantDirectory tenants;
    private final Clock clock;

    public Authorizer(Config config, ApiKeyStore keys, TenantDirectory tenants, Clock clock) {
        String owner = config.get("OWNER_ADMIN_KEY_SHA256", null);
        this.ownerKeySha256 = owner == null ? null : owner.toLowerCase(Locale.ROOT);
        this.keys = keys;
        this.tenants = tenants;
        this.clock = clock;
    }

    public Principal authorize(ApiRequest request, Access access) {
        if (access.isPublic()) {
            return Principal.ANONYMOUS;
        }
        String key = bearerKey(request);
        String hash = Hashing.sha256Hex(key);
        if (ownerKeySha256 != null && Hashing.constantTimeEquals(hash, ownerKeySha256)) {
            if (!access.ownerOnly()) {
                throw new ApiException(ErrorCode.FORBIDDEN, "the owner key has no account; use an account API key here");
            }
            return Principal.owner();
        }
        if (!ApiKeyStore.FORMAT.matcher(key).matches()) {
            throw unauthorized("malformed API key; keys look like sw_live_… or sw_test_… followed by 32 characters");
        }
        ApiKeyStore.ApiKey found = keys.byHash(hash).orElse(null);
        if (found == null) {
            throw unauthorized("the API key is not valid");
        }
        if (found.revokedAt() != null) {
            throw unauthorized("the API key was revoked");
        }
        if (found.expiresAt() != null && !found.expiresAt().isAfter(clock.instant())) {
            throw unauthorized("the API key expired at " + found.expiresAt());
        }
        Principal principal = Principal.key(found.accountId(), found.id(), found.role(), found.tenantIds());
        if (access.ownerOnly() || !access.roles().contains(found.role())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "a " + found.role().json() + " key may not do this");
        }
        return principal;
    }

    /** 404 unless {@code principal} may see tenant {@code tenantId}. */
    public void requireTenant(Principal principal, String tenantId) {
        requireTenant(principal, tenantId, null);
    }

    /**
     * Starts reading which account {@code tenantId} belongs to, beside the key's own checks, for
     * {@link #requireTenant(Principal, String, Future)}; null when the answer is known already.
     */
    public Future<Optional<String>> prefetchTenant(String tenantId) {
        return tenants.prefetch(tenantId);
    }

    /** 404 unless {@code principal} may see tenant {@code tenantId}; {@code started} is its {@link #prefetchTenant} or null. */
    public void requireTenant(Principal principal, String tenantId, Future<Optional<String>> started) {
        boolean visible = false;
        if (principal.kind() == Principal.Kind.KEY) {
            Optional<String> account = tenants.accountOf(tenantId, started);
            visible = account.isPresent() && principal.canSee(account.get(), tenantId);
        }
        if (!visible) {
            throw ApiException.notFound("tenant " + tenantId);
        }
    }

    static String bearerKey(ApiRequest request) {
        String header = request.header("authorization").orElse(null);
        if (header == null) {
            throw unauthorized("missing Authorization header; send 'Authorization: Bearer <api key>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized("malformed Authorization header; expected 'Bearer <api key>'");
        }
        String key = header.substring(7).trim();
        if (key.isEmpty() || key.length() > 200) {
            throw unauthorized("malformed API key");
        }
        return key;
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message);
    }
}
