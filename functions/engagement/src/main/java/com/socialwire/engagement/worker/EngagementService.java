package com.socialwire.engagement.worker;

import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.model.Jobs.DmJob;
import com.socialwire.engagement.moderation.ModerationPolicy;
import com.socialwire.engagement.moderation.ModerationResult;
import com.socialwire.engagement.moderation.Moderator;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.tenants.TenantSettings;
import com.socialwire.shared.tenants.TenantStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the comment and DM workers do with one job: record it in the inbox, moderate it, and —
 * when the tenant lets automation answer — write a reply in the brand voice and send it through
 * the Graph API, at most once however often the job arrives.
 *
 * <p>Once-only, with the inbox item as the job's only record (no separate idempotency record):
 * a delivery first reads the item — handled (or deleted by a person) → done; a reply being sent
 * under another worker's live lease → {@link RetryLater}. Moderation is pure, so nothing is
 * written before the decision: the item is created with it (hide, ignore, escalate), or — for a
 * reply — after the LLM call, with the reply text as {@code sending} and a lease of
 * {@link #LEASE_FOR}, in one conditional write (only one delivery can create the item, or move a
 * stored one on from the version it read). That write is the exactly-once checkpoint before Meta
 * is called; {@code replied} is the second and last write. A later delivery finds {@code sending}
 * only once the lease has ended (a transient or unknown answer ends it at once; a crash lets it
 * lapse): it takes the item over with a version-conditional write and checks the comment's replies
 * on Instagram before sending again. A reply thus costs two inbox writes and one read instead of
 * four writes plus a claim's put and update (measured by {@code scripts/costbench}). Two deliveries
 * racing to create the item may both call the LLM (each pays the budget and draws credits from its
 * batch's hold); the winner's draw is charged, the loser writes nothing and retries, and its draw,
 * still open when its batch ends, is carried as a hold of its own that expires uncharged.
 *
 * <p>Credits: inside a worker's SQS batch every reply draws from the batch's one hold of its account
 * and is charged with the batch's settlement (see {@code Metering}); the inbox item keeps the batch
 * hold's id while the reply is {@code sending}, so a later delivery settles the draw the batch carried.
 *
 * <p>Transient provider failures throw {@link RetryLater} (SQS redelivers, then the DLQ); an expired
 * token (code 190) marks the tenant and stops.
 */
public final class EngagementService {

    private static final Logger LOG = LoggerFactory.getLogger(EngagementService.class);
    static final Duration DM_WINDOW = Duration.ofHours(24);
    /** How long a worker owns an item it is sending a reply for: far beyond the Graph calls it makes meanwhile. */
    static final Duration LEASE_FOR = Duration.ofSeconds(90);

    private final TenantProfiles tenants;
    private final InboxStore inbox;
    private final Moderator moderator;
    private final Lazy<ReplyWriter> writers;
    private final GraphApi graph;
    private final Metering metering;
    private final MeteredCall calls;
    private final Clock clock;

    public EngagementService(TenantProfiles tenants, InboxStore inbox, Moderator moderator,
                             Lazy<ReplyWriter> writers, LlmBudget budget, GraphApi graph, Metering metering, Clock clock) {
        this.tenants = tenants;
        this.inbox = inbox;
        this.moderator = moderator;
        this.writers = writers;
        this.graph = graph;
        this.metering = metering;
        this.calls = new MeteredCall(metering, budget);
        this.clock = clock;
    }

    public void handleComment(CommentJob job) {
        processComment(job);
    }

    public void handleDm(DmJob job) {
        processDm(job);
    }

    private void processComment(CommentJob job) {
        Optional<TenantProfiles.Loaded> found = BatchProfiles.load(tenants, job.tenantId());
        found.ifPresent(l -> inbox.tenantRead(l.tenant())); // its counters' day needs the tenant's zone: no second read
        if (found.isEmpty()) {
            LOG.warn("comment {} for unknown tenant {}", job.igCommentId(), job.tenantId());
            return;
        }
        Tenant tenant = found.get().tenant();
        java.util.function.Supplier<Optional<String>> token = found.get().token();
        Optional<InboxItem> started = begin(tenant.id(), "comment", job.igCommentId(), new InboxItem.Person(job.authorId(), job.authorName()),
                job.text(), job.mediaId(), job.receivedAt());
        if (started.isEmpty()) {
            return;
        }
        InboxItem item = started.get();
        TenantSettings s = tenant.settings();
        ModerationResult m = moderator.assess(job.text(), new ModerationPolicy(tenant.noGoTopics(), s.spamAction(), s.noGoAction()));
        item = classified(item, m);
        switch (m.action()) {
            case "hide" -> hide(tenant, token, item, m.reason());
            case "ignore" -> decide(item, "ignored", "ignore", m.reason());
            case "escalate" -> decide(item, "escalated", "escalate", m.reason());
            default -> {
                if (!TenantStatus.ACTIVE.equals(tenant.status()) || !s.autoReplyComments()) {
                    decide(item, "new", "none", "auto-replies to comments are off for this tenant; a person should answer");
                } else {
                    InboxItem current = item;
                    reply(tenant, token, current, "comments", job.authorName(), job.text(),
                            text -> graph.replyToComment(required(token), job.igCommentId(), text),
                            () -> alreadyReplied(tenant, required(token), job.igCommentId(), current));
                }
            }
        }
    }

    private void processDm(DmJob job) {
        Optional<TenantProfiles.Loaded> found = BatchProfiles.load(tenants, job.tenantId());
        found.ifPresent(l -> inbox.tenantRead(l.tenant())); // its counters' day needs the tenant's zone: no second read
        if (found.isEmpty()) {
            LOG.warn("DM {} for unknown tenant {}", job.mid(), job.tenantId());
            return;
        }
        Tenant tenant = found.get().tenant();
        java.util.function.Supplier<Optional<String>> token = found.get().token();
        Optional<InboxItem> started = begin(tenant.id(), "dm", job.mid(), new InboxItem.Person(job.igSenderId(), job.senderName()),
                job.messageText(), null, job.receivedAt());
        if (started.isEmpty()) {
            return;
        }
        InboxItem item = started.get();
        TenantSettings s = tenant.settings();
        ModerationResult m = moderator.assess(job.messageText(), new ModerationPolicy(tenant.noGoTopics(), s.spamAction(), s.noGoAction()));
        item = classified(item, m);
        Instant sent = job.sentAt() == null ? job.receivedAt() : job.sentAt();
        if (sent != null && Duration.between(sent, clock.instant()).compareTo(DM_WINDOW) > 0) {
            decide(item, "escalated", "escalate", "OUTSIDE_MESSAGING_WINDOW: the message is older than Meta's 24-hour window; a person must answer");
            return;
        }
        switch (m.action()) {
            // a DM cannot be hidden: what moderation would hide in public goes to a person
            case "hide", "escalate" -> decide(item, "escalated", "escalate", m.reason());
            case "ignore" -> decide(item, "ignored", "ignore", m.reason());
            default -> {
                if (!TenantStatus.ACTIVE.equals(tenant.status()) || !s.autoReplyDms()) {
                    decide(item, "new", "none", "auto-replies to DMs are off for this tenant; a person should answer");
                } else {
                    reply(tenant, token, item, "direct messages", job.senderName(), job.messageText(),
                            text -> graph.sendMessage(required(token), tenant.igUserId(), job.igSenderId(), text),
                            () -> false); // Meta offers no read-back of a sent DM: an unknown outcome is escalated below
                }
            }
        }
    }

    /** Generates, checks and sends one reply; every way out leaves the item in a clear state. */
    private void reply(Tenant tenant, java.util.function.Supplier<Optional<String>> token, InboxItem start, String channel,
                       String author, String text,
                       java.util.function.Function<String, GraphResult<String>> send,
                       java.util.function.BooleanSupplier alreadySent) {
        InboxItem item = start;
        if (item.reply() != null && "sending".equals(item.reply().state())) {
            // a previous attempt got as far as calling Meta and its lease ended: never send twice blindly
            if (alreadySent.getAsBoolean()) {
                return;
            }
            if ("dm".equals(item.type())) {
                decide(item, "escalated", "escalate", "UNKNOWN_OUTCOME: a DM reply may or may not have been delivered; check before answering");
                return;
            }
        } else {
            if (Tenant.TOKEN_EXPIRED.equals(tenant.igTokenStatus()) || token.get().isEmpty()) {
                decide(item, "escalated", "escalate", "TOKEN_EXPIRED: the tenant's Instagram token is missing or expired; reconnect it");
                return;
            }
            ReplyWriter writer = writers.get(); // built by the first reply to write, not with the worker
            LlmClient.LlmRequest request = writer.request(tenant, channel, author, text);
            long fee = metering.card().fee("comment".equals(item.type()) ? "reply" : "dm_reply");
            // credits first: an account that cannot pay gets no generation and no reply
            MeteredCall.Outcome<LlmResult.Ok> outcome = calls.llm(tenant, tenant.accountId(), "reply:" + item.id(), fee,
                    writer.worstCaseUsd(request), "auto-reply to " + item.type() + " " + item.externalId(), () -> writer.write(request));
            switch (outcome) {
                case MeteredCall.Outcome.NoCredits<LlmResult.Ok> n -> {
                    decide(item, "escalated", "escalate", "INSUFFICIENT_CREDITS: the account's credits do not cover an automatic reply; "
                            + "no reply was generated");
                    return;
                }
                case MeteredCall.Outcome.Refused<LlmResult.Ok> r -> {
                    decide(item, "escalated", "escalate", "BUDGET_EXCEEDED: today's LLM budget of $"
                            + tenant.settings().dailyLlmBudgetUsd().toPlainString() + " is spent; no reply was generated");
                    return;
                }
                case MeteredCall.Outcome.Unavailable<LlmResult.Ok> u -> throw new RetryLater("LLM unavailable (" + u.httpStatus() + ")");
                case MeteredCall.Outcome.Failed<LlmResult.Ok> f -> {
                    decide(item, "escalated", "escalate", "LLM_FAILED: the model could not write a reply",
                            ProviderError.llm(f.httpStatus(), false), f.message());
                    return;
                }
                case MeteredCall.Outcome.Answered<LlmResult.Ok> a -> {
                    LlmResult.Ok ok = a.value();
                    String refusal = writer.refusal(tenant, ok.text());
                    if (refusal != null) {
                        calls.settle(a, 0); // the generation was spent; no reply fee
                        decide(item, "escalated", "escalate", "REPLY_REJECTED: " + refusal);
                        return;
                    }
                    // the hold stays open until the reply is sent: charge() settles it, from a retry too, by its id (a draw of the
                    // batch's hold: settled with the batch, or — still in flight when the batch ends — carried as a hold of its own)
                    InboxItem.Reply draft = new InboxItem.Reply(ok.text().strip(), ok.model(), writer.llm().offline(), null, "sending",
                            null, a.hold().reservedMicroCredits(), a.costMicroCredits(), a.hold().batchHold());
                    // the checkpoint before Meta: this write creates (or moves on) the item, leased, so no other delivery sends meanwhile
                    item = inbox.save(item.with(item.status(), "reply", item.priority(), item.reason(), draft, clock.instant()),
                            clock.instant().plus(LEASE_FOR)).orElseThrow(() -> new RetryLater("inbox item of " + start.externalId()
                            + " was written by another delivery meanwhile"));
                }
            }
        }
        GraphResult<String> sent = send.apply(item.reply().text());
        switch (sent) {
            case GraphResult.Ok<String> ok -> {
                InboxItem.Reply r = item.reply();
                saveOrRetry(item.with("replied", "reply", item.priority(), null, r.sent(ok.value(), clock.instant()), clock.instant()));
                charge(tenant, item, true);
                if (ok.usage() != null && ok.usage().nearLimit()) {
                    tenants.markThrottled(tenant.id(), clock.instant().plusSeconds(Math.max(60, ok.usage().estimatedTimeToRegainAccessMinutes() * 60)));
                }
            }
            case GraphResult.TokenExpired<String> t -> {
                tenants.markTokenExpired(tenant.id());
                charge(tenant, item, false);
                decide(item, "escalated", "escalate", "TOKEN_EXPIRED: Meta rejected the tenant's token; reconnect it", ProviderError.of(t), t.message());
            }
            case GraphResult.Rejected<String> r -> {
                charge(tenant, item, false);
                decide(item, "escalated", "escalate", "GRAPH_REJECTED: Meta refused the reply", ProviderError.of(r), r.message());
            }
            case GraphResult.Transient<String> t -> {
                if (t.retryAfterSeconds() > 0) {
                    tenants.markThrottled(tenant.id(), clock.instant().plusSeconds(t.retryAfterSeconds()));
                }
                inbox.save(item); // ends the lease: the next delivery checks Instagram, then sends
                throw new RetryLater("Graph API unavailable (" + t.httpStatus() + "/" + t.code() + ")");
            }
            case GraphResult.Unknown<String> u -> {
                inbox.save(item);
                throw new RetryLater("Graph API outcome unknown: " + u.message());
            }
        }
    }

    /** Settles the reply's hold: the generation always, the reply fee only if the reply went out. */
    private void charge(Tenant tenant, InboxItem item, boolean delivered) {
        InboxItem.Reply r = item.reply();
        if (r == null || r.heldMicroCredits() <= 0) {
            return;
        }
        Metering.Hold hold = Metering.Hold.of(tenant.accountId(), "reply:" + item.id(), r.hold(), r.heldMicroCredits());
        long fee = metering.card().fee("comment".equals(item.type()) ? "reply" : "dm_reply");
        metering.settle(hold, r.llmMicroCredits() + (delivered ? fee : 0));
    }

    /** After an unknown outcome: is our reply already under the comment on Instagram? If so, record it as sent. */
    private boolean alreadyReplied(Tenant tenant, String accessToken, String commentId, InboxItem item) {
        GraphResult<GraphApi.Comment> read = graph.getComment(accessToken, commentId);
        if (read instanceof GraphResult.Ok<GraphApi.Comment> ok && ok.value().replies() != null) {
            for (GraphApi.Reply r : ok.value().replies()) {
                boolean anonymous = r.fromId() == null && r.username() == null; // the fields were not granted: text decides
                boolean ours = anonymous || (tenant.igUserId() != null && tenant.igUserId().equals(r.fromId()))
                        || (tenant.igHandle() != null && tenant.igHandle().equalsIgnoreCase(r.username()));
                if (ours && item.reply().text().equals(r.text())) {
                    saveOrRetry(item.with("replied", "reply", item.priority(), null, item.reply().sent(r.id(), clock.instant()), clock.instant()));
                    charge(tenant, item, true);
                    return true;
                }
            }
            return false;
        }
        if (read instanceof GraphResult.TokenExpired<GraphApi.Comment>) {
            tenants.markTokenExpired(tenant.id());
            decide(item, "escalated", "escalate", "TOKEN_EXPIRED: Meta rejected the tenant's token; reconnect it");
            return true;
        }
        throw new RetryLater("cannot tell yet whether the reply to " + commentId + " was posted");
    }

    private void hide(Tenant tenant, java.util.function.Supplier<Optional<String>> token, InboxItem item, String reason) {
        if (token.get().isEmpty() || Tenant.TOKEN_EXPIRED.equals(tenant.igTokenStatus())) {
            decide(item, "escalated", "escalate", "should be hidden (" + reason + ") but the tenant's token is missing or expired");
            return;
        }
        switch (graph.hideComment(required(token), item.externalId(), true)) {
            case GraphResult.Ok<Boolean> ok -> decide(item, "hidden", "hide", reason);
            case GraphResult.TokenExpired<Boolean> t -> {
                tenants.markTokenExpired(tenant.id());
                decide(item, "escalated", "escalate", "should be hidden (" + reason + ") but Meta rejected the token", ProviderError.of(t), t.message());
            }
            case GraphResult.Rejected<Boolean> r -> decide(item, "escalated", "escalate", "should be hidden (" + reason + ") but Meta refused",
                    ProviderError.of(r), r.message());
            // hiding is idempotent: try again
            case GraphResult.Transient<Boolean> t -> throw new RetryLater("Graph API unavailable while hiding");
            case GraphResult.Unknown<Boolean> u -> throw new RetryLater("hide outcome unknown");
        }
    }

    /**
     * The job's item to work on, or empty if its job was done. Not stored yet: a new item at version 0 (its first
     * write creates it, if no other delivery did meanwhile). Stored and waiting on an answer from Meta: this
     * delivery takes it over with a version-conditional write that leases it (another delivery holding a live
     * lease → {@link RetryLater}). Any other unfinished item is worked on at the version read (its next write is conditional on it).
     */
    private Optional<InboxItem> begin(String tenantId, String type, String externalId, InboxItem.Person from, String text, String postId,
                                      Instant receivedAt) {
        String id = InboxStore.idFor(tenantId, type, externalId);
        Instant now = clock.instant();
        Optional<InboxStore.Stored> found = inbox.find(tenantId, id);
        if (found.isEmpty()) {
            return Optional.of(new InboxItem(id, tenantId, "instagram", type, externalId, from, text, postId, "new", "normal", "neutral",
                    "none", null, List.of(), null, receivedAt == null ? now : receivedAt, now, now, 0));
        }
        InboxStore.Stored stored = found.get();
        if (stored.deleted() || isSettled(stored.item())) {
            LOG.info("{} {} already handled", type, externalId);
            return Optional.empty();
        }
        if (stored.leasedAt(now)) {
            throw new RetryLater(type + " " + externalId + " is being handled by another worker");
        }
        InboxItem item = stored.item();
        if (item.reply() != null && "sending".equals(item.reply().state())) {
            return Optional.of(inbox.save(item, now.plus(LEASE_FOR))
                    .orElseThrow(() -> new RetryLater(type + " " + externalId + " was taken over by another worker")));
        }
        return Optional.of(item);
    }

    private static boolean isSettled(InboxItem item) {
        return List.of("replied", "hidden", "ignored", "escalated", "done").contains(item.status())
                || (item.reply() != null && "sent".equals(item.reply().state()));
    }

    /** The item with moderation's verdict; written with the decision that follows (moderation is pure, so a retry finds the same). */
    private InboxItem classified(InboxItem item, ModerationResult m) {
        return new InboxItem(item.id(), item.tenantId(), item.platform(), item.type(), item.externalId(), item.fromUser(),
                item.content(), item.postId(), item.status(), m.priority(), m.sentiment(), item.action(), item.reason(), m.flags(),
                item.reply(), item.receivedAt(), item.createdAt(), clock.instant(), item.version());
    }

    private void decide(InboxItem item, String status, String action, String reason) {
        saveOrRetry(item.with(status, action, item.priority(), reason, item.reply(), clock.instant()));
    }

    /** A decision a provider's failure forced: the item keeps its code and category; the provider's (redacted) text is logged only. */
    private void decide(InboxItem item, String status, String action, String reason, ProviderError error, String providerText) {
        LOG.warn("inbox item {}: {} ({} {}): {}", item.id(), reason, error.code(), error.category(), providerText);
        saveOrRetry(item.withError(error).with(status, action, item.priority(), reason, item.reply(), clock.instant()));
    }

    private InboxItem saveOrRetry(InboxItem item) {
        return inbox.save(item).orElseThrow(() -> new RetryLater("inbox item " + item.id() + " changed meanwhile"));
    }

    private static String required(java.util.function.Supplier<Optional<String>> token) {
        return token.get().orElseThrow(() -> new IllegalStateException("tenant has no token"));
    }
}
