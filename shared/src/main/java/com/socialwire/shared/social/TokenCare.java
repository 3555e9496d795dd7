package com.socialwire.shared.social;

import com.socialwire.shared.Ids;
import com.socialwire.shared.social.SocialAccounts.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A usable access token for a social account (platforms.md §0.2): the stored one while it is good for more than
 * {@link #margin}, else refreshed first where the platform can refresh it. One refresh at a time per account (the
 * account's lease in {@link SocialAccounts}); the winner saves the new grant ({@link Grant#refreshedBy}: a good token is
 * never blanked) before anyone uses it, the others wait briefly and read it. A refresh the platform refuses for good
 * ({@link PlatformResult.AuthFailed}) marks the account {@code reconnect_required} with the reason; a transient failure
 * leaves it connected (and answers the old token while it still works). Accounts that share one grant (the boards of
 * one Pinterest user, {@link Connector.Offered#GRANT_OWNER}) share one lease and one refresh: the new grant is saved
 * into every one of them before the lease ends, and a refused refresh marks them all.
 */
public final class TokenCare {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCare.class);

    /** Refresh when the access token expires within this. */
    public static final Duration DEFAULT_MARGIN = Duration.ofMinutes(5);
    /** How long a refresh may hold its lease (longer than any refresh call's timeouts). */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How often a refresher that lost the lease reads the account again, and for how long at most. */
    static final long WAIT_STEP_MILLIS = 100;
    static final long WAIT_MAX_MILLIS = 20_000;

    private final SocialAccounts accounts;
    private final Connectors connectors;
    private final Clock clock;
    private final Duration margin;

    public TokenCare(SocialAccounts accounts, Connectors connectors, Clock clock) {
        this(accounts, connectors, clock, DEFAULT_MARGIN);
    }

    public TokenCare(SocialAccounts accounts, Connectors connectors, Clock clock, Duration margin) {
        this.accounts = accounts;
        this.connectors = connectors;
        this.clock = clock;
        this.margin = margin;
    }

    /**
     * The account's access token, refreshed first if it is about to expire: {@link PlatformResult.Ok} with the token;
     * {@link PlatformResult.AuthFailed} when the account needs reconnecting (status or a refused refresh);
     * {@link PlatformResult.Transient} when the token has expired and the platform could not refresh it now.
     */
    public PlatformResult<String> validToken(SocialAccount account) {
        return obtain(account, (stored, g) -> dueForRefresh(g));
    }

    /** What {@link #care} did with one account. */
    public enum CareOutcome {
        /** Its grant was refreshed ahead of need and saved. */
        REFRESHED,
        /** Nothing was due (another sweep or a use refreshed it, or it is no longer connected). */
        NOT_DUE,
        /** The platform cannot refresh it: care waits until the token ends (then the account needs reconnecting). */
        POSTPONED,
        /** The platform refused the grant for good: the account is {@code reconnect_required}. */
        RECONNECT_REQUIRED,
        /** The platform could not refresh it now: the next sweep tries again. */
        RETRY_LATER
    }

    /**
     * Token care ahead of use (the maintenance sweep): refreshes the account's grant when its care is due
     * ({@link Grant#careDueAt}), through the same single-flight lease as {@link #validToken}, so a sweep and a publish
     * refreshing at once make one refresh. A grant that cannot be refreshed waits until it ends.
     */
    public CareOutcome care(SocialAccount account) {
        Optional<Stored> stored = accounts.load(account.tenantId(), account.accountId());
        if (stored.isEmpty() || stored.get().account().status() != AccountStatus.CONNECTED || !careDue(stored.get())) {
            return CareOutcome.NOT_DUE;
        }
        SocialAccount a = stored.get().account();
        Optional<Grant> grant = accounts.grant(stored.get());
        Optional<Connector> connector = connectors.find(a.platform());
        if (grant.isPresent() && (connector.isEmpty() || !connector.get().canRefresh(grant.get()))) {
            if (!expired(grant.get())) {
                return accounts.postponeCare(a.tenantId(), a.accountId(), a.version(), grant.get().expiresAt())
                        ? CareOutcome.POSTPONED : CareOutcome.RETRY_LATER;
            }
        }
        PlatformResult<String> r = obtain(a, (s, g) -> careDue(s) || dueForRefresh(g));
        if (r instanceof PlatformResult.AuthFailed<String>) {
            return CareOutcome.RECONNECT_REQUIRED;
        }
        Optional<Stored> after = accounts.load(a.tenantId(), a.accountId());
        return after.isPresent() && after.get().account().status() == AccountStatus.CONNECTED && careDue(after.get())
                ? CareOutcome.RETRY_LATER : CareOutcome.REFRESHED;
    }

    private boolean careDue(Stored stored) {
        Instant due = SocialAccounts.careDueAt(stored);
        return due != null && !due.isAfter(clock.instant());
    }

    /** The account's token, refreshed first (single-flight) when {@code due} says so. */
    private PlatformResult<String> obtain(SocialAccount account, BiPredicate<Stored, Grant> due) {
        String owner = Ids.next("lease");
        long waited = 0;
        while (true) {
            Optional<Stored> stored = accounts.loadAccount(account.tenantId(), account.accountId()); // its default pointer is no matter here
            if (stored.isEmpty() || stored.get().account().status() != AccountStatus.CONNECTED) {
                return reconnect(stored.map(s -> s.account().statusReason()).orElse("the account is not connected"));
            }
            Optional<Grant> grant = accounts.grant(stored.get());
            if (grant.isEmpty()) {
                return reconnect("the account has no token");
            }
            Grant g = grant.get();
            if (!due.test(stored.get(), g)) {
                return new PlatformResult.Ok<>(g.accessToken());
            }
            SocialAccount a = stored.get().account();
            Optional<Connector> connector = connectors.find(a.platform());
            if (connector.isEmpty() || !connector.get().canRefresh(g)) {
                if (expired(g)) {
                    accounts.markReconnectRequired(a.tenantId(), a.accountId(), "the token expired and the platform cannot refresh it");
                    return reconnect("the token expired and the platform cannot refresh it");
                }
                return new PlatformResult.Ok<>(g.accessToken());
            }
            String shared = accounts.sharedGrant(stored.get()).orElse(null);
            if (shared == null ? accounts.tryLease(a.tenantId(), a.accountId(), owner, LEASE)
                    : accounts.trySharedLease(a.tenantId(), shared, owner, LEASE)) {
                return refreshHolding(a, connector.get(), owner, shared, due);
            }
            if (waited >= WAIT_MAX_MILLIS) {
                return expired(g) ? new PlatformResult.Transient<>(0, "REFRESH_IN_PROGRESS",
                        "another refresh of this account is still running", 1) : new PlatformResult.Ok<>(g.accessToken());
            }
            sleep(WAIT_STEP_MILLIS);
            waited += WAIT_STEP_MILLIS;
        }
    }

    /**
     * With the lease held (the account's, or its {@code shared} grant's): read again (a refresh may just have ended),
     * refresh, save (into every account sharing the grant), then answer the new token.
     */
    private PlatformResult<String> refreshHolding(SocialAccount a, Connector connector, String owner, String shared,
                                                  BiPredicate<Stored, Grant> due) {
        boolean saved = false;
        try {
            Optional<Stored> stored = accounts.load(a.tenantId(), a.accountId());
            Optional<Grant> current = stored.flatMap(accounts::grant);
            if (current.isEmpty() || stored.get().account().status() != AccountStatus.CONNECTED) {
                return reconnect("the account is not connected");
            }
            Grant g = current.get();
            if (!due.test(stored.get(), g)) {
                return new PlatformResult.Ok<>(g.accessToken());
            }
            PlatformResult<Grant> r = connector.refresh(g, a.instance());
            switch (r) {
                case PlatformResult.Ok<Grant> ok -> {
                    Grant merged = g.refreshedBy(ok.value());
                    saved = true; // the save ends the lease
                    boolean kept = accounts.saveRefreshed(a.tenantId(), a.accountId(), merged).isPresent();
                    if (shared != null) {
                        accounts.saveShared(a.tenantId(), shared, a.accountId(), merged); // the spent refresh token is nowhere left
                    }
                    if (!kept) {
                        return reconnect("the account was disconnected");
                    }
                    return new PlatformResult.Ok<>(merged.accessToken());
                }
                case PlatformResult.AuthFailed<Grant> refused -> {
                    LOG.warn("refresh of {} account {} refused ({} {}): reconnect required", a.platform(), a.accountId(),
                            refused.httpStatus(), refused.code());
                    for (String gone : shared == null ? List.of(a.accountId()) : accounts.sharing(a.tenantId(), shared)) {
                        accounts.markReconnectRequired(a.tenantId(), gone,
                                "the platform refused to refresh the token; connect the account again");
                    }
                    return refused.failure();
                }
                default -> {
                    LOG.warn("refresh of {} account {} failed for now: {}", a.platform(), a.accountId(), r.getClass().getSimpleName());
                    return expired(g) ? transientOf(r) : new PlatformResult.Ok<>(g.accessToken());
                }
            }
        } finally {
            if (shared != null) {
                accounts.releaseSharedLease(a.tenantId(), shared, owner);
            } else if (!saved) {
                accounts.releaseLease(a.tenantId(), a.accountId(), owner);
            }
        }
    }

    private static PlatformResult<String> transientOf(PlatformResult<Grant> r) {
        return switch (r) {
            case PlatformResult.Transient<Grant> t -> t.failure();
            case PlatformResult.Rejected<Grant> x -> new PlatformResult.Transient<>(x.httpStatus(), x.code(), "the refresh was refused", 0);
            default -> new PlatformResult.Transient<>(0, "REFRESH_UNKNOWN", "the refresh did not answer", 0);
        };
    }

    private static PlatformResult<String> reconnect(String reason) {
        return new PlatformResult.AuthFailed<>(401, "RECONNECT_REQUIRED", reason == null ? "connect the account again" : reason);
    }

    private boolean dueForRefresh(Grant g) {
        return g.expiresAt() != null && !g.expiresAt().isAfter(clock.instant().plus(margin));
    }

    private boolean expired(Grant g) {
        Instant at = g.expiresAt();
        return at != null && !at.isAfter(clock.instant());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another refresh ran", e);
        }
    }
}
