package com.socialwire.social.service;

import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.social.store.OAuthStore;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every connect does once the platform granted access, whichever way (OAuth callback, app password): ask which
 * accounts the grant offers; one connects at once, several wait as a pending selection (15 minutes) for the tenant
 * to choose. Also the one view of an account and the one mapping of a platform's failure to an API error.
 */
public final class Connecting {

    static final Duration PENDING_FOR = Duration.ofMinutes(15);

    private final SocialAccounts accounts;
    private final OAuthStore store;
    private final Clock clock;

    public Connecting(SocialAccounts accounts, OAuthStore store, Clock clock) {
        this.accounts = accounts;
        this.store = store;
        this.clock = clock;
    }

    /** What a grant became: the accounts connected, or a pending selection. */
    public sealed interface Outcome {
        record Connected(List<SocialAccount> accounts) implements Outcome {
        }

        record Waiting(OAuthStore.Pending pending) implements Outcome {
        }
    }

    /** {@code who}: the tenant, its account and the key that started the connect. A failure of the platform as a result. */
    PlatformResult<Outcome> granted(String tenantId, String accountId, String keyId, Connector connector, String instance,
                                    Grant grant) {
        PlatformResult<List<Connector.Offered>> offered = connector.offered(grant, instance);
        if (!(offered instanceof PlatformResult.Ok<List<Connector.Offered>> ok)) {
            return offered.failure();
        }
        List<Connector.Offered> list = ok.value();
        if (list.isEmpty()) {
            return new PlatformResult.Rejected<>(0, "NO_ACCOUNT", "the grant offers no account to publish to");
        }
        if (list.size() == 1) {
            return new PlatformResult.Ok<>(new Outcome.Connected(List.of(connect(tenantId, connector.platform(), instance,
                    list.get(0), grant, false))));
        }
        OAuthStore.Pending pending = new OAuthStore.Pending("pnd_" + Ids.base62(32), tenantId, accountId, keyId,
                connector.platform(), instance, grant, list, clock.instant().plus(PENDING_FOR));
        store.savePending(pending);
        return new PlatformResult.Ok<>(new Outcome.Waiting(pending));
    }

    SocialAccount connect(String tenantId, String platform, String instance, Connector.Offered offered, Grant grant,
                          boolean makeDefault) {
        Grant own = offered.grant() != null ? offered.grant() : grant;
        return accounts.connect(tenantId, new SocialAccounts.Connection(platform, instance, offered, own), makeDefault);
    }

    /** An account as the API shows it: never a token. */
    public static Map<String, Object> view(SocialAccount a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.accountId());
        out.put("tenantId", a.tenantId());
        out.put("platform", a.platform());
        out.put("externalId", a.externalId());
        out.put("handle", a.handle());
        out.put("name", a.name());
        out.put("avatarUrl", a.avatarUrl());
        out.put("kind", a.kind());
        out.put("instance", a.instance());
        out.put("scopes", a.scopes());
        out.put("tokenExpiresAt", a.tokenExpiresAt() == null ? null : IsoInstant.format(a.tokenExpiresAt()));
        out.put("status", a.status().wire());
        out.put("statusReason", a.statusReason());
        out.put("default", a.isDefault());
        out.put("connectedAt", a.connectedAt() == null ? null : IsoInstant.format(a.connectedAt()));
        out.put("updatedAt", a.updatedAt() == null ? null : IsoInstant.format(a.updatedAt()));
        out.put("version", a.version());
        return out;
    }

    /** An offered account as a pending selection lists it: display fields only. */
    static Map<String, Object> view(int index, Connector.Offered o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", index);
        out.put("externalId", o.externalId());
        out.put("handle", o.handle());
        out.put("name", o.name());
        out.put("avatarUrl", o.avatarUrl());
        out.put("kind", o.kind());
        return out;
    }

    static Map<String, Object> view(OAuthStore.Pending p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nonce", p.nonce());
        out.put("tenantId", p.tenantId());
        out.put("platform", p.platform());
        out.put("instance", p.instance());
        out.put("expiresAt", IsoInstant.format(p.until()));
        List<Map<String, Object>> offered = new java.util.ArrayList<>();
        for (int i = 0; i < p.offered().size(); i++) {
            offered.add(view(i, p.offered().get(i)));
        }
        out.put("offered", offered);
        return out;
    }

    /** A platform's failure as the API answers it: never the platform's own text. */
    static ApiException error(String platform, PlatformResult<?> failure, String refusedWhat) {
        return switch (failure) {
            case PlatformResult.AuthFailed<?> a -> new ApiException(ErrorCode.VALIDATION_ERROR, 422,
                    platform + " refused " + refusedWhat, Map.of("platform", platform, "platformStatus", a.httpStatus()), null);
            case PlatformResult.Rejected<?> r -> new ApiException(ErrorCode.VALIDATION_ERROR, 422,
                    "NO_ACCOUNT".equals(r.code()) ? platform + " offers no account to publish to with this grant"
                            : Connector.ACCOUNT_NOT_SUPPORTED.equals(r.code()) ? r.message()
                            : platform + " refused the request", Map.of("platform", platform, "platformStatus", r.httpStatus()), null);
            case PlatformResult.Transient<?> t -> new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503,
                    platform + " is unavailable; retry shortly", Map.of("platform", platform),
                    Map.of("retry-after", Long.toString(Math.max(1, t.retryAfterSeconds()))));
            default -> new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503,
                    platform + " did not answer; retry shortly", Map.of("platform", platform), Map.of("retry-after", "1"));
        };
    }
}
