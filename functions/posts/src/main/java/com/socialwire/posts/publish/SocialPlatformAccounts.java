package com.socialwire.posts.publish;

import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;

import java.util.List;

/**
 * {@link PlatformAccounts} over the tenants' social accounts: the account of the platform a post names among its
 * {@code accountIds}, else the tenant's default for the platform; its token from {@link TokenCare} (refreshed first
 * when it is about to expire, one refresh at a time per account).
 */
public final class SocialPlatformAccounts implements PlatformAccounts {

    private final SocialAccounts accounts;
    private final TokenCare tokens;

    public SocialPlatformAccounts(SocialAccounts accounts, TokenCare tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @Override
    public Lookup lookup(String tenantId, String platform, List<String> accountIds) {
        List<SocialAccount> all = accounts.all(tenantId);
        SocialAccount chosen = null;
        for (SocialAccount a : all) {
            if (a.platform().equals(platform) && accountIds.contains(a.accountId())) {
                chosen = a;
                break;
            }
        }
        if (chosen == null) {
            String byDefault = accounts.defaults(tenantId).get(platform);
            for (SocialAccount a : all) {
                if (a.accountId().equals(byDefault)) {
                    chosen = a;
                }
            }
        }
        if (chosen == null || chosen.status() == AccountStatus.REVOKED) {
            return new Lookup.Missing("NOT_CONNECTED", "the tenant has no " + platform + " account connected; connect one and publish again");
        }
        if (chosen.status() != AccountStatus.CONNECTED) {
            return reconnect(chosen, chosen.statusReason());
        }
        return switch (tokens.validToken(chosen)) {
            case PlatformResult.Ok<String>(String token) -> new Lookup.Ready(new Target(chosen, token));
            case PlatformResult.AuthFailed<String> refused -> reconnect(chosen, refused.message());
            case PlatformResult<String> notNow -> new Lookup.Later("the " + platform + " token cannot be refreshed right now");
        };
    }

    @Override
    public void refused(SocialAccount account, String reason) {
        accounts.markReconnectRequired(account.tenantId(), account.accountId(), reason);
    }

    private static Lookup reconnect(SocialAccount a, String why) {
        return new Lookup.Missing("RECONNECT_REQUIRED", "the " + a.platform() + " account " + (a.handle() == null ? a.accountId() : a.handle())
                + " must be reconnected" + (why == null || why.isBlank() ? "" : " (" + why + ")") + "; then publish again");
    }

}
