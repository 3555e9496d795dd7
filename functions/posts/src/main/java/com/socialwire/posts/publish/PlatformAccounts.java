package com.socialwire.posts.publish;

import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.SocialAccount;

import java.util.List;

/**
 * The tenant's social account a delivery publishes to, with a working access token: the account of that platform the
 * post names (its {@code accountIds}), else the tenant's default for the platform; its token refreshed first when it
 * is about to expire (single-flight for rotating refresh tokens). Implemented over the social-account store and its
 * token care.
 */
public interface PlatformAccounts {

    Lookup lookup(String tenantId, String platform, List<String> accountIds);

    /**
     * The platform refused the account's token while publishing: the account becomes {@code reconnect_required} with
     * {@code reason}, shown on the account, in tenant health and in the deliveries that need it.
     */
    void refused(SocialAccount account, String reason);

    /** What a lookup found. */
    sealed interface Lookup {
        /** An account and a token that should work. */
        record Ready(Target target) implements Lookup {
        }

        /**
         * Nothing to publish with, for good until a person acts: {@code code} {@code NOT_CONNECTED} (no account of
         * the platform) or {@code RECONNECT_REQUIRED} (its token was refused or revoked).
         */
        record Missing(String code, String reason) implements Lookup {
        }

        /** Not now (a refresh failed for a passing reason, another refresh holds the lease): try again later. */
        record Later(String why) implements Lookup {
        }
    }
}
