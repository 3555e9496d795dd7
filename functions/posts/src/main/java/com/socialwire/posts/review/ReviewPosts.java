package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.review.page.ReviewView;
import com.socialwire.posts.service.PostService;
import com.socialwire.posts.store.CommentStore;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Parallel;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Branding;
import com.socialwire.shared.tenants.Tenant;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * What a review link's page shows: the tenant's posts the link covers that the approver should see, found without a
 * scan and within bounds — the account's approval queue for the tenant (posts waiting for the client or back with
 * the agency), the tenant's schedule from {@link #SCHEDULED_LOOKBACK} ago on, and its unscheduled posts created in the
 * last {@link #UNSCHEDULED_LOOKBACK}; each read at most {@value #PAGES} pages of {@value #PAGE} posts, and the page
 * shows at most {@value #MAX_POSTS} posts (those waiting for the client first), each with its first
 * {@value #COMMENTS} comments.
 */
public final class ReviewPosts {

    public static final int MAX_POSTS = 100;
    static final int PAGE = 100;
    static final int PAGES = 3;
    static final int COMMENTS = 20;
    /** How many cards read their comments and media at once. */
    static final int CARD_READS = 8;
    /** The page's reads that run beside each other (the post sources, the tenant): daemon threads kept by the container. */
    static final java.util.concurrent.ExecutorService READS = java.util.concurrent.Executors.newCachedThreadPool(
            new Parallel.DaemonThreads("review-reads"));
    static final Duration SCHEDULED_LOOKBACK = Duration.ofDays(14);
    static final Duration UNSCHEDULED_LOOKBACK = Duration.ofDays(90);

    private final PostStore store;
    private final PostService posts;
    /** The posts' comments, read straight from their store: each post was just read (ReviewComments would read it again). */
    private final CommentStore comments;
    private final MediaPreviews media;

    public ReviewPosts(PostStore store, PostService posts, CommentStore comments, MediaPreviews media) {
        this.store = store;
        this.posts = posts;
        this.comments = comments;
        this.media = media;
    }

    /** The post {@code postId} if it is the link's tenant's and within its campaign; empty otherwise (a 404 for the caller). */
    public Optional<Post> find(ReviewSession s, String postId) {
        if (postId == null || !postId.startsWith("post_") || postId.length() > 80) {
            return Optional.empty();
        }
        return store.get(s.tenantId(), postId).filter(p -> s.tenantId().equals(p.tenantId) && s.covers(p.campaignId()));
    }

    /** The tenant's zone (UTC when it has none or an unknown one). */
    public static ZoneId zone(Tenant t) {
        try {
            return t.timezone() == null || t.timezone().isBlank() ? ZoneOffset.UTC : ZoneId.of(t.timezone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** The page's model for the link {@code s} of {@code tenant}. */
    public ReviewView view(ReviewSession s, Tenant tenant, String basePath, String csrfField, String nonce, ReviewView.Notice notice,
                           Instant now) {
        return view(s, tenant, gather(s, now), basePath, csrfField, nonce, notice, now);
    }

    /**
     * Starts finding the posts to show ({@link #gather}) on the page's own threads, for the caller to read the tenant
     * (and to check it still exists) in the same round trip.
     */
    public Future<List<Post>> startGathering(ReviewSession s, Instant now) {
        return READS.submit(() -> gather(s, now));
    }

    /** The page's model for the link {@code s} of {@code tenant} over {@code shown} (as {@link #gather} found them). */
    public ReviewView view(ReviewSession s, Tenant tenant, List<Post> shown, String basePath, String csrfField, String nonce,
                           ReviewView.Notice notice, Instant now) {
        boolean publishes = !"download_only".equals(tenant.settings().deliveryMode());
        // each card reads its comments and media rows: independent reads, made a few at a time
        ReviewView.PostCard[] cards = new ReviewView.PostCard[shown.size()];
        List<Integer> indexes = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            indexes.add(i);
        }
        Parallel.forEach(indexes, CARD_READS, i -> cards[i] = card(s, shown.get(i), basePath, publishes));
        Map<String, List<ReviewView.PostCard>> byGroup = new LinkedHashMap<>();
        Map<String, List<String>> waitingByCampaign = new LinkedHashMap<>();
        for (int i = 0; i < shown.size(); i++) {
            Post p = shown.get(i);
            String platform = p.platforms().isEmpty() ? "other" : p.platforms().get(0);
            String kind = ReviewCards.kind(p, platform);
            byGroup.computeIfAbsent(platform + "|" + kind, k -> new ArrayList<>()).add(cards[i]);
            if (ReviewCards.WAITING.contains(p.status) && p.campaignId() != null) {
                waitingByCampaign.computeIfAbsent(p.campaignId(), k -> new ArrayList<>()).add(p.id);
            }
        }
        List<ReviewView.Group> groups = new ArrayList<>();
        byGroup.forEach((key, grouped) -> {
            String platform = key.substring(0, key.indexOf('|'));
            String kind = key.substring(key.indexOf('|') + 1);
            groups.add(new ReviewView.Group(platform, ReviewCards.platformLabel(platform), kind, ReviewCards.groupLabel(platform, kind),
                    List.copyOf(grouped)));
        });
        List<String> order = Platforms.names();
        groups.sort(Comparator.comparingInt((ReviewView.Group g) -> rank(order, g.platform()))
                .thenComparingInt(g -> rank(ReviewCards.KINDS, g.kind())));
        List<ReviewView.Campaign> campaigns = new ArrayList<>();
        waitingByCampaign.forEach((id, ids) -> campaigns.add(new ReviewView.Campaign(id, id, ids.size(), List.copyOf(ids))));
        ReviewView.Brand brand = brand(tenant, s, basePath);
        return new ReviewView(brand, s.approverName(), s.campaignId(), s.expiresAt(), basePath, csrfField, nonce, notice,
                List.copyOf(campaigns), List.copyOf(groups), zone(tenant), now);
    }

    /** The tenant's name, colours and logo (a preview path when the logo is one of its images with a preview, else none). */
    private ReviewView.Brand brand(Tenant tenant, ReviewSession s, String basePath) {
        Branding b = tenant.settings().branding();
        String logo = null;
        if (b.logoMediaId() != null) {
            logo = media.find(s.tenantId(), b.logoMediaId()).filter(MediaPreviews::previewable)
                    .map(ref -> basePath + "/media/" + ref.id()).orElse(null);
        }
        return new ReviewView.Brand(tenant.name(), Branding.color(b.primaryColor()), Branding.color(b.accentColor()), logo);
    }

    private static int rank(List<String> order, String value) {
        int i = order.indexOf(value);
        return i < 0 ? order.size() : i;
    }

    /**
     * The posts to show, waiting ones first (oldest wait first), then those with the agency, then approved ones by time.
     * Its three sources — the approval queue, the schedule from {@link #SCHEDULED_LOOKBACK} back, the unscheduled posts
     * of {@link #UNSCHEDULED_LOOKBACK} — are read at once (independent queries: one round trip, not three), each at most
     * {@link #PAGES} pages.
     */
    List<Post> gather(ReviewSession s, Instant now) {
        Future<List<Post>> queue = READS.submit(() -> pages(cursor -> store.pending(s.accountId(), Set.of(s.tenantId()), PAGE, cursor)));
        String from = now.minus(SCHEDULED_LOOKBACK).toString();
        Future<List<Post>> scheduled = READS.submit(() -> pages(cursor -> posts.list(s.tenantId(), null, null, from, null, s.campaignId(),
                PAGE, cursor)));
        List<Post> unscheduled = pages(cursor -> store.unscheduledSince(s.tenantId(), now.minus(UNSCHEDULED_LOOKBACK), PAGE, cursor));
        Map<String, Post> found = new LinkedHashMap<>();
        keep(s, Parallel.join(queue), found);
        keep(s, Parallel.join(scheduled), found);
        keep(s, unscheduled, found);
        List<Post> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparingInt((Post p) -> order(p.status))
                .thenComparing(p -> p.scheduledFor == null ? Instant.MAX : p.scheduledFor)
                .thenComparing(p -> p.createdAt));
        return out.size() <= MAX_POSTS ? out : List.copyOf(out.subList(0, MAX_POSTS));
    }

    /** Up to {@link #PAGES} pages of one source, or fewer once it has {@code 3 * MAX_POSTS} posts. */
    private static List<Post> pages(java.util.function.Function<String, Page<Post>> read) {
        List<Post> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < PAGES && out.size() < 3 * MAX_POSTS; page++) {
            Page<Post> p = read.apply(cursor);
            out.addAll(p.items());
            cursor = p.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return out;
    }

    private static void keep(ReviewSession s, List<Post> page, Map<String, Post> found) {
        for (Post p : page) {
            if (s.tenantId().equals(p.tenantId) && s.covers(p.campaignId()) && ReviewCards.visible(p)) {
                found.putIfAbsent(p.id, p);
            }
        }
    }

    private static int order(PostStatus status) {
        return ReviewCards.WAITING.contains(status) ? 0 : ReviewCards.BACK_WITH_AGENCY.contains(status) ? 1 : 2;
    }

    private ReviewView.PostCard card(ReviewSession s, Post p, String basePath, boolean publishes) {
        List<ReviewView.Media> items = new ArrayList<>();
        int position = 0;
        for (String id : p.mediaIds()) {
            if (items.size() >= ReviewCards.MAX_MEDIA) {
                break;
            }
            position++;
            Optional<MediaRef> ref = media.find(s.tenantId(), id);
            if (ref.isPresent()) {
                items.add(ReviewCards.media(basePath, ref.get(), position));
            }
        }
        List<ReviewView.Comment> shownComments = new ArrayList<>();
        for (ObjectNode c : comments.list(s.tenantId(), p.id, COMMENTS, null).items()) {
            ReviewView.Comment comment = ReviewCards.comment(c, s);
            if (comment != null) {
                shownComments.add(comment);
            }
        }
        String platform = p.platforms().isEmpty() ? "other" : p.platforms().get(0);
        return new ReviewView.PostCard(p.id, p.version, p.status.wire(), ReviewCards.statusLabel(p.status), p.campaignId(),
                ReviewCards.kind(p, platform), p.title(), p.text(), p.link(), List.copyOf(p.platforms()), ReviewCards.limits(p),
                List.copyOf(items), p.scheduledFor, List.copyOf(shownComments), ReviewCards.actions(p.status, publishes),
                ReviewCards.stateNote(p.status));
    }
}
