package com.socialwire.engagement.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.moderation.ModerationPolicy;
import com.socialwire.engagement.moderation.ModerationResult;
import com.socialwire.engagement.moderation.Moderator;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.engagement.worker.EngagementService;
import com.socialwire.engagement.worker.ReplyChannel;
import com.socialwire.engagement.worker.ReplyChannels;
import com.socialwire.engagement.worker.ReplyWriter;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.mentions.MentionSource;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.PaidCallRefusal;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The unified inbox a person works from: list, triage, delete, and answer by hand (once). */
public final class InboxService {

    private static final Logger LOG = LoggerFactory.getLogger(InboxService.class);

    static final Set<String> STATUSES = Set.of("new", "replied", "escalated", "hidden", "ignored", "done");
    static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    static final Set<String> TYPES = Set.of("comment", "reply", "dm", "mention");
    /** Instagram, the platforms that push by Meta's webhooks, and the polled ones. */
    static final Set<String> PLATFORMS = Set.of("instagram", "facebook", "threads", "twitter", "bluesky", "mastodon", "linkedin", "youtube");

    private final InboxStore inbox;
    private final TenantProfiles tenants;
    /** Built by the first reply (its HTTP client is no part of a cold start that lists the inbox). */
    private final Supplier<GraphApi> graph;
    private final Moderator moderator;
    /** The reply path (LLM clients, price table, ledger, metering) is built by the first draft, not with the handler. */
    private final Supplier<ReplyWriter> writer;
    private final Supplier<Metering> metering;
    private final Lazy<MeteredCall> calls;
    private final LlmBudget budget;
    private final Clock clock;
    /** The social accounts, their tokens and sources: built by the first reply to another platform's item. */
    private final Supplier<EngagementService.Platforms> platforms;

    public InboxService(InboxStore inbox, TenantProfiles tenants, Supplier<GraphApi> graph, Moderator moderator, Supplier<ReplyWriter> writer,
                        LlmBudget budget, Supplier<Metering> metering, Clock clock, Supplier<EngagementService.Platforms> platforms) {
        this.platforms = platforms;
        this.inbox = inbox;
        this.tenants = tenants;
        this.graph = graph;
        this.moderator = moderator;
        this.writer = writer;
        this.metering = metering;
        this.budget = budget;
        this.calls = Lazy.of(() -> new MeteredCall(metering.get(), budget));
        this.clock = clock;
    }

    /**
     * A suggested reply in the brand voice, not sent (a paid AI operation): credits are held
     * before the model is called — too few is 402 and no call — and the response says what was charged.
     */
    public Map<String, Object> draft(Principal caller, String tenantId, String itemId) {
        InboxItem item = find(tenantId, itemId);
        Tenant tenant = tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
        ReplyWriter writer = this.writer.get();
        Metering metering = this.metering.get();
        MeteredCall calls = this.calls.get();
        LlmClient.LlmRequest request = writer.request(tenant, item.platform(), "dm".equals(item.type()) ? "direct messages" : "comments",
                item.fromUser() == null ? null : item.fromUser().username(), item.content());
        long fee = metering.card().fee("draft");
        String operation = "draft:" + item.id() + ":" + Ids.base62(12);
        MeteredCall.Outcome<LlmResult.Ok> outcome = calls.llm(tenant, caller.accountId(), operation, fee, writer.worstCaseUsd(request),
                "reply draft for " + item.id(), () -> writer.write(request));
        return switch (outcome) {
            case MeteredCall.Outcome.Answered<LlmResult.Ok> a -> {
                LlmResult.Ok ok = a.value();
                String refusal = writer.refusal(tenant, ok.text());
                Usage usage = calls.settle(a, refusal == null ? fee : 0);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("itemId", item.id());
                out.put("draft", refusal == null ? ok.text().strip() : null);
                out.put("refusedBecause", refusal);
                out.put("model", ok.model());
                out.put("offlineGenerator", writer.llm().offline());
                out.put("usage", usage);
                yield out;
            }
            default -> throw PaidCallRefusal.of(outcome, "a reply draft", budget.secondsUntilTomorrow(tenant));
        };
    }

    public Page<InboxItem> list(String tenantId, String status, String type, String platform, int limit, String cursor) {
        check("status", status, STATUSES);
        check("type", type, TYPES);
        check("platform", platform, PLATFORMS);
        return inbox.list(tenantId, status, type, platform, limit, cursor);
    }

    public InboxItem patch(String tenantId, String itemId, ObjectNode body) {
        InboxItem item = find(tenantId, itemId);
        JsonBody in = new JsonBody(body, Set.of("status", "priority"));
        String status = in.oneOf("status", false, STATUSES).orElse(item.status());
        String priority = in.oneOf("priority", false, PRIORITIES).orElse(item.priority());
        in.check();
        InboxItem next = item.with(status, item.action(), priority, item.reason(), item.reply(), clock.instant());
        return inbox.save(next).orElseThrow(() -> ApiException.conflict("the item changed meanwhile; read it again and retry"));
    }

    public void delete(String tenantId, String itemId) {
        if (!Ids.looksLike("inb", itemId) || !inbox.delete(tenantId, itemId)) {
            throw ApiException.notFound("inbox item " + itemId);
        }
    }

    /**
     * A person's reply, sent once through the item's platform (the same {@link ReplyChannel} the worker answers with): a
     * second reply to the same item is 409.
     */
    public InboxItem reply(String tenantId, String itemId, ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("text"));
        String text = in.string("text", true, 1, 1000).orElse(null);
        in.check();
        InboxItem item = find(tenantId, itemId);
        if (item.reply() != null && ("sent".equals(item.reply().state()) || "sending".equals(item.reply().state()))) {
            throw ApiException.conflict("this item was already answered (" + item.reply().state() + ")");
        }
        if ("dm".equals(item.type()) && Duration.between(item.receivedAt(), clock.instant()).compareTo(Duration.ofHours(24)) > 0) {
            throw new ApiException(ErrorCode.CONFLICT, "Meta's 24-hour messaging window for this conversation has closed");
        }
        if ("mention".equals(item.type()) && item.externalId().startsWith("media:")) {
            throw new ApiException(ErrorCode.CONFLICT, "a caption mention cannot be answered with a reply");
        }
        Tenant tenant = tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
        ReplyChannel channel = channel(tenant, item);
        if (channel.unavailable() instanceof String why) {
            throw new ApiException(ErrorCode.CONFLICT, why);
        }
        String platform = "instagram".equals(item.platform()) ? "Instagram" : item.platform();
        InboxItem.Reply sending = InboxItem.Reply.human(text, "sending", null, null);
        item = inbox.save(item.with(item.status(), "reply", item.priority(), item.reason(), sending, clock.instant()))
                .orElseThrow(() -> ApiException.conflict("the item changed meanwhile; read it again and retry"));
        return switch (channel.send(text)) {
            case ReplyChannel.Sent.Ok ok -> inbox.save(item.with("replied", "reply", item.priority(), null,
                    InboxItem.Reply.human(text, "sent", ok.externalId(), clock.instant()), clock.instant()))
                    .orElseGet(() -> find(tenantId, itemId));
            case ReplyChannel.Sent.AuthFailed t -> {
                clearDraft(item);
                LOG.warn("manual reply to {}: token refused ({})", item.id(), t.error() == null ? null : t.error().code());
                throw new ApiException(ErrorCode.CONFLICT, t.reason() + "; then retry");
            }
            case ReplyChannel.Sent.Rejected r -> {
                clearDraft(item);
                LOG.warn("manual reply to {} refused by {} ({}): {}", item.id(), platform, r.error().code(), r.providerText());
                throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, platform + " refused the reply",
                        Map.of("provider", r.error()), Map.of());
            }
            case ReplyChannel.Sent.Transient t -> {
                clearDraft(item);
                throw new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, platform + " is unavailable; retry shortly",
                        Map.of(), Map.of("retry-after", Long.toString(Math.max(1, t.retryAfterSeconds()))));
            }
            // the reply may be posted: keep it marked as sending so nobody sends it twice
            case ReplyChannel.Sent.Unknown u -> throw new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 502,
                    platform + " did not confirm the reply; check the post before answering again", Map.of(), Map.of());
        };
    }

    /**
     * Where a person's reply to {@code item} goes: an Instagram comment or DM through the Graph API with the tenant's
     * token; another platform's item through its social account's source (409 when the account or source is gone).
     */
    private ReplyChannel channel(Tenant tenant, InboxItem item) {
        if ("instagram".equals(item.platform())) {
            Supplier<java.util.Optional<String>> token = () -> tenants.accessToken(tenant.id());
            return "dm".equals(item.type())
                    ? new ReplyChannels.InstagramDm(graph.get(), tenants, tenant, token, clock, item.fromUser().id())
                    : new ReplyChannels.InstagramComment(graph.get(), tenants, tenant, token, clock, item.externalId());
        }
        EngagementService.Platforms p = platforms.get();
        MentionSource source = p.sources().get(item.platform());
        java.util.Optional<SocialAccounts.Stored> account = item.origin() == null || item.origin().socialAccountId() == null
                ? java.util.Optional.empty() : p.accounts().load(tenant.id(), item.origin().socialAccountId());
        if (source == null || account.isEmpty()) {
            throw new ApiException(ErrorCode.CONFLICT, "the " + item.platform() + " account this item reached is no longer connected here");
        }
        return new ReplyChannels.Platform(source, p.accounts(), p.tokens(), account.get().account(), ReplyChannels.mention(item), item.id());
    }

    public Map<String, Object> check(ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("content", "noGoTopics"));
        String content = in.string("content", true, 1, 10_000).orElse(null);
        var topics = in.strings("noGoTopics", 50, 100).orElse(java.util.List.of());
        in.check();
        ModerationResult m = moderator.assess(content, new ModerationPolicy(topics, "hide", "escalate"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allowed", m.allowed());
        out.put("scores", m.scores());
        out.put("flags", m.flags());
        out.put("action", m.action());
        out.put("reason", m.reason());
        out.put("sentiment", m.sentiment());
        return out;
    }

    private void clearDraft(InboxItem item) {
        inbox.save(item.with(item.status(), item.action(), item.priority(), item.reason(), null, clock.instant()));
    }

    private InboxItem find(String tenantId, String itemId) {
        if (!Ids.looksLike("inb", itemId)) {
            throw ApiException.notFound("inbox item " + itemId);
        }
        return inbox.get(tenantId, itemId).orElseThrow(() -> ApiException.notFound("inbox item " + itemId));
    }

    private static void check(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.validation(field + " must be one of " + allowed.stream().sorted().toList(), Map.of(field, value));
        }
    }
}
