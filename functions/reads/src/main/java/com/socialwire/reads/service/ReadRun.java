package com.socialwire.reads.service;

import com.socialwire.reads.billing.ReadCharges;
import com.socialwire.reads.cache.ReadCache;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.provider.ReadProvider;
import com.socialwire.reads.provider.ReadResult;
import com.socialwire.reads.transcribe.Transcriber;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The paid part of one read, run inside its metered call once everything it may cost is held: each entry from the
 * cache or the provider (a stale entry is the fallback of a failed refresh), a reel's transcript, the parse. What it
 * delivered is settled; a provider failure with nothing to fall back on gives the whole hold back. A missing
 * transcript or a failed parse is a limitation of the answer, never a failed read, and is not charged.
 */
final class ReadRun implements Supplier<MeteredCall.Answer<ReadRun>> {

    private static final Logger LOG = LoggerFactory.getLogger(ReadRun.class);

    static final String SHORT_LIVED = "asset and carousel URLs are the provider's short-lived CDN links (see expiresAt): download what you keep";

    private final ReadRequest request;
    private final ReadProvider provider;
    private final ReadCache cache;
    private final ReadSettings settings;
    private final Transcriber transcriber;
    private final Parser parser;
    private final ReadCharges charges;
    private final Clock clock;
    /** Where a parse whose worst case is over its upfront hold holds the rest (its own hold, under {@code operationId:parse}). */
    private final Metering metering;
    private final String accountId;
    private final String operationId;

    final Slot media;
    final Slot comments;
    final List<String> delivered = new ArrayList<>();
    final Set<String> limitations = new LinkedHashSet<>();
    /** The provider failure that ended the read (nothing to fall back on), for the API's answer. */
    ReadResult<?> failure;
    InstagramMedia mediaValue;
    CommentsRead commentsValue;
    Map<String, Object> parse;
    /** The parse's hold beyond the upfront one, when its worst case needed it; settled or given back by the service. */
    Metering.Hold parseTopUp;

    ReadRun(ReadRequest request, ReadProvider provider, ReadCache cache, ReadSettings settings, Transcriber transcriber, Parser parser,
            ReadCharges charges, Clock clock, Slot media, Slot comments, Metering metering, String accountId, String operationId) {
        this.request = request;
        this.provider = provider;
        this.cache = cache;
        this.settings = settings;
        this.transcriber = transcriber;
        this.parser = parser;
        this.charges = charges;
        this.clock = clock;
        this.media = media;
        this.comments = comments;
        this.metering = metering;
        this.accountId = accountId;
        this.operationId = operationId;
    }

    /** The metered call's work; its answer's cost is what was delivered. */
    @Override
    public MeteredCall.Answer<ReadRun> get() {
        String shortcode = request.target().shortcode();
        if (media != null) {
            mediaValue = entry(media, InstagramMedia.class, ReadCharges.MEDIA, ReadCharges.MEDIA_CACHED,
                    () -> transcribed(provider.media(shortcode, request.transcript() != ReadRequest.Transcript.FALSE)));
            if (mediaValue == null) {
                return ended();
            }
        }
        if (comments != null) {
            commentsValue = entry(comments, CommentsRead.class, ReadCharges.commentBatch(request.commentLimit()), ReadCharges.COMMENTS_CACHED,
                    () -> provider.comments(shortcode, request.commentLimit(), request.includeReplies()));
            if (commentsValue == null) {
                return ended();
            }
            if (comments.status.equals("miss")) { // a batch that came back smaller is charged as the smaller batch
                delivered.set(delivered.lastIndexOf(ReadCharges.commentBatch(request.commentLimit())),
                        ReadCharges.commentBatch(ReadCharges.batchHolding(commentsValue.comments().size(), request.commentLimit())));
            }
            if (commentsValue.truncated()) {
                limitations.add("comments truncated: " + commentsValue.comments().size() + " returned of " + request.commentLimit() + " asked");
            }
            limitations.addAll(commentsValue.notes());
        }
        if (mediaValue != null) {
            limitations.add(SHORT_LIVED);
            if (request.transcript() != ReadRequest.Transcript.FALSE && mediaValue.transcript() == null) {
                limitations.add(noTranscript());
            }
        }
        if (request.parse() != null) {
            parse();
        }
        return new MeteredCall.Answer.Ok<>(this, charges.settled(delivered));
    }

    /** The provider's failure as the metered call's answer (its hold is given back whole). */
    private MeteredCall.Answer<ReadRun> ended() {
        return switch (failure) {
            case ReadResult.NotFound<?> n -> new MeteredCall.Answer.Permanent<>(404, "not found");
            case ReadResult.RateLimited<?> r -> new MeteredCall.Answer.Transient<>(429, "rate limited");
            case ReadResult.Unavailable<?> u -> new MeteredCall.Answer.Transient<>(u.httpStatus(), "unavailable");
            default -> new MeteredCall.Answer.Transient<>(0, "unavailable");
        };
    }

    /**
     * The value of {@code slot}: the cached one ({@code cachedItem} charged), or the provider's ({@code missItem}),
     * stored for the next reader. A failed refresh of a stale entry serves that entry; otherwise null, with {@link #failure}.
     */
    private <T> T entry(Slot slot, Class<T> type, String missItem, String cachedItem, Supplier<ReadResult<T>> call) {
        Instant now = clock.instant();
        if (!slot.callsProvider()) {
            delivered.add(cachedItem);
            return served(slot, type, now);
        }
        ReadResult<T> result = call.get();
        if (result instanceof ReadResult.Ok<T> ok) {
            cache.put(slot.key, slot.fetched(provider.id(), ok, now), slot.ttl, settings.staleGrace());
            delivered.add(missItem);
            limitations.addAll(ok.limitations());
            return ok.value();
        }
        LOG.warn("read provider {} answered {} for {}", provider.id(), describe(result), slot.key);
        if (slot.entry.isPresent() && !(result instanceof ReadResult.NotFound<T>)) {
            delivered.add(cachedItem);
            limitations.add("the provider could not refresh this answer: served from the cache past its freshness");
            return served(slot, type, now);
        }
        failure = result;
        return null;
    }

    private <T> T served(Slot slot, Class<T> type, Instant now) {
        T value = slot.served(type, now);
        limitations.addAll(slot.stored.limitations());
        if (slot.status.equals("stale")) {
            limitations.add("stale: served from a cache entry stored " + slot.entry.orElseThrow().storedAt()
                    + "; metrics may have changed since (a refresh is under way or due)");
        }
        return value;
    }

    /** {@code result} with our transcript added when the caller asked for one and the provider had none. */
    private ReadResult<InstagramMedia> transcribed(ReadResult<InstagramMedia> result) {
        if (!(result instanceof ReadResult.Ok<InstagramMedia> ok) || request.transcript() != ReadRequest.Transcript.TRUE
                || ok.value().transcript() != null || transcriber == null || !transcriber.available() || !isVideo(ok.value())) {
            return result;
        }
        try {
            return transcriber.transcribe(ok.value())
                    .<ReadResult<InstagramMedia>>map(t -> {
                        delivered.add(ReadCharges.TRANSCRIPT);
                        return new ReadResult.Ok<>(Media.withTranscript(ok.value(), t), ok.billedUnit(), ok.resultCount(), ok.limitations());
                    })
                    .orElse(result);
        } catch (RuntimeException e) {
            LOG.warn("transcription failed: {}", e.getClass().getSimpleName());
            return result;
        }
    }

    private String noTranscript() {
        if (!isVideo(mediaValue)) {
            return "no transcript: this media is not a video";
        }
        if (request.transcript() == ReadRequest.Transcript.PROVIDER) {
            return "no transcript: the provider has none for this reel (transcript=true also tries transcription)";
        }
        if (transcriber == null || !transcriber.available()) {
            return "no transcript: the provider has none and no transcription service is configured";
        }
        String reason;
        try {
            reason = transcriber.unavailableReason(mediaValue);
        } catch (RuntimeException e) {
            reason = null;
        }
        return "no transcript: " + (reason == null || reason.isBlank() ? "transcription was not available" : reason);
    }

    private static boolean isVideo(InstagramMedia m) {
        return "reel".equals(m.type()) || "video".equals(m.type());
    }

    /** The parse of what was read ({@link ParseStep}); its hold beyond the upfront one, if it took one, is kept for the service. */
    private void parse() {
        ParseStep step = new ParseStep(parser, cache, settings, charges, metering, accountId, operationId, delivered, limitations);
        parse = request.readsMedia() ? step.media(request.parse(), mediaWithComments(), commentsValue) : step.comments(request.parse(), commentsValue);
        parseTopUp = step.topUp();
    }

    /** The media the caller gets: with its latest comments when asked. */
    InstagramMedia mediaWithComments() {
        return commentsValue == null ? mediaValue : Media.withComments(mediaValue, commentsValue.comments());
    }

    private static String describe(ReadResult<?> r) {
        return switch (r) {
            case ReadResult.NotFound<?> n -> "not found";
            case ReadResult.RateLimited<?> l -> "rate limited (retry after " + l.retryAfterSeconds() + " s)";
            case ReadResult.Unavailable<?> u -> "unavailable " + u.httpStatus() + ": " + u.detail();
            case ReadResult.Ok<?> o -> "ok";
        };
    }

    /** Copies of a media with one field changed (the record has no withers). */
    static final class Media {
        private Media() {
        }

        static InstagramMedia withTranscript(InstagramMedia m, InstagramMedia.Transcript t) {
            return new InstagramMedia(m.shortcode(), m.mediaId(), m.url(), m.canonicalUrl(), m.type(), m.caption(), m.hashtags(),
                    m.mentions(), m.owner(), m.timestamp(), m.metrics(), m.assets(), m.children(), m.audio(), t, m.comments());
        }

        static InstagramMedia withComments(InstagramMedia m, List<InstagramComment> comments) {
            return new InstagramMedia(m.shortcode(), m.mediaId(), m.url(), m.canonicalUrl(), m.type(), m.caption(), m.hashtags(),
                    m.mentions(), m.owner(), m.timestamp(), m.metrics(), m.assets(), m.children(), m.audio(), m.transcript(), comments);
        }
    }
}
