package com.socialwire.shared.social;

import java.time.Instant;
import java.util.List;

/**
 * One account of a tenant on a social platform, as the API shows it: never its tokens (they are stored encrypted
 * beside it, see {@link Grant}, and read only by the code that calls the platform).
 *
 * @param accountId      ours ({@code sa_…}), stable across reconnects of the same platform account
 * @param platform       the canonical platform name ({@code twitter}, {@code linkedin}, {@code bluesky}…)
 * @param externalId     the platform's id of the account (a DID on Bluesky, a URN on LinkedIn, a page id on Facebook)
 * @param kind           {@code profile}, {@code page}, {@code organization}, {@code board}, {@code channel}, {@code subreddit}…
 * @param instance       the server of a federated platform (Mastodon's {@code https://mastodon.social}, a Bluesky PDS), or null
 * @param tokenExpiresAt when the access token stops working (null: it does not expire)
 * @param isDefault      the account a post to this platform goes to when it names none (one per platform and tenant)
 */
public record SocialAccount(String tenantId, String accountId, String platform, String externalId, String handle,
                            String name, String avatarUrl, String kind, String instance, List<String> scopes,
                            Instant tokenExpiresAt, AccountStatus status, String statusReason, boolean isDefault,
                            Instant connectedAt, Instant updatedAt, long version) {

    public SocialAccount {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
