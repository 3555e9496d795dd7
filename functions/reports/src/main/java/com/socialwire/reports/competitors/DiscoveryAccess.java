package com.socialwire.reports.competitors;

import com.socialwire.shared.providers.instagram.BusinessDiscovery;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.tenants.TenantProfiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether, and as whom, a tenant can read Instagram business discovery. Meta offers it only through the Instagram API
 * with Facebook Login ({@code graph.facebook.com}): the token of a connected Facebook Page whose Page is linked to an
 * Instagram professional account, read as that account. A tenant connected only with Instagram Login
 * ({@code graph.instagram.com}: the Instagram social account, or an {@code igAccessToken} set on the tenant) cannot use
 * it, nor can a tenant with no Instagram account: each is told why, never an error.
 */
public final class DiscoveryAccess {

    /** The tenant's connection, as far as we know it without asking Meta. */
    public enum Connection {
        FACEBOOK_LOGIN("facebook_login"), INSTAGRAM_LOGIN("instagram_login"), NONE("none");

        private final String wire;

        Connection(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    static final String INSTAGRAM_LOGIN_REASON = "Competitor pulse reads Instagram business discovery, which Meta offers only "
            + "through the Instagram API with Facebook Login (graph.facebook.com); this tenant's Instagram is connected with "
            + "Instagram Login (graph.instagram.com), which has no business discovery. Connect the Facebook Page linked to "
            + "the Instagram account (POST /v1/tenants/{tenantId}/oauth/facebook/start) to enable it.";
    static final String NONE_REASON = "Competitor pulse needs an Instagram professional account linked to a Facebook Page "
            + "connected with Facebook Login; this tenant has none connected.";
    static final String NO_LINK_REASON = "No connected Facebook Page of this tenant is linked to an Instagram professional "
            + "account (or Meta did not let the Page's token read it: it needs instagram_basic and pages_read_engagement); "
            + "link the Instagram account to the Page in Meta Business Suite, then connect the Page again.";
    static final String REFUSED_REASON = "Meta refused the Facebook Page's token; connect the Page again.";
    static final String UNAVAILABLE_REASON = "Meta did not answer for the Facebook Page now; the next run tries again.";

    /**
     * What the tenant can read with: available with a token, the Instagram account to read as and the Page's social
     * account it came from ({@code pageAccountId}), or the reason not.
     */
    public record Access(Connection connection, boolean available, String reason, String token, String igUserId, String pageAccountId) {
        @Override
        public String toString() {
            return "Access[" + connection + ", available=" + available + ", igUserId=" + igUserId + "]";
        }
    }

    private final SocialAccounts social;
    private final TenantProfiles tenants;

    public DiscoveryAccess(SocialAccounts social, TenantProfiles tenants) {
        this.social = social;
        this.tenants = tenants;
    }

    /** The connection without a call to Meta (for the competitors route): available means "worth trying". */
    public Access connection(String tenantId) {
        List<SocialAccount> all = social.all(tenantId);
        if (!pages(all).isEmpty()) {
            return new Access(Connection.FACEBOOK_LOGIN, true, null, null, null, null);
        }
        return unavailable(tenantId, all);
    }

    /** The token and Instagram account to read as: one call per connected Page (default first) until one is linked. */
    public Access resolve(String tenantId, BusinessDiscovery discovery) {
        List<SocialAccount> all = social.all(tenantId);
        List<SocialAccount> pages = pages(all);
        if (pages.isEmpty()) {
            return unavailable(tenantId, all);
        }
        String reason = NO_LINK_REASON;
        for (SocialAccount page : pages) {
            Optional<Grant> grant = social.load(tenantId, page.accountId()).flatMap(social::grant);
            if (grant.isEmpty()) {
                continue;
            }
            GraphResult<Optional<String>> linked = discovery.linkedInstagramAccount(grant.get().accessToken(), page.externalId());
            switch (linked) {
                case GraphResult.Ok<Optional<String>> ok when ok.value().isPresent() -> {
                    return new Access(Connection.FACEBOOK_LOGIN, true, null, grant.get().accessToken(), ok.value().get(), page.accountId());
                }
                case GraphResult.TokenExpired<Optional<String>> t -> {
                    refused(tenantId, page.accountId());
                    reason = REFUSED_REASON;
                }
                case GraphResult.Transient<Optional<String>> t -> reason = UNAVAILABLE_REASON;
                default -> {
                    // not linked, or the token may not read it: the next Page may be
                }
            }
        }
        return new Access(Connection.FACEBOOK_LOGIN, false, reason, null, null, null);
    }

    /**
     * Meta refused the Page's token (code 190): the Page's social account is {@code reconnect_required}, which the
     * tenant's health lists (its publishing would fail the same way).
     */
    public void refused(String tenantId, String pageAccountId) {
        social.markReconnectRequired(tenantId, pageAccountId, "Meta refused the Facebook Page's token; connect the Page again");
    }

    /** The tenant's connected Facebook Pages, its default first. */
    private static List<SocialAccount> pages(List<SocialAccount> all) {
        List<SocialAccount> out = new ArrayList<>();
        for (SocialAccount a : all) {
            if ("facebook".equals(a.platform()) && a.status() == AccountStatus.CONNECTED) {
                out.add(a.isDefault() ? 0 : out.size(), a);
            }
        }
        return out;
    }

    private Access unavailable(String tenantId, List<SocialAccount> all) {
        boolean instagram = all.stream()
                .anyMatch(a -> "instagram".equals(a.platform()) && a.status() != AccountStatus.REVOKED)
                || tenants.get(tenantId).map(t -> t.igUserId() != null).orElse(false);
        return instagram ? new Access(Connection.INSTAGRAM_LOGIN, false, INSTAGRAM_LOGIN_REASON, null, null, null)
                : new Access(Connection.NONE, false, NONE_REASON, null, null, null);
    }
}
