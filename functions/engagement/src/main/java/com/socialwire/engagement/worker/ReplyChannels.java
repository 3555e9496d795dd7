package com.socialwire.engagement.worker;

import com.socialwire.engagement.model.InboxItem;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.TokenCare;
import com.socialwire.shared.social.mentions.MentionSource;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@link ReplyChannel}s: Instagram comments and DMs through the Graph API, every other platform through its {@link MentionSource}. */
public final class ReplyChannels {

    private ReplyChannels() {
    }

    /** What {@code item} (of a social account) was, as its platform's source takes it to answer it. */
    public static MentionSource.Mention mention(InboxItem item) {
        InboxItem.Origin o = item.origin();
        InboxItem.Person from = item.fromUser();
        return new MentionSource.Mention(item.externalId(), item.type(), from == null ? null : from.id(), from == null ? null : from.username(),
                null, item.content(), item.postId(), o == null ? null : o.url(), o == null || o.createdAt() == null ? item.receivedAt() : o.createdAt(),
                o == null ? java.util.Map.of() : o.replyRef());
    }

    static final String IG_TOKEN_REFUSED = "TOKEN_EXPIRED: Meta rejected the tenant's token; reconnect it";

    /** What the Instagram channels share: the tenant's Graph token and what Meta's answers mark on the tenant. */
    private abstract static class Instagram implements ReplyChannel {
        final GraphApi graph;
        final TenantProfiles tenants;
        final Tenant tenant;
        final Supplier<Optional<String>> token;
        final Clock clock;

        Instagram(GraphApi graph, TenantProfiles tenants, Tenant tenant, Supplier<Optional<String>> token, Clock clock) {
            this.graph = graph;
            this.tenants = tenants;
            this.tenant = tenant;
            this.token = token;
            this.clock = clock;
        }

        @Override
        public String unavailable() {
            return Tenant.TOKEN_EXPIRED.equals(tenant.igTokenStatus()) || token.get().isEmpty()
                    ? "TOKEN_EXPIRED: the tenant's Instagram token is missing or expired; reconnect it" : null;
        }

        String required() {
            return token.get().orElseThrow(() -> new IllegalStateException("tenant has no token"));
        }

        Sent sent(GraphResult<String> r) {
            return switch (r) {
                case GraphResult.Ok<String> ok -> {
                    if (ok.usage() != null && ok.usage().nearLimit()) {
                        tenants.markThrottled(tenant.id(), clock.instant().plusSeconds(Math.max(60, ok.usage().estimatedTimeToRegainAccessMinutes() * 60)));
                    }
                    yield new Sent.Ok(ok.value(), 0);
                }
                case GraphResult.TokenExpired<String> t -> {
                    tenants.markTokenExpired(tenant.id());
                    yield new Sent.AuthFailed(IG_TOKEN_REFUSED, ProviderError.of(t), t.message());
                }
                case GraphResult.Rejected<String> rej -> new Sent.Rejected("GRAPH_REJECTED: Meta refused the reply", ProviderError.of(rej), rej.message());
                case GraphResult.Transient<String> t -> {
                    if (t.retryAfterSeconds() > 0) {
                        tenants.markThrottled(tenant.id(), clock.instant().plusSeconds(t.retryAfterSeconds()));
                    }
                    yield new Sent.Transient("Graph API unavailable (" + t.httpStatus() + "/" + t.code() + ")", t.retryAfterSeconds());
                }
                case GraphResult.Unknown<String> u -> new Sent.Unknown("Graph API outcome unknown: " + u.message());
            };
        }
    }

    /** A reply under an Instagram comment; after a lost answer, the comment's replies are read for ours. */
    public static final class InstagramComment extends Instagram {
        private final String commentId;

        public InstagramComment(GraphApi graph, TenantProfiles tenants, Tenant tenant, Supplier<Optional<String>> token, Clock clock, String commentId) {
            super(graph, tenants, tenant, token, clock);
            this.commentId = commentId;
        }

        @Override
        public Sent send(String text) {
            return sent(graph.replyToComment(required(), commentId, text));
        }

        @Override
        public Check check(InboxItem item) {
            GraphResult<GraphApi.Comment> read = graph.getComment(required(), commentId);
            if (read instanceof GraphResult.Ok<GraphApi.Comment> ok && ok.value().replies() != null) {
                for (GraphApi.Reply r : ok.value().replies()) {
                    boolean anonymous = r.fromId() == null && r.username() == null; // the fields were not granted: text decides
                    boolean ours = anonymous || (tenant.igUserId() != null && tenant.igUserId().equals(r.fromId()))
                            || (tenant.igHandle() != null && tenant.igHandle().equalsIgnoreCase(r.username()));
                    if (ours && item.reply().text().equals(r.text())) {
                        return new Check.Found(r.id());
                    }
                }
                return new Check.NotFound();
            }
            if (read instanceof GraphResult.TokenExpired<GraphApi.Comment>) {
                tenants.markTokenExpired(tenant.id());
                return new Check.CannotTell(IG_TOKEN_REFUSED);
            }
            throw new RetryLater("cannot tell yet whether the reply to " + commentId + " was posted");
        }
    }

    /** A direct message back; Meta offers no read-back of a sent DM, so a lost answer goes to a person. */
    public static final class InstagramDm extends Instagram {
        private final String recipientId;

        public InstagramDm(GraphApi graph, TenantProfiles tenants, Tenant tenant, Supplier<Optional<String>> token, Clock clock, String recipientId) {
            super(graph, tenants, tenant, token, clock);
            this.recipientId = recipientId;
        }

        @Override
        public Sent send(String text) {
            return sent(graph.sendMessage(required(), tenant.igUserId(), recipientId, text));
        }

        @Override
        public Check check(InboxItem item) {
            return new Check.CannotTell("UNKNOWN_OUTCOME: a DM reply may or may not have been delivered; check before answering");
        }
    }

    /**
     * A reply through a social account's {@link MentionSource}: its token from {@link TokenCare} (refreshed first when
     * due), {@code dedupeKey} the inbox item's id, and after a lost answer the source's {@link MentionSource#findReply}.
     * A refused token marks the account {@code reconnect_required}, as a publish does.
     */
    public static final class Platform implements ReplyChannel {
        private final MentionSource source;
        private final SocialAccounts accounts;
        private final TokenCare tokens;
        private final SocialAccount account;
        private final MentionSource.Mention to;
        private final String dedupeKey;
        private Target target;

        public Platform(MentionSource source, SocialAccounts accounts, TokenCare tokens, SocialAccount account, MentionSource.Mention to,
                 String dedupeKey) {
            this.source = source;
            this.accounts = accounts;
            this.tokens = tokens;
            this.account = account;
            this.to = to;
            this.dedupeKey = dedupeKey;
        }

        @Override
        public String unavailable() {
            if (account.status() != AccountStatus.CONNECTED) {
                return reconnect(account.statusReason());
            }
            return switch (tokens.validToken(account)) {
                case PlatformResult.Ok<String>(String token) -> {
                    target = new Target(account, token);
                    yield null;
                }
                case PlatformResult.AuthFailed<String> a -> reconnect(a.message());
                case PlatformResult<String> notNow -> throw new RetryLater("the " + account.platform() + " token cannot be refreshed right now");
            };
        }

        private String reconnect(String why) {
            return "RECONNECT_REQUIRED: the " + account.platform() + " account " + (account.handle() == null ? account.accountId() : account.handle())
                    + " must be reconnected" + (why == null || why.isBlank() ? "" : " (" + why + ")");
        }

        private Target target() {
            if (target == null && unavailable() != null) {
                throw new IllegalStateException("no usable token for " + account.accountId());
            }
            return target;
        }

        @Override
        public Sent send(String text) {
            PlatformResult<Published> r = source.reply(target(), to, text, dedupeKey);
            String platform = account.platform();
            return switch (r) {
                case PlatformResult.Ok<Published>(Published p) -> new Sent.Ok(p.externalId(), 0);
                case PlatformResult.AuthFailed<Published> a -> {
                    accounts.markReconnectRequired(account.tenantId(), account.accountId(), platform + " refused the token while replying");
                    yield new Sent.AuthFailed(reconnect(platform + " refused the token"), ProviderError.of(platform, a), a.message());
                }
                case PlatformResult.Rejected<Published> rej -> new Sent.Rejected(platform.toUpperCase(Locale.ROOT) + "_REJECTED: " + platform
                        + " refused the reply", ProviderError.of(platform, rej), rej.message());
                case PlatformResult.Transient<Published> t -> new Sent.Transient(platform + " unavailable (" + t.httpStatus() + "/" + t.code() + ")",
                        t.retryAfterSeconds());
                case PlatformResult.Unknown<Published> u -> new Sent.Unknown(platform + " reply outcome unknown: " + u.message());
            };
        }

        @Override
        public Check check(InboxItem item) {
            PlatformResult<Reconciled> r = source.findReply(target(), to, item.reply().text(), dedupeKey, item.updatedAt());
            return switch (r) {
                case PlatformResult.Ok<Reconciled>(Reconciled.Found f) -> new Check.Found(f.post().externalId());
                case PlatformResult.Ok<Reconciled>(Reconciled.NotFound n) -> new Check.NotFound();
                case PlatformResult.Ok<Reconciled>(Reconciled.Waiting w) -> throw new RetryLater(account.platform() + " is still making the reply");
                case PlatformResult.Ok<Reconciled>(Reconciled found) -> new Check.CannotTell("UNKNOWN_OUTCOME: " + account.platform()
                        + " cannot tell whether the reply was posted; check before answering");
                case PlatformResult.AuthFailed<Reconciled> a -> {
                    accounts.markReconnectRequired(account.tenantId(), account.accountId(), account.platform() + " refused the token");
                    yield new Check.CannotTell(reconnect(account.platform() + " refused the token"));
                }
                case PlatformResult.Rejected<Reconciled> rej -> new Check.CannotTell("UNKNOWN_OUTCOME: " + account.platform()
                        + " refused the check of the reply; check before answering");
                case PlatformResult<Reconciled> notNow -> throw new RetryLater("cannot tell yet whether the reply to " + to.externalId() + " was posted");
            };
        }
    }
}
