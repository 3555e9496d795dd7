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
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.social.mentions.MentionSource;
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
import java.util.Map;
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
    /** The social accounts, their tokens and their platforms' sources: what answers an item of another platform than Instagram. */
    private final Lazy<Platforms> platforms;

    /**
     * What answers items of the tenants' social accounts: their rows, their tokens (refreshed when due), and each
     * platform's {@link MentionSource} by its name.
     */
    public record Platforms(SocialAccounts accounts, TokenCare tokens, Map<String, MentionSource> sources) {
    }

    public EngagementService(TenantProfiles tenants, InboxStore inbox, Moderator moderator,
                             Lazy<ReplyWriter> writers, LlmBudget budget, GraphApi graph, Metering metering, Clock clock,
                             Lazy<Platforms> platforms) {
        this.platforms = platforms;
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
        if (!job.instagram()) {
            processMention(job);
            return;
        }
        Optional<TenantProfiles.Loaded> found = BatchProfiles.load(tenants, job.tenantId());
        found.ifPresent(l -> inbox.tenantRead(l.tenant())); // its counters' day needs the tenant's zone: no second read
        if (found.isEmpty()) {
            LOG.warn("comment {} for unknown tenant {}", job.igCommentId(), job.tenantId());
            return;
        }
        Tenant tenant = found.get().tenant();
        java.util.function.Supplier<Optional<String>> token = found.get().token();
        Optional<Started> started = start(tenant, "instagram", "comment", job.igCommentId(), new InboxItem.Person(job.authorId(), job.authorName()),
                job.text(), job.mediaId(), job.receivedAt(), null);
        if (started.isEmpty()) {
            return;
        }
        InboxItem item = started.get().item();
        TenantSettings s = tenant.settings();
        ModerationResult m = started.get().moderation();
        switch (m.action()) {
            case "hide" -> hide(tenant, token, item, m.reason());
            case "ignore" -> decide(item, "ignored", "ignore", m.reason());
            case "escalate" -> decide(item, "escalated", "escalate", m.reason());
            default -> {
                if (!TenantStatus.ACTIVE.equals(tenant.status()) || !s.autoReplyComments()) {
                    decide(item, "new", "none", "auto-replies to comments are off for this tenant; a person should answer");
                } else {
                    reply(tenant, item, new ReplyChannels.InstagramComment(graph, tenants, tenant, token, clock, job.igCommentId()),
                            "instagram", "comments", job.authorName(), job.text(), null);
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
        Optional<Started> started = start(tenant, "instagram", "dm", job.mid(), new InboxItem.Person(job.igSenderId(), job.senderName()),
                job.messageText(), null, job.receivedAt(), null);
        if (started.isEmpty()) {
            return;
        }
        InboxItem item = started.get().item();
        TenantSettings s = tenant.settings();
        ModerationResult m = started.get().moderation();
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
                    reply(tenant, item, new ReplyChannels.InstagramDm(graph, tenants, tenant, token, clock, job.igSenderId()),
                            "instagram", "direct messages", job.senderName(), job.messageText(), null);
                }
            }
        }
    }

    /**
     * Something said to one of the tenant's social accounts on another platform (polled, or from Facebook's and Threads'
     * webhooks): the same item, moderation and reply rules as an Instagram comment, answered through the platform's
     * {@link MentionSource} under its automation rules. Nothing there can be hidden: what moderation would hide goes to a person.
     */
    private void processMention(CommentJob job) {
        Optional<TenantProfiles.Loaded> found = BatchProfiles.load(tenants, job.tenantId());
        found.ifPresent(l -> inbox.tenantRead(l.tenant()));
        if (found.isEmpty()) {
            LOG.warn("{} item {} for unknown tenant {}", job.platform(), job.externalId(), job.tenantId());
            return;
        }
        Tenant tenant = found.get().tenant();
        String type = job.type() == null ? "comment" : job.type();
        String username = job.authorHandle() != null ? job.authorHandle() : job.authorName();
        Optional<Started> started = start(tenant, job.platform(), type, job.externalId(), new InboxItem.Person(job.authorId(), username),
                job.text(), job.mediaId(), job.receivedAt(), new InboxItem.Origin(job.socialAccountId(), job.url(), job.replyRef(), job.createdAt()));
        if (started.isEmpty()) {
            return;
        }
        InboxItem item = started.get().item();
        TenantSettings s = tenant.settings();
        ModerationResult m = started.get().moderation();
        switch (m.action()) {
            case "hide", "escalate" -> decide(item, "escalated", "escalate", m.reason());
            case "ignore" -> decide(item, "ignored", "ignore", m.reason());
            default -> {
                boolean dm = "dm".equals(type);
                Platforms platforms = this.platforms.get();
                MentionSource source = platforms.sources().get(job.platform());
                Optional<SocialAccounts.Stored> account = job.socialAccountId() == null ? Optional.empty()
                        : platforms.accounts().load(tenant.id(), job.socialAccountId());
                if (!TenantStatus.ACTIVE.equals(tenant.status()) || !(dm ? s.autoReplyDms() : s.autoReplyComments())) {
                    decide(item, "new", "none", "auto-replies to " + (dm ? "DMs" : "comments") + " are off for this tenant; a person should answer");
                } else if (source == null || account.isEmpty()) {
                    decide(item, "new", "none", "no " + job.platform() + " account or source here answers it; a person should answer");
                } else {
                    MentionSource.Mention to = new MentionSource.Mention(job.externalId(), type, job.authorId(), job.authorHandle(),
                            job.authorName(), job.text(), job.mediaId(), job.url(), job.createdAt(), job.replyRef());
                    SocialAccount a = account.get().account();
                    reply(tenant, item, new ReplyChannels.Platform(source, platforms.accounts(), platforms.tokens(), a, to, item.id()),
                            job.platform(), dm ? "direct messages" : "comments and mentions", username, job.text(), source.automation(a, to));
                }
            }
        }
    }

    /**
     * Generates, checks and sends one reply through {@code channel}; every way out leaves the item in a clear state.
     * {@code automation} not allowed: the reply is generated and stored as a {@code draft} for a person, never sent.
     */
    private void reply(Tenant tenant, InboxItem start, ReplyChannel channel, String platform, String channelName, String author,
                       String text, MentionSource.Automation automation) {
        InboxItem item = start;
        if (item.reply() != null && "sending".equals(item.reply().state())) {
            // a previous attempt got as far as the irreversible call and its lease ended: never send twice blindly
            if (channel.unavailable() instanceof String why) {
                decide(item, "escalated", "escalate", why);
                return;
            }
            switch (channel.check(item)) {
                case ReplyChannel.Check.Found f -> {
                    saveOrRetry(item.with("replied", "reply", item.priority(), null, item.reply().sent(f.externalId(), clock.instant()), clock.instant()));
                    charge(tenant, item, true);
                    return;
                }
                case ReplyChannel.Check.CannotTell c -> {
                    decide(item, "escalated", "escalate", c.reason());
                    return;
                }
                case ReplyChannel.Check.NotFound n -> {
                    // certainly not sent: send it now
                }
            }
        } else {
            boolean draftOnly = automation != null && !automation.allowed();
            if (!draftOnly && channel.unavailable() instanceof String why) {
                decide(item, "escalated", "escalate", why);
                return;
            }
            ReplyWriter writer = writers.get(); // built by the first reply to write, not with the worker
            LlmClient.LlmRequest request = writer.request(tenant, platform, channelName, author, text);
            long fee = metering.card().fee(feeOf(item));
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
                    if (draftOnly) {
                        // the platform's rules forbid sending it automatically: a person reads the draft and answers
                        calls.settle(a, 0); // the generation only: nothing is sent
                        InboxItem.Reply draft = new InboxItem.Reply(ok.text().strip(), ok.model(), writer.llm().offline(), null, "draft",
                                null, 0, 0, null);
                        saveOrRetry(item.with("new", "none", item.priority(), "DRAFT_ONLY: " + automation.reason(), draft, clock.instant()));
                        return;
                    }
                    // the hold stays open until the reply is sent: charge() settles it, from a retry too, by its id (a draw of the
                    // batch's hold: settled with the batch, or — still in flight when the batch ends — carried as a hold of its own)
                    InboxItem.Reply draft = new InboxItem.Reply(ok.text().strip(), ok.model(), writer.llm().offline(), null, "sending",
                            null, a.hold().reservedMicroCredits(), a.costMicroCredits(), a.hold().batchHold());
                    // the checkpoint before the platform: this write creates (or moves on) the item, leased, so no other delivery sends meanwhile
                    item = inbox.save(item.with(item.status(), "reply", item.priority(), item.reason(), draft, clock.instant()),
                            clock.instant().plus(LEASE_FOR)).orElseThrow(() -> new RetryLater("inbox item of " + start.externalId()
                            + " was written by another delivery meanwhile"));
                }
            }
        }
        switch (channel.send(item.reply().text())) {
            case ReplyChannel.Sent.Ok ok -> {
                InboxItem.Reply r = item.reply();
                saveOrRetry(item.with("replied", "reply", item.priority(), null, r.sent(ok.externalId(), clock.instant()), clock.instant()));
                charge(tenant, item, true);
            }
            case ReplyChannel.Sent.AuthFailed t -> {
                charge(tenant, item, false);
                decide(item, "escalated", "escalate", t.reason(), t.error(), t.providerText());
            }
            case ReplyChannel.Sent.Rejected r -> {
                charge(tenant, item, false);
                decide(item, "escalated", "escalate", r.reason(), r.error(), r.providerText());
            }
            case ReplyChannel.Sent.Transient t -> {
                inbox.save(item); // ends the lease: the next delivery checks the platform, then sends
                throw new RetryLater(t.what());
            }
            case ReplyChannel.Sent.Unknown u -> {
                inbox.save(item);
                throw new RetryLater(u.what());
            }
        }
    }

    /** The price card's fee of an automatic reply to {@code item}: a DM's, or a public reply's. */
    private static String feeOf(InboxItem item) {
        return "dm".equals(item.type()) ? "dm_reply" : "reply";
    }

    /** Settles the reply's hold: the generation always, the reply fee only if the reply went out. */
    private void charge(Tenant tenant, InboxItem item, boolean delivered) {
        InboxItem.Reply r = item.reply();
        if (r == null || r.heldMicroCredits() <= 0) {
            return;
        }
        Metering.Hold hold = Metering.Hold.of(tenant.accountId(), "reply:" + item.id(), r.hold(), r.heldMicroCredits());
        long fee = metering.card().fee(feeOf(item));
        metering.settle(hold, r.llmMicroCredits() + (delivered ? fee : 0));
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

    /** A job's item to work on, with moderation's verdict on its text (not written yet: it is written with the decision). */
    private record Started(InboxItem item, ModerationResult moderation) {
    }

    /** {@link #begin} the job's item and moderate its text under the tenant's policy; empty if its job was done. */
    private Optional<Started> start(Tenant tenant, String platform, String type, String externalId, InboxItem.Person from, String text,
                                    String postId, Instant receivedAt, InboxItem.Origin origin) {
        Optional<InboxItem> begun = begin(tenant.id(), platform, type, externalId, from, text, postId, receivedAt, origin);
        if (begun.isEmpty()) {
            return Optional.empty();
        }
        TenantSettings s = tenant.settings();
        ModerationResult m = moderator.assess(text, new ModerationPolicy(tenant.noGoTopics(), s.spamAction(), s.noGoAction()));
        return Optional.of(new Started(classified(begun.get(), m), m));
    }

    /**
     * The job's item to work on, or empty if its job was done. Not stored yet: a new item at version 0 (its first
     * write creates it, if no other delivery did meanwhile). Stored and waiting on an answer from Meta: this
     * delivery takes it over with a version-conditional write that leases it (another delivery holding a live
     * lease → {@link RetryLater}). Any other unfinished item is worked on at the version read (its next write is conditional on it).
     */
    private Optional<InboxItem> begin(String tenantId, String platform, String type, String externalId, InboxItem.Person from, String text,
                                      String postId, Instant receivedAt, InboxItem.Origin origin) {
        String id = InboxStore.idFor(tenantId, platform, type, externalId);
        Instant now = clock.instant();
        Optional<InboxStore.Stored> found = inbox.find(tenantId, id);
        if (found.isEmpty()) {
            return Optional.of(new InboxItem(id, tenantId, platform, type, externalId, from, text, postId, "new", "normal", "neutral",
                    "none", null, null, List.of(), null, receivedAt == null ? now : receivedAt, now, now, 0, origin));
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
        // a draft waits for a person (the platform forbids sending it): a redelivery neither writes nor sends another
        return List.of("replied", "hidden", "ignored", "escalated", "done").contains(item.status())
                || (item.reply() != null && ("sent".equals(item.reply().state()) || "draft".equals(item.reply().state())));
    }

    /** The item with moderation's verdict; written with the decision that follows (moderation is pure, so a retry finds the same). */
    private InboxItem classified(InboxItem item, ModerationResult m) {
        return new InboxItem(item.id(), item.tenantId(), item.platform(), item.type(), item.externalId(), item.fromUser(),
                item.content(), item.postId(), item.status(), m.priority(), m.sentiment(), item.action(), item.reason(), item.error(), m.flags(),
                item.reply(), item.receivedAt(), item.createdAt(), clock.instant(), item.version(), item.origin());
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
