package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.tenants.TenantStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Review links of a tenant: made by an agency key ({@code POST /v1/tenants/{id}/review-links}), listed, revoked; and the
 * check of a token a page request carries. A token ({@link ReviewTokens}) is shown once, in the url of the create answer;
 * the table holds only its SHA-256 ({@link ReviewLinkStore}).
 */
public final class ReviewLinks {

    public static final int MAX_LIMIT = 100;

    private final ReviewLinkStore store;
    private final TenantProfiles tenants;
    private final Clock clock;

    /** @param writes the tenant's counted writes: a revoke that lost a transaction to a concurrent one is tried again */
    public ReviewLinks(Table table, TenantProfiles tenants, TenantCounters writes, Clock clock) {
        this.store = new ReviewLinkStore(table, writes);
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * Makes a link: body {campaignId?, expiresInDays (1..30, default 7), approverName, approverEmail}; returns
     * {id, url, expiresAt, tenantId, campaignId, approverName, approverEmail, createdAt, createdBy, status} — the url
     * (with the token) only in this answer.
     *
     * @param publicBase the scheme and host the url starts with (REVIEW_BASE_URL, else the request's own)
     */
    public ObjectNode create(Principal who, String tenantId, ObjectNode body, String publicBase) {
        Tenant tenant = tenant(who, tenantId);
        ReviewLinkRequest in = ReviewLinkRequest.parse(body);
        if (TenantStatus.INACTIVE.equals(tenant.status())) {
            throw new ApiException(ErrorCode.CONFLICT, "tenant " + tenantId + " is inactive (deleted): no review link can be made for it");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String token = ReviewTokens.next();
        ReviewLink link = new ReviewLink(Ids.next("rvl"), tenantId, tenant.accountId(), in.campaignId(), in.approverName(),
                in.approverEmail(), now.plus(Duration.ofDays(in.expiresInDays())), now, actor(who), null, null, ReviewTokens.hash(token));
        store.create(link);
        ObjectNode out = link.view(now);
        out.put("url", stripSlash(publicBase) + "/review/" + token);
        return out;
    }

    /** The tenant's links, newest first, without tokens: {id, tenantId, campaignId, approverName, approverEmail, expiresAt, status, …}. */
    public Page<ObjectNode> list(String tenantId, int limit, String cursor) {
        Instant now = clock.instant();
        return store.list(tenantId, Math.max(1, Math.min(MAX_LIMIT, limit)), cursor).map(l -> l.view(now));
    }

    /** Revokes a link (idempotent; an unknown id is 404). Its token shows the revoked page from now on. */
    public ObjectNode revoke(Principal who, String tenantId, String linkId) {
        tenant(who, tenantId);
        ReviewLink link = find(tenantId, linkId).orElseThrow(() -> ApiException.notFound("review link " + linkId));
        if (link.revokedAt() == null) {
            store.revoke(link, clock.instant().truncatedTo(ChronoUnit.MILLIS), actor(who));
            // revoked now, or a moment ago by a concurrent call: either way the row says by whom and when
            link = store.get(tenantId, linkId).orElseThrow(() -> ApiException.notFound("review link " + linkId));
        }
        return link.view(clock.instant());
    }

    /** One link of the tenant, as the list shows it (an unknown id, or another tenant's, is 404). */
    public ObjectNode get(String tenantId, String linkId) {
        return find(tenantId, linkId).orElseThrow(() -> ApiException.notFound("review link " + linkId)).view(clock.instant());
    }

    private Optional<ReviewLink> find(String tenantId, String linkId) {
        return Ids.looksLike("rvl", linkId) ? store.get(tenantId, linkId) : Optional.empty();
    }

    /** What {@code token} is: one read by its hash. Never throws for a malformed token (that is {@link LinkCheck.Unknown}). */
    public LinkCheck check(String token) {
        if (!ReviewTokens.wellFormed(token)) {
            return new LinkCheck.Unknown();
        }
        String hash = ReviewTokens.hash(token);
        Optional<ReviewLink> found = store.byTokenHash(hash);
        // the row is found by its hash; the stored hash is compared again, in constant time, before it is believed
        if (found.isEmpty() || !Hashing.constantTimeEquals(hash, found.get().tokenHash())) {
            return new LinkCheck.Unknown();
        }
        ReviewLink link = found.get();
        if (link.revokedAt() != null) {
            return new LinkCheck.Revoked(link.revokedAt());
        }
        if (!clock.instant().isBefore(link.expiresAt())) {
            return new LinkCheck.Expired(link.expiresAt());
        }
        return new LinkCheck.Valid(link.session());
    }

    /** The caller's tenant: 404 when there is none or it is another account's. */
    private Tenant tenant(Principal who, String tenantId) {
        Optional<Tenant> t = tenantId == null || !Ids.looksLike("tnt", tenantId) ? Optional.empty() : tenants.get(tenantId);
        if (t.isEmpty() || who == null || !(who.isOwner() || who.canSee(t.get().accountId(), tenantId))) {
            throw ApiException.notFound("tenant " + tenantId);
        }
        return t.get();
    }

    /** Who made or revoked a link, as a post's history names its actors. */
    private static String actor(Principal who) {
        if (who == null) {
            return "system";
        }
        return who.isOwner() ? "owner" : who.role().name().toLowerCase() + ":" + who.keyId();
    }

    private static String stripSlash(String base) {
        String b = base == null ? "" : base;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }
}
