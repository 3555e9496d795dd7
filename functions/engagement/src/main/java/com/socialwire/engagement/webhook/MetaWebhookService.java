package com.socialwire.engagement.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.model.Jobs.DmJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Meta's Instagram webhooks: the subscription handshake, and deliveries — verified by
 * {@code X-Hub-Signature-256} over the raw body, turned into comment and DM jobs on their queues
 * and mention items in the inbox, and acknowledged at once (no Graph or LLM call here). The
 * tenant's own comments and message echoes make no job. If a job cannot be queued the answer is
 * 500, so Meta delivers again: nothing accepted is lost.
 */
public final class MetaWebhookService {

    private static final Logger LOG = LoggerFactory.getLogger(MetaWebhookService.class);

    private final byte[] appSecret;
    private final String verifyToken;
    private final TenantProfiles tenants;
    private final JobQueue comments;
    private final JobQueue dms;
    private final InboxStore inbox;
    private final Clock clock;
    /**
     * Instagram account → tenant, kept a minute: a busy account's deliveries skip the lookup, a
     * reconnect shows within 60 s. Unknown accounts are not cached, so a newly connected one
     * is served from its first delivery.
     */
    private final Map<String, Map.Entry<Optional<String>, Instant>> accountCache = new java.util.concurrent.ConcurrentHashMap<>();

    public MetaWebhookService(String appSecret, String verifyToken, TenantProfiles tenants, JobQueue comments, JobQueue dms,
                              InboxStore inbox, Clock clock) {
        this.appSecret = appSecret.getBytes(StandardCharsets.UTF_8);
        this.verifyToken = verifyToken;
        this.tenants = tenants;
        this.comments = comments;
        this.dms = dms;
        this.inbox = inbox;
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
            payload = Json.mapper().readTree(body);
        } catch (java.io.IOException | NumberFormatException e) { // Jackson's NumberFormatException: an exponent past int
            throw ApiException.validation("the webhook body is not JSON", Map.of());
        }
        Instant now = clock.instant();
        List<CommentJob> commentJobs = new ArrayList<>();
        List<DmJob> dmJobs = new ArrayList<>();
        Map<String, Optional<String>> tenantOf = new HashMap<>();
        int mentions = 0;
        for (JsonNode entry : payload.path("entry")) {
            String accountId = entry.path("id").asText("");
            Optional<String> tenant = tenantOf.computeIfAbsent(accountId, this::tenantFor);
            if (tenant.isEmpty()) {
                LOG.warn("webhook entry for Instagram account {} that no tenant has connected", accountId);
                continue;
            }
            for (JsonNode change : entry.path("changes")) {
                JsonNode v = change.path("value");
                switch (change.path("field").asText("")) {
                    case "comments", "live_comments" -> {
                        String authorId = v.path("from").path("id").asText(null);
                        if (accountId.equals(authorId) || v.path("id").asText("").isEmpty()) {
                            continue; // the tenant's own comment (our replies included)
                        }
                        commentJobs.add(new CommentJob(tenant.get(), v.path("id").asText(), authorId,
                                v.path("from").path("username").asText(null), v.path("text").asText(""),
                                v.path("media").path("id").asText(null), v.path("parent_id").asText(null), now));
                    }
                    case "mentions" -> {
                        mention(tenant.get(), v, now);
                        mentions++;
                    }
                    default -> LOG.info("ignoring webhook field {}", change.path("field").asText());
                }
            }
            for (JsonNode m : entry.path("messaging")) {
                JsonNode message = m.path("message");
                String sender = m.path("sender").path("id").asText("");
                if (message.isMissingNode() || message.path("is_echo").asBoolean(false) || sender.equals(accountId)
                        || message.path("mid").asText("").isEmpty()) {
                    continue; // echoes of what the tenant sent, reads, reactions
                }
                String text = message.path("text").asText("");
                if (text.isEmpty() && message.path("attachments").isArray()) {
                    text = "[" + message.path("attachments").size() + " attachment(s)]";
                }
                long ts = m.path("timestamp").asLong(0);
                dmJobs.add(new DmJob(tenant.get(), sender, null, text, message.path("mid").asText(),
                        ts > 0 ? Instant.ofEpochMilli(ts) : null, now));
            }
        }
        comments.send(commentJobs);
        dms.send(dmJobs);
        LOG.info("webhook: {} comment jobs, {} DM jobs, {} mentions", commentJobs.size(), dmJobs.size(), mentions);
        return ApiResponse.text(200, "EVENT_RECEIVED");
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

    private void mention(String tenantId, JsonNode v, Instant now) {
        String commentId = v.path("comment_id").asText(null);
        String mediaId = v.path("media_id").asText(null);
        String external = commentId != null ? commentId : "media:" + mediaId;
        String id = InboxStore.idFor(tenantId, "mention", external);
        String content = commentId != null ? "Mentioned in a comment (" + commentId + ")" : "Mentioned in a post caption";
        inbox.createIfAbsent(new InboxItem(id, tenantId, "instagram", "mention", external, new InboxItem.Person(null, null), content,
                mediaId, "new", "normal", "neutral", "none", null, List.of(), null, now, now, now, 1));
    }

    boolean validSignature(byte[] body, String header) {
        if (!header.startsWith("sha256=") || header.length() != 7 + 64) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret, "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given = HexFormat.of().parseHex(header.substring(7).toLowerCase());
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
