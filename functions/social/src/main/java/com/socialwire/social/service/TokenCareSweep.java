package com.socialwire.social.service;

import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.social.TokenCare.CareOutcome;
import com.socialwire.shared.store.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The token-care sweep (maintenance schedule): every connected account whose grant is due for care
 * ({@link com.socialwire.shared.social.Grant#careDueAt}), found through the care index without scanning, is refreshed
 * ahead of need through {@link TokenCare#care} — one at a time per account, the same lease a publish takes. One
 * account's failure (a platform down, bad data) is counted and logged and never stops the others; a run stops taking
 * new accounts when its time budget is spent and the next run carries on (what is due stays in the index).
 */
public final class TokenCareSweep {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCareSweep.class);
    static final int PAGE = 50;

    /** What one run did: accounts per outcome, and those that failed with an error. */
    public record Summary(Map<CareOutcome, Integer> outcomes, int errors, boolean budgetSpent) {
    }

    private final SocialAccounts accounts;
    private final TokenCare care;
    private final Clock clock;
    private final Duration budget;

    public TokenCareSweep(SocialAccounts accounts, TokenCare care, Clock clock, Duration budget) {
        this.accounts = accounts;
        this.care = care;
        this.clock = clock;
        this.budget = budget;
    }

    public Summary run() {
        Instant start = clock.instant();
        Instant stop = start.plus(budget);
        Map<CareOutcome, Integer> outcomes = new EnumMap<>(CareOutcome.class);
        int errors = 0;
        boolean spent = false;
        for (int shard = 0; shard < SocialAccounts.careShards() && !spent; shard++) {
            String cursor = null;
            do {
                Page<SocialAccount> page = accounts.dueForCare(shard, start, PAGE, cursor);
                for (SocialAccount a : page.items()) {
                    if (!clock.instant().isBefore(stop)) {
                        spent = true;
                        break;
                    }
                    try {
                        CareOutcome o = care.care(a);
                        outcomes.merge(o, 1, Integer::sum);
                        if (o == CareOutcome.RECONNECT_REQUIRED || o == CareOutcome.RETRY_LATER) {
                            LOG.info("token care: {} account {} of tenant {}: {}", a.platform(), a.accountId(), a.tenantId(), o);
                        }
                    } catch (RuntimeException e) {
                        errors++;
                        LOG.warn("token care: {} account {} of tenant {} failed: {}", a.platform(), a.accountId(), a.tenantId(),
                                e.getClass().getSimpleName());
                    }
                }
                cursor = spent ? null : page.nextCursor();
            } while (cursor != null);
        }
        return new Summary(Map.copyOf(outcomes), errors, spent);
    }
}
