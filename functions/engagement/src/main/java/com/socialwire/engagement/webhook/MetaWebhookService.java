package com.socialwire.engagement.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.model.Jobs.DmJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.Parallel;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.social.mentions.InboxCursors;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meta's webhooks (Instagram; Facebook Pages' feed comments and Threads' replies for the tenants' social accounts of
 * those platforms, found through their inbox rows): the subscription handshake, and deliveries — verified by
 * {@code X-Hub-Signature-256} over the raw body, read by {@link MetaEvents} in either documented
 * shape, turned into comment and DM jobs on their queues and mention items in the inbox, and
 * acknowledged at once (no Graph or LLM call here). The tenant's own comments make no job;
 * message echoes, reactions, standby and unknown fields are counted by field in the ops metrics.
 * If a job cannot be queued the answer is 500, so Meta delivers again: nothing accepted is lost.
 */
public final class MetaWebhookService {

    private static final Logger LOG = LoggerFactory.getLogger(MetaWebhookService.class);
    /** The ignored-field count of entries for Instagram accounts no tenant has connected. */
    static final String UNCONNECTED = "unconnected_account";
    /** Tenant look-ups and mention writes in flight at once for one delivery. */
    private static final int PARALLEL_WRITES = 8;

    private final byte[] appSecret;
    private final String verifyToken;
    private final TenantProfiles tenants;
    private final JobQueue comments;
    private final JobQueue dms;
    private final InboxStore inbox;
    private final Counters counters;
    private final Clock clock;
    /**
     * Instagram account → tenant, kept a minute: a busy account's deliveries skip the lookup, a
     * reconnect shows within 60 s. Unknown accounts are not cached, so a newly connected one
     * is served from its first delivery.
     */
    private final Map<String, Map.Entry<Optional<String>, Instant>> accountCache = new ConcurrentHashMap<>();
    /** A Facebook Page's or Threads profile's social account ({@code platform|id}), kept a minute the same way. */
    private final Map<String, Map.Entry<Optional<InboxCursors.Row>, Instant>> pushedCache = new ConcurrentHashMap<>();
    private final InboxCursors cursors;

    public MetaWebhookService(String appSecret, String verifyToken, TenantProfiles tenants, JobQueue comments, JobQueue dms,
                              InboxStore inbox, Counters counters, Clock clock, InboxCursors cursors) {
        this.cursors = cursors;
        this.appSecret = appSecret.getBytes(StandardCharsets.UTF_8);
        this.verifyToken = verifyToken;
        this.tenants = tenants;
        this.comments = comments;
        this.dms = dms;
        this.inbox = inbox;
        this.counters = counters;
        this.clock = clock;
    }

    /** The subscription handshake: echo hub.challenge if hub.verify_token is ours, else 403. */
    public ApiResponse verify(ApiRequest r) {
        String mode = r.query("hub.mode").orElse("");
        String token = r.query("hub.verify_token").orElse("");
        String challenge = r.query("hub.challenge").orElse("");
        if ("subscribe".equals(mode) && !challenge.isEmpty() && Hashing.constantTimeEquals(token, verifyToken)) {
            return ApiResponse.text(200, challenge);
        }
        throw new ApiException(ErrorCode.FORBIDDEN, "verification failed: wrong hub.mode or hub.verify_token");
    }

    public ApiResponse receive(ApiRequest r) {
        byte[] body = r.body() == null ? new byte[0] : r.body();
        String signature = r.header("x-hub-signature-256").orElse("");
        if (!validSignature(body, signature)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "missing or invalid X-Hub-Signature-256");
        }
        JsonNode payload;
        try {
            payload = Json.tree(body);
        } catch (java.io.UncheckedIOException | NumberFormatException e) { // Jackson's NumberFormatException: an exponent past int
            throw ApiException.validation("the webhook body is not JSON", Map.of());
        }
        Instant now = clock.instant();
        List<CommentJob> commentJobs = new ArrayList<>();
        List<DmJob> dmJobs = new ArrayList<>();
        List<InboxItem> mentions = new ArrayList<>();
        Map<String, Long> ignored = new TreeMap<>();
        List<MetaEvents.Event> events = MetaEvents.read(payload);
        // one delivery can name many accounts: look each up once, several at a time
        Map<String, Optional<String>> tenantOf = new ConcurrentHashMap<>();
        Map<String, Optional<InboxCursors.Row>> accountOf = new ConcurrentHashMap<>();
        // a Page's or Threads profile's delivery names no Instagram account: its accounts are found through their inbox rows
        boolean pushed = MetaEvents.pushed(payload);
        Parallel.forEach(pushed ? List.of() : events.stream().map(MetaEvents.Event::accountId).distinct().toList(), PARALLEL_WRITES,
                account -> tenantOf.put(account, tenantFor(account)));
        Parallel.forEach(events.stream().filter(e -> e instanceof MetaEvents.PlatformComment).map(e -> (MetaEvents.PlatformComment) e)
                .map(c -> c.platform() + "|" + c.accountId()).distinct().toList(), PARALLEL_WRITES,
                key -> accountOf.put(key, accountFor(key)));
        for (MetaEvents.Event event : events) {
            if (event instanceof MetaEvents.PlatformComment c) {
                Optional<InboxCursors.Row> account = accountOf.get(c.platform() + "|" + c.accountId());
                if (account.isEmpty()) {
                    ignored.merge(UNCONNECTED, 1L, Long::sum);
                } else {
                    commentJobs.add(job(account.get(), c, now));
                }
                continue;
            }
            if (pushed && event instanceof MetaEvents.Ignored i) {
                ignored.merge(i.field(), 1L, Long::sum);
                continue;
            }
            Optional<String> tenant = tenantOf.get(event.accountId());
            if (tenant.isEmpty()) {
                ignored.merge(UNCONNECTED, 1L, Long::sum);
                continue;
            }
            // instanceof tests, not a pattern switch: the first pattern switch of a JVM costs ~3 ms (SwitchBootstraps)
            if (event instanceof MetaEvents.Comment c) {
                commentJobs.add(new CommentJob(tenant.get(), c.commentId(), c.authorId(), c.authorName(), c.text(), c.mediaId(),
                        c.parentId(), now));
            } else if (event instanceof MetaEvents.Message m) {
                dmJobs.add(new DmJob(tenant.get(), m.senderId(), null, m.text(), m.mid(), m.sentAt(), now));
            } else if (event instanceof MetaEvents.Mention m) {
                mentions.add(mention(tenant.get(), m, now));
            } else if (event instanceof MetaEvents.Ignored i) {
                ignored.merge(i.field(), 1L, Long::sum);
            }
        }
        comments.send(commentJobs);
        dms.send(dmJobs);
        Parallel.forEach(mentions, PARALLEL_WRITES, inbox::createIfAbsent);
        if (!ignored.isEmpty()) {
            LOG.info("webhook: ignored {}", ignored);
            countIgnored(ignored);
        }
        LOG.info("webhook: {} comment jobs, {} DM jobs, {} mentions", commentJobs.size(), dmJobs.size(), mentions.size());
        return ApiResponse.text(200, "EVENT_RECEIVED");
    }

    /** Best effort: a count that cannot be written is logged, and the delivery still succeeds. */
    private void countIgnored(Map<String, Long> byField) {
        Map<String, Long> deltas = new HashMap<>();
        byField.forEach((field, n) -> deltas.put(Counters.WEBHOOK_IGNORED + field, n));
        try {
            counters.addNow(deltas);
        } catch (RuntimeException e) {
            LOG.warn("could not count ignored webhook fields {}: {}", byField, e.toString());
        }
    }

    private Optional<String> tenantFor(String igAccountId) {
        Instant now = clock.instant();
        var cached = accountCache.get(igAccountId);
        if (cached != null && cached.getValue().isAfter(now)) {
            return cached.getKey();
        }
        Optional<String> tenant = tenants.tenantForIgUser(igAccountId);
        if (accountCache.size() > 10_000) {
            accountCache.clear();
        }
        if (tenant.isPresent()) {
            accountCache.put(igAccountId, Map.entry(tenant, now.plusSeconds(60)));
        }
        return tenant;
    }

    /**
     * The comment job of a Facebook Page comment or a Threads reply, for its social account: answered through the
     * platform's {@code MentionSource}, its reply reference the comment (Facebook) or the reply (Threads) itself.
     */
    private static CommentJob job(InboxCursors.Row account, MetaEvents.PlatformComment c, Instant now) {
        Map<String, String> replyRef = new HashMap<>();
        if (c.postId() != null) {
            replyRef.put("postId", c.postId());
        }
        if (c.parentId() != null) {
            replyRef.put("parentId", c.parentId());
        }
        return new CommentJob(account.tenantId(), null, c.authorId(), c.authorName(), c.text(), c.postId(), c.parentId(), now,
                c.platform(), account.accountId(), c.parentId() == null ? "comment" : "reply", c.commentId(), c.authorHandle(), c.url(),
                c.createdAt(), replyRef);
    }

    /** The social account of a pushed platform's {@code platform|externalId}, cached as {@link #tenantFor} caches. */
    private Optional<InboxCursors.Row> accountFor(String key) {
        Instant now = clock.instant();
        var cached = pushedCache.get(key);
        if (cached != null && cached.getValue().isAfter(now)) {
            return cached.getKey();
        }
        int bar = key.indexOf('|');
        Optional<InboxCursors.Row> row = cursors.byExternal(key.substring(0, bar), key.substring(bar + 1));
        if (pushedCache.size() > 10_000) {
            pushedCache.clear();
        }
        if (row.isPresent()) {
            pushedCache.put(key, Map.entry(row, now.plusSeconds(60)));
        }
        return row;
    }

    private static InboxItem mention(String tenantId, MetaEvents.Mention m, Instant now) {
        String external = m.commentId() != null ? m.commentId() : "media:" + m.mediaId();
        String id = InboxStore.idFor(tenantId, "mention", external);
        String content = m.commentId() != null ? "Mentioned in a comment (" + m.commentId() + ")" : "Mentioned in a post caption";
        return new InboxItem(id, tenantId, "instagram", "mention", external, new InboxItem.Person(null, null), content,
                m.mediaId(), "new", "normal", "neutral", "none", null, List.of(), null, now, now, now, 1);
    }

    boolean validSignature(byte[] body, String header) {
        if (!header.startsWith("sha256=") || header.length() != 7 + 64) {
            return false;
        }
        if (appSecret.length == 0) {
            return false; // no secret configured: nothing is signed by Meta
        }
        try {
            // over MessageDigest (no JCE provider list at the webhook's cold start); Hashing holds it to javax.crypto.Mac
            byte[] expected = Hashing.hmacSha256(appSecret, body);
            byte[] given = HexFormat.of().parseHex(header.substring(7).toLowerCase(java.util.Locale.ROOT));
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
