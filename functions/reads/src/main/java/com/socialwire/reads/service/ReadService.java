package com.socialwire.reads.service;

import com.socialwire.reads.billing.ReadCharges;
import com.socialwire.reads.cache.ReadCache;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.provider.GraphOwnedMedia;
import com.socialwire.reads.provider.ReadProvider;
import com.socialwire.reads.provider.ReadResult;
import com.socialwire.reads.transcribe.Transcriber;
import com.socialwire.reads.url.InstagramTarget;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.PaidCallRefusal;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.TenantDirectory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * URL-first Instagram reads (the instagram-read seed's): checks the query, looks up the cache, holds every line item
 * the read may cost on the key's account (not enough credits: 402, nothing called), runs the read ({@link ReadRun})
 * and settles what it delivered — or gives everything back when the provider failed (a sanitized 503, or 429 with the
 * provider's Retry-After; never the provider's own words). One operation per request: a repeated GET is a new read,
 * charged the cheaper cached price while its entry is fresh or stale.
 *
 * <p>Stale-while-revalidate, honestly: a Lambda cannot work after it answered, so there is no background refresh. The
 * first reader of a stale entry claims its refresh (a conditional write) and reads the provider in its own request (a
 * miss, at the miss price; the stale entry is its fallback if the provider fails); every other reader within the
 * grace window gets the stale entry at once, at the cached price, while the claim lasts.
 */
public final class ReadService {

    private final Function<String, InstagramTarget> urls;
    private final ReadProviders providers;
    private final ReadCache cache;
    private final ReadSettings settings;
    /** Built by the first read that needs one: a read without transcript=true or a parse builds neither. */
    private final Supplier<Transcriber> transcribers;
    private final Supplier<Parser> parsers;
    private final MeteredCall calls;
    private final TenantDirectory tenants;
    private final Clock clock;

    public ReadService(Function<String, InstagramTarget> urls, ReadProviders providers, ReadCache cache, ReadSettings settings,
                       Supplier<Transcriber> transcribers, Supplier<Parser> parsers, MeteredCall calls, TenantDirectory tenants, Clock clock) {
        this.urls = urls;
        this.providers = providers;
        this.cache = cache;
        this.settings = settings;
        this.transcribers = transcribers;
        this.parsers = parsers;
        this.calls = calls;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** One read by {@code who} (a key of an account, which pays) of {@code route} with {@code query}; the response body. */
    public Map<String, Object> read(Principal who, ReadRequest.Route route, Map<String, String> query, String requestId) {
        ReadRequest request = ReadRequest.of(route, query, urls);
        ReadProvider provider = provider(who, request);
        String scope = request.tenantId() == null ? "public" : request.tenantId();
        String shortcode = request.target().shortcode();
        Slot media = request.readsMedia() ? Slot.lookUp(cache, "media:" + scope + ":" + shortcode + ":transcript="
                + request.transcript().name().toLowerCase(java.util.Locale.ROOT), settings.mediaTtl(), InstagramMedia.class, settings.refreshClaim())
                : null;
        Slot comments = request.readsComments() ? Slot.lookUp(cache, "comments:" + scope + ":" + shortcode + ":limit=" + request.commentLimit()
                + ":replies=" + request.includeReplies(), settings.commentsTtl(), CommentsRead.class, settings.refreshClaim()) : null;

        Transcriber transcriber = request.transcript() == ReadRequest.Transcript.TRUE ? transcribers.get() : null;
        Parser parser = request.parse() != null ? parsers.get() : null;
        ReadCharges charges = new ReadCharges(calls.metering().card(), settings.parseHoldMicroUsd());
        if (media != null) {
            charges.hold(media.callsProvider() ? ReadCharges.MEDIA : ReadCharges.MEDIA_CACHED);
            if (media.callsProvider() && request.transcript() == ReadRequest.Transcript.TRUE && transcriber != null && transcriber.available()) {
                charges.hold(ReadCharges.TRANSCRIPT);
            }
        }
        if (comments != null) {
            charges.hold(comments.callsProvider() ? ReadCharges.commentBatch(request.commentLimit()) : ReadCharges.COMMENTS_CACHED);
        }
        if (request.parse() != null && parser != null) {
            if (media != null) {
                charges.holdParse(ReadCharges.PARSE_MEDIA);
            }
            if (comments != null) {
                charges.holdParse(ReadCharges.PARSE_COMMENTS); // a media summary with comments holds both line items
            }
        }

        String operationId = "read:" + requestId;
        ReadRun run = new ReadRun(request, provider, cache, settings, transcriber, parser, charges, clock, media, comments,
                calls.metering(), who.accountId(), operationId);
        MeteredCall.Outcome<ReadRun> outcome = calls.run(who.accountId(), operationId, charges.held(),
                charges.reference("instagram " + route.name().toLowerCase(java.util.Locale.ROOT) + " " + shortcode), run);
        if (!(outcome instanceof MeteredCall.Outcome.Answered<ReadRun> answered)) {
            if (run.parseTopUp != null) {
                calls.metering().refund(run.parseTopUp, "instagram read failed");
            }
            throw refusal(request, outcome, run, charges.held());
        }
        return answer(request, provider, run, settle(answered, run));
    }

    /** Settles the read's hold and, when the parse needed one, its own: what the read cost, the upfront hold first. */
    private Usage settle(MeteredCall.Outcome.Answered<ReadRun> answered, ReadRun run) {
        Usage main = calls.settle(answered, 0);
        if (run.parseTopUp == null) {
            return main;
        }
        long rest = answered.costMicroCredits() - main.settledMicroCredits();
        Usage more = calls.metering().settle(run.parseTopUp, rest);
        return new Usage(main.priceCardVersion(), main.reservedMicroCredits() + more.reservedMicroCredits(),
                main.settledMicroCredits() + more.settledMicroCredits(), main.refundedMicroCredits() + more.refundedMicroCredits());
    }

    private ReadProvider provider(Principal who, ReadRequest request) {
        if (request.tenantId() == null) {
            return providers.publicReads();
        }
        Optional<String> account = tenants.accountOf(request.tenantId());
        if (account.isEmpty() || !who.canSee(account.get(), request.tenantId())) {
            throw ApiException.notFound("tenant " + request.tenantId());
        }
        Optional<ReadProvider> owned = providers.ownedBy(request.tenantId());
        if (owned.isEmpty()) {
            throw ReadRequest.invalid("tenantId", "has no connected Instagram account to read its own media through (omit tenantId for a public read)", null);
        }
        return owned.get();
    }

    /** The answer of a read that produced nothing: every credit was given back (or never held). */
    private ApiException refusal(ReadRequest request, MeteredCall.Outcome<ReadRun> outcome, ReadRun run, long held) {
        Usage refunded = new Usage(calls.metering().card().version(), held, 0, held);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("usage", refunded);
        // an if-chain, not a pattern switch: a type switch bootstraps a generated class at its first run
        if (outcome instanceof MeteredCall.Outcome.NoCredits<ReadRun>) {
            return PaidCallRefusal.of(outcome, "this Instagram read", 0);
        }
        if (outcome instanceof MeteredCall.Outcome.Failed<ReadRun>) {
            return new ApiException(ErrorCode.NOT_FOUND, 404, request.tenantId() != null
                    ? "no media of tenant " + request.tenantId() + "'s Instagram account behind this URL (among its newest "
                    + GraphOwnedMedia.MAX_MEDIA_PAGES * 100 + "); omit tenantId for a public read"
                    : "no public Instagram media behind this URL: it does not exist, was removed, or is private or login-only", details, Map.of());
        }
        if (request.tenantId() != null && run.failure instanceof ReadResult.Unavailable<?> u && u.httpStatus() == GraphOwnedMedia.TOKEN_REFUSED) {
            // as every Graph consumer answers a refused tenant token: the tenant must reconnect; retrying cannot help
            details.put("parameter", "tenantId");
            return new ApiException(ErrorCode.VALIDATION_ERROR, 422, "tenantId's Instagram token has expired or was revoked: reconnect it "
                    + "(PATCH /v1/tenants/{id} with a new igAccessToken), or omit tenantId for a public read", details, Map.of());
        }
        if (run.failure instanceof ReadResult.RateLimited<?> r) {
            String retry = Long.toString(Math.max(1, r.retryAfterSeconds()));
            details.put("retryAfterSeconds", Long.parseLong(retry));
            return new ApiException(ErrorCode.RATE_LIMITED, 429, "Instagram provider is rate-limiting reads; retry after " + retry + " s",
                    details, Map.of("retry-after", retry));
        }
        return new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "Instagram provider is temporarily unavailable.", details,
                Map.of("retry-after", "5"));
    }

    private Map<String, Object> answer(ReadRequest request, ReadProvider provider, ReadRun run, Usage usage) {
        Instant now = clock.instant();
        List<Slot> slots = new ArrayList<>();
        if (run.media != null) {
            slots.add(run.media);
        }
        if (run.comments != null) {
            slots.add(run.comments);
        }
        Slot primary = slots.get(0);
        Map<String, Object> providerBlock = new LinkedHashMap<>();
        providerBlock.put("id", primary.stored.providerId() == null ? provider.id() : primary.stored.providerId());
        providerBlock.put("billedUnit", primary.stored.billedUnit());
        providerBlock.put("resultCount", primary.stored.resultCount());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", request.readsMedia() ? run.mediaWithComments() : run.commentsValue);
        out.put("provider", providerBlock);
        out.put("cache", Slot.cacheBlock(slots, now));
        out.put("usage", usage);
        out.put("limitations", List.copyOf(run.limitations));
        if (request.parse() != null) {
            out.put("parse", run.parse);
        }
        return out;
    }
}
