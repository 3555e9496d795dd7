package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.insights.PublishedRows;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerStatus;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a delivery ends and what follows: failed or not_connected with our reason and the provider's code and category
 * (never its text), its hold refunded; the post finished once every platform has ended; a post the run could not
 * handle failed alone. Also the tenant's account a delivery needs, or the delivery ended with why not.
 */
public final class DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final PostStore posts;
    private final TenantProfiles tenants;
    private final Metering metering;
    private final Clock clock;
    private final PublishedRows published;

    /** @param published where a delivery that ends published is recorded for analytics (its insights refresh) */
    public DeliveryOutcomes(PostStore posts, TenantProfiles tenants, Metering metering, Clock clock, PublishedRows published) {
        this.posts = posts;
        this.tenants = tenants;
        this.metering = metering;
        this.clock = clock;
        this.published = published;
    }

    /** The tenant and its token, or a terminal failure (false). */
    Optional<InstagramAccount> account(Post p, String platform, ObjectNode d) {
        Optional<TenantProfiles.Loaded> loaded = loadActive(p, platform, d);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        Tenant t = loaded.get().tenant();
        Optional<String> token = Tenant.TOKEN_EXPIRED.equals(t.igTokenStatus()) ? Optional.empty() : loaded.get().token().get();
        if (t.igUserId() == null || token.isEmpty()) {
            terminal(p, platform, d, DeliveryStatus.FAILED, Tenant.TOKEN_EXPIRED.equals(t.igTokenStatus()) ? "INSTAGRAM_TOKEN_EXPIRED" : "INSTAGRAM_NOT_CONNECTED",
                    Tenant.TOKEN_EXPIRED.equals(t.igTokenStatus()) ? "the tenant's Instagram token has expired; reconnect it and publish again"
                            : "the tenant has no Instagram account connected (igUserId and igAccessToken)", null);
            return Optional.empty();
        }
        return Optional.of(new InstagramAccount(t, token.get()));
    }

    /** The tenant, if it exists and is active; else the delivery ended failed saying why. */
    Optional<Tenant> activeTenant(Post p, String platform, ObjectNode d) {
        return loadActive(p, platform, d).map(TenantProfiles.Loaded::tenant);
    }

    private Optional<TenantProfiles.Loaded> loadActive(Post p, String platform, ObjectNode d) {
        Optional<TenantProfiles.Loaded> loaded = tenants.load(p.tenantId);
        if (loaded.isEmpty()) {
            terminal(p, platform, d, DeliveryStatus.FAILED, "TENANT_NOT_FOUND", "the tenant no longer exists", null);
            return Optional.empty();
        }
        Tenant t = loaded.get().tenant();
        if (!"active".equals(t.status())) {
            terminal(p, platform, d, DeliveryStatus.FAILED, "TENANT_NOT_ACTIVE", "the tenant is " + t.status()
                    + ": nothing is published for it; make it active and publish again", null);
            return Optional.empty();
        }
        return loaded;
    }

    boolean statusFailure(Post p, String platform, ObjectNode d, GraphResult<ContainerStatus> st) {
        switch (st) {
            case GraphResult.TokenExpired<ContainerStatus> te -> {
                tokenExpired(p, platform, d, te);
                return false;
            }
            case GraphResult.Rejected<ContainerStatus> rj -> {
                providerFailure(p, platform, d, "INSTAGRAM_REJECTED", "Instagram does not know the container", rj);
                return false;
            }
            default -> throw new RetryLater("container status unavailable");
        }
    }

    void tokenExpired(Post p, String platform, ObjectNode d, GraphResult<?> r) {
        tenants.markTokenExpired(p.tenantId);
        providerFailure(p, platform, d, "INSTAGRAM_TOKEN_EXPIRED", "the tenant's Instagram token has expired or was revoked; reconnect it and publish again", r);
    }

    /**
     * A delivery Graph refused ends failed with our own words and the refusal's {@link ProviderError}; Meta's text
     * (ids, parameters, trace ids) goes to the log only.
     */
    void providerFailure(Post p, String platform, ObjectNode d, String code, String what, GraphResult<?> r) {
        ProviderError error = ProviderError.of(r);
        LOG.warn("post {} {}: {} ({} {}): {}", p.id, platform, code, error.code(), error.category(), r);
        terminal(p, platform, d, DeliveryStatus.FAILED, code, what + " (" + error.code() + ", " + error.category() + ")", error);
    }

    /**
     * A container Instagram ended (ERROR, EXPIRED...): its status code, and the Meta error code its status text names
     * ("... failed with error code 2207026"), are kept; the text itself goes to the log only.
     */
    void containerEnded(Post p, String platform, ObjectNode d, ContainerStatus s, String what) {
        LOG.warn("post {} {}: container {} ended {}: {}", p.id, platform, s.id(), s.statusCode(), s.status());
        Matcher m = META_CODE.matcher(String.valueOf(s.status()));
        ProviderError error = m.find() ? new ProviderError("GRAPH_" + m.group(1), ProviderError.REJECTED) : null;
        terminal(p, platform, d, DeliveryStatus.FAILED, "CONTAINER_" + s.statusCode(),
                what + " (status " + s.statusCode() + (error == null ? "" : ", " + error.code()) + ")", error);
    }

    private static final Pattern META_CODE = Pattern.compile("error code (\\d{1,9})");

    /** Ends a delivery (failed or not_connected), refunds its hold, and finishes the post if every platform has ended. */
    void terminal(Post p, String platform, ObjectNode d, DeliveryStatus status, String code, String reason, ProviderError error) {
        Instant now = clock.instant();
        ObjectNode end = d == null ? Json.object() : d.deepCopy();
        end.put("status", status.wire());
        end.put("code", code);
        end.put("reason", reason);
        end.put("endedAt", now.toString());
        if (error != null) {
            end.set("error", Json.toTree(error));
        }
        if (!endWith(p, platform, d, end)) {
            return;
        }
        if (d != null && d.hasNonNull("holdId")) {
            metering.refund(new Metering.Hold(p.accountId, d.path("holdId").asText(), d.path("heldMicroCredits").asLong()), reason);
        }
    }

    /**
     * Ends a delivery of {@code p} (as last read or saved, its delivery {@code d}) as {@code end}, and the post with it
     * when no other platform is still open — one write: the whole post, only if unchanged since (its version); else
     * the delivery alone by compare-and-set, then {@link #finish}. False if another delivery changed it first.
     */
    boolean endWith(Post p, String platform, ObjectNode d, ObjectNode end) {
        boolean last = p.platforms().stream().allMatch(x -> x.equals(platform) || DeliveryStatus.of(p.delivery(x)).terminal());
        if (last && p.status == PostStatus.PUBLISHING && sameDelivery(p.delivery(platform), d)) {
            Post ended = PostStore.post(PostStore.item(p)); // a copy: the caller's post stays as read
            ended.deliveries.set(platform, end);
            complete(ended);
            try {
                posts.save(ended);
                recorded(ended, platform, end);
                return true;
            } catch (PostStore.Conflict changed) {
                // another platform or delivery moved meanwhile: the compare-and-set below decides
            }
        }
        if (posts.setDelivery(p.tenantId, p.id, platform, d, end, clock.instant()).isEmpty()) {
            return false;
        }
        recorded(p, platform, end);
        finish(p.tenantId, p.id);
        return true;
    }

    /**
     * THE place a delivery turns published: its analytics row is written here, after the delivery's own write (a
     * conditional put: a redelivered job or a second write keeps the first row). Analytics never fails a publish: a
     * failed row write is logged, and the analytics routes write a missing row from the post itself.
     */
    private void recorded(Post p, String platform, ObjectNode end) {
        if (published == null || DeliveryStatus.of(end) != DeliveryStatus.PUBLISHED) {
            return;
        }
        try {
            published.record(p, platform, end);
        } catch (RuntimeException e) {
            LOG.warn("post {} {}: published, but its analytics row was not written ({})", p.id, platform, e.toString());
        }
    }

    private static boolean sameDelivery(ObjectNode stored, ObjectNode d) {
        return stored == null ? d == null : d != null && Json.write(stored).equals(Json.write(d));
    }

    /** Moves {@code p}, whose platforms have all ended, to its end status (published, partially_published or failed). */
    private void complete(Post p) {
        Instant first = null;
        List<String> reasons = new ArrayList<>();
        for (String platform : p.platforms()) {
            ObjectNode d = p.delivery(platform);
            if (!DeliveryStatus.of(d).terminal()) {
                throw new IllegalStateException("not finished");
            }
            if (DeliveryStatus.of(d) == DeliveryStatus.PUBLISHED) {
                Instant at = Instant.parse(d.path("publishedAt").asText());
                first = first == null || at.isBefore(first) ? at : first;
            } else {
                reasons.add(platform + ": " + d.path("reason").asText());
            }
        }
        PostStatus to = endStatus(p);
        if (first != null && !p.doc.hasNonNull("publishedAt")) {
            p.doc.put("publishedAt", first.toString());
        }
        Workflow.move(p, "publish-complete", to, "worker", reasons.isEmpty() ? null : String.join("; ", reasons), clock.instant());
    }

    /** Ends a publishing post once every platform has ended: published, partially_published or failed. */
    public void finish(String tenantId, String postId) {
        Optional<Post> loaded = posts.get(tenantId, postId);
        if (loaded.isEmpty() || loaded.get().status != PostStatus.PUBLISHING) {
            return;
        }
        Post current = loaded.get();
        for (String platform : current.platforms()) {
            ObjectNode d = current.delivery(platform);
            if (!DeliveryStatus.of(d).terminal()) {
                return;
            }
        }
        try {
            posts.update(tenantId, postId, p -> {
                if (p.status == PostStatus.PUBLISHING) {
                    complete(p);
                }
            });
        } catch (IllegalStateException notFinished) {
            // a platform was reset meanwhile (publish again): nothing to finish
        }
    }

    /** Where a post whose platforms have all ended goes: published (all of them), partially_published (some) or failed. */
    static PostStatus endStatus(Post p) {
        long published = p.platforms().stream().filter(x -> p.deliveryStatus(x) == DeliveryStatus.PUBLISHED).count();
        return published > 0 && published == p.platforms().size() ? PostStatus.PUBLISHED
                : published > 0 ? PostStatus.PARTIALLY_PUBLISHED : PostStatus.FAILED;
    }

    /**
     * Ends a post the publish run could not handle (its claim, its jobs or a sweep step threw), so it
     * fails alone: every platform not yet ended fails with {@code code} and {@code reason}, their held
     * credits are refunded, and the post ends failed (partially_published if a platform was published).
     * False if the post was no longer scheduled or publishing. Throws when even this write fails.
     */
    public boolean failAlone(String tenantId, String postId, String code, String reason) {
        List<Metering.Hold> refunds = new ArrayList<>();
        boolean[] ended = {false};
        posts.update(tenantId, postId, p -> {
            refunds.clear();
            ended[0] = false;
            if (!Workflow.rule("publish-run-failed").allows(p.status)) {
                return;
            }
            Instant now = clock.instant();
            for (String platform : p.platforms()) {
                ObjectNode d = p.delivery(platform);
                if (DeliveryStatus.of(d).terminal()) {
                    continue;
                }
                p.deliveries.set(platform, failed(d, code, reason, now));
                if (d != null && d.hasNonNull("holdId")) {
                    refunds.add(new Metering.Hold(p.accountId, d.path("holdId").asText(), d.path("heldMicroCredits").asLong()));
                }
            }
            Workflow.move(p, "publish-run-failed", endStatus(p), "system", reason, now);
            ended[0] = true;
        });
        refunds.forEach(h -> metering.refund(h, reason));
        return ended[0];
    }

    /** {@code d} (or a new delivery) ended failed with {@code code} and {@code reason}. */
    public static ObjectNode failed(ObjectNode d, String code, String reason, Instant now) {
        ObjectNode end = d == null ? Json.object() : d.deepCopy();
        end.put("status", DeliveryStatus.FAILED.wire());
        end.put("code", code);
        end.put("reason", reason);
        end.put("endedAt", now.toString());
        return end;
    }
}
