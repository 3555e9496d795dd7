package com.socialwire.posts.insights;

import com.socialwire.posts.publish.PlatformAccounts.Lookup;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The account and token insights are read with: the very social account a post went out through (never another one of
 * the platform: its numbers would be another account's), its token from {@link TokenCare}; or, for a post published
 * with the tenant's own Instagram token, that token and the tenant's {@code igUserId}. A refused token is said on the
 * account (reconnect_required) or the tenant (token expired), as publishing says it.
 */
public class InsightsTargets {

    private final SocialAccounts accounts;
    private final TokenCare tokens;
    private final TenantProfiles tenants;
    private final Clock clock;

    public InsightsTargets(SocialAccounts accounts, TokenCare tokens, TenantProfiles tenants, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** {@code accountId}: a social account's id, or null / {@link PublishedDeliveries#TENANT_ACCOUNT} for the tenant's Instagram. */
    public Lookup target(String tenantId, String platform, String accountId) {
        if (accountId == null || PublishedDeliveries.TENANT_ACCOUNT.equals(accountId)) {
            return tenantInstagram(tenantId);
        }
        Optional<SocialAccounts.Stored> stored = accounts.load(tenantId, accountId);
        if (stored.isEmpty() || stored.get().account().status() == AccountStatus.REVOKED) {
            return new Lookup.Missing("NOT_CONNECTED", "the " + platform + " account the post went out through is no longer connected");
        }
        SocialAccount a = stored.get().account();
        if (a.status() != AccountStatus.CONNECTED) {
            return new Lookup.Missing("RECONNECT_REQUIRED", "the " + platform + " account must be reconnected");
        }
        return switch (tokens.validToken(a)) {
            case PlatformResult.Ok<String>(String token) -> new Lookup.Ready(new Target(a, token));
            case PlatformResult.AuthFailed<String> refused -> new Lookup.Missing("RECONNECT_REQUIRED", "the " + platform + " account must be reconnected");
            case PlatformResult<String> notNow -> new Lookup.Later("the " + platform + " token cannot be refreshed right now");
        };
    }

    private Lookup tenantInstagram(String tenantId) {
        Optional<TenantProfiles.Loaded> loaded = tenants.load(tenantId);
        if (loaded.isEmpty()) {
            return new Lookup.Missing("TENANT_NOT_FOUND", "the tenant no longer exists");
        }
        Tenant t = loaded.get().tenant();
        Optional<String> token = Tenant.TOKEN_EXPIRED.equals(t.igTokenStatus()) ? Optional.empty() : loaded.get().token().get();
        if (t.igUserId() == null || token.isEmpty()) {
            return new Lookup.Missing("INSTAGRAM_NOT_CONNECTED", "the tenant's Instagram token is missing or expired; reconnect it");
        }
        SocialAccount a = new SocialAccount(tenantId, PublishedDeliveries.TENANT_ACCOUNT, "instagram", t.igUserId(), t.igHandle(), t.name(), null,
                "business", null, List.of(), null, AccountStatus.CONNECTED, null, true, clock.instant(), clock.instant(), 0);
        return new Lookup.Ready(new Target(a, token.get()));
    }

    /** The platform refused the token while reading insights: the account or tenant says so, as after a refused publish. */
    public void refused(Target target, String reason) {
        SocialAccount a = target.account();
        if (PublishedDeliveries.TENANT_ACCOUNT.equals(a.accountId())) {
            tenants.markTokenExpired(a.tenantId());
        } else {
            accounts.markReconnectRequired(a.tenantId(), a.accountId(), reason);
        }
    }
}
