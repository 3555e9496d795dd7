package com.socialwire.shared.social.insights;

import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;

import java.time.Instant;

/**
 * How one platform tells how a published post did, and how its account is doing, over the platform's real API with
 * the account's token. A metric the platform does not give, or has no data for yet, is left out (unknown, never 0).
 * Failures are the {@link PlatformResult} cases every platform client maps once: a refused token is
 * {@link PlatformResult.AuthFailed}, a passing failure {@link PlatformResult.Transient}.
 */
public interface InsightsProvider {

    String platform();

    /**
     * The metrics of the post {@code externalId} published through {@code target}'s account. {@code mediaProductType}:
     * what an earlier read learnt (Instagram's FEED, REELS, STORY, CAROUSEL_ALBUM), or null.
     */
    PlatformResult<PostInsights> post(Target target, String externalId, String mediaProductType);

    /** The account's numbers for the day before {@code now} (followers now; reach and views of that day where given). */
    PlatformResult<AccountDay> account(Target target, Instant now);

    /**
     * What a read found: {@code mediaProductType} as the platform says it (null where it has no kinds), the metrics, and
     * {@code note}, a sentence for a person when something is missing ("no data yet", metrics the type does not have).
     */
    record PostInsights(String mediaProductType, InsightMetrics metrics, String note) {
    }

    /** An account's day: any of them null when the platform does not give it. */
    record AccountDay(Long followers, Long reach, Long views) {
    }
}
