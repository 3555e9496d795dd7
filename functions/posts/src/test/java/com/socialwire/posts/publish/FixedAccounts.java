package com.socialwire.posts.publish;

import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.SocialAccount;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's connected accounts as the social-account store answers the publisher: one account and its token per
 * platform, set by the test, and the refusals the publisher reports (which make the account reconnect_required).
 */
final class FixedAccounts implements PlatformAccounts {

    final Map<String, SocialAccount> byPlatform = new ConcurrentHashMap<>();
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    final List<String> refusals = new ArrayList<>();

    void connect(String token, SocialAccount account) {
        byPlatform.put(account.platform(), account);
        tokens.put(account.accountId(), token);
    }

    @Override
    public Lookup lookup(String tenantId, String platform, List<String> accountIds) {
        SocialAccount a = byPlatform.get(platform);
        if (a == null || !a.tenantId().equals(tenantId)) {
            return new Lookup.Missing("NOT_CONNECTED", "the tenant has no " + platform + " account connected");
        }
        if (a.status() != AccountStatus.CONNECTED) {
            return new Lookup.Missing("RECONNECT_REQUIRED", "the " + platform + " account " + a.handle() + " must be reconnected");
        }
        return new Lookup.Ready(new PlatformPublisher.Target(a, tokens.get(a.accountId())));
    }

    @Override
    public synchronized void refused(SocialAccount account, String reason) {
        refusals.add(reason);
        byPlatform.put(account.platform(), new SocialAccount(account.tenantId(), account.accountId(), account.platform(), account.externalId(),
                account.handle(), account.name(), account.avatarUrl(), account.kind(), account.instance(), account.scopes(), account.tokenExpiresAt(),
                AccountStatus.RECONNECT_REQUIRED, reason, account.isDefault(), account.connectedAt(), Instant.now(), account.version() + 1));
    }
}
