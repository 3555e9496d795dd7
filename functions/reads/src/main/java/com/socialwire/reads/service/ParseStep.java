package com.socialwire.reads.service;

import com.socialwire.reads.billing.ReadCharges;
import com.socialwire.reads.cache.ReadCache;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.parse.ParseFailure;
import com.socialwire.reads.parse.Parser;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Metering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parse of one read: from the parse cache (keyed by {@link Parser#cacheKey}: content hash, mode, model, prompt
 * version; its own cheaper line item) or the model, its worst case held before the model is called. A parse that fails
 * or cannot be held is a limitation of the read, and is not charged.
 */
final class ParseStep {

    private static final Logger LOG = LoggerFactory.getLogger(ParseStep.class);

    private final Parser parser;
    private final ReadCache cache;
    private final ReadSettings settings;
    private final ReadCharges charges;
    private final Metering metering;
    private final String accountId;
    private final String operationId;
    private final List<String> delivered;
    private final Set<String> limitations;
    private Metering.Hold topUp;

    ParseStep(Parser parser, ReadCache cache, ReadSettings settings, ReadCharges charges, Metering metering, String accountId,
              String operationId, List<String> delivered, Set<String> limitations) {
        this.parser = parser;
        this.cache = cache;
        this.settings = settings;
        this.charges = charges;
        this.metering = metering;
        this.accountId = accountId;
        this.operationId = operationId;
        this.delivered = delivered;
        this.limitations = limitations;
    }

    /** The hold this parse took beyond the read's upfront one, or null. */
    Metering.Hold topUp() {
        return topUp;
    }

    /** A media parse (with the comment sample when comments were read: both parse line items). */
    Map<String, Object> media(String mode, InstagramMedia media, CommentsRead sample) {
        if (parser == null) {
            return unavailable();
        }
        try {
            return run(parser.media(mode, media, sample), sample == null
                    ? List.of(ReadCharges.PARSE_MEDIA) : List.of(ReadCharges.PARSE_MEDIA, ReadCharges.PARSE_COMMENTS));
        } catch (RuntimeException e) {
            return failed(mode, e);
        }
    }

    Map<String, Object> comments(String mode, CommentsRead comments) {
        if (parser == null) {
            return unavailable();
        }
        try {
            return run(parser.comments(mode, comments), List.of(ReadCharges.PARSE_COMMENTS));
        } catch (RuntimeException e) {
            return failed(mode, e);
        }
    }

    private Map<String, Object> run(Parser.Request request, List<String> items) {
        String key = "parse:" + parser.cacheKey(request);
        Optional<Parser.Parsed> cached = cached(key);
        Parser.Parsed parsed;
        if (cached.isPresent()) {
            parsed = cached.get();
            delivered.add(ReadCharges.PARSE_CACHED);
        } else {
            if (!heldForWorstCase(request)) {
                return null;
            }
            parsed = parser.run(request);
            charges.spendModel(BigDecimal.valueOf(parsed.costUsd()));
            delivered.addAll(items);
            cache.put(key, Json.bytes(parsed), settings.parseTtl(), Duration.ZERO);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", parsed.mode());
        out.put("output", parsed.output());
        out.put("model", parsed.model());
        out.put("promptVersion", parsed.promptVersion());
        out.put("cache", cached.isPresent() ? "hit" : "miss");
        out.put("limitations", parsed.limitations());
        limitations.addAll(parsed.limitations());
        return out;
    }

    /** The cached output of {@code key}; one that does not read is a miss. */
    private Optional<Parser.Parsed> cached(String key) {
        Optional<ReadCache.Entry> entry = cache.get(key);
        try {
            return entry.map(e -> Json.read(new String(e.document(), StandardCharsets.UTF_8), Parser.Parsed.class));
        } catch (RuntimeException unreadable) {
            LOG.warn("parse cache {} does not read ({}): a miss", key, unreadable.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Whether the parse's model worst case (known only now, from its prompt) is held: the upfront hold covers
     * READ_PARSE_HOLD_USD per parse line item; a dearer prompt holds the rest before the model is called, and an account
     * that cannot cover it gets the read without the parse (a limitation, nothing charged for it).
     */
    private boolean heldForWorstCase(Parser.Request request) {
        long worst = charges.card().llm(BigDecimal.valueOf(request.worstCaseUsd()));
        long more = worst - charges.modelHeld();
        if (more <= 0) {
            return true;
        }
        Optional<Metering.Hold> held = metering.hold(accountId, operationId + ":parse", more,
                "instagram read parse " + request.mode() + " (model worst case)");
        if (held.isEmpty()) {
            limitations.add("parse skipped: not enough credits for its model's worst case (" + worst + " micro-credits); nothing was charged for it");
            return false;
        }
        topUp = held.get();
        return true;
    }

    private Map<String, Object> unavailable() {
        limitations.add("parse not available: no parse model is configured");
        return null;
    }

    private Map<String, Object> failed(String mode, RuntimeException e) {
        LOG.warn("parse {} failed: {}", mode, e.getClass().getSimpleName());
        limitations.add(e instanceof ParseFailure f && !f.permanent()
                ? "parse failed: the parse model was unavailable; the parse was not charged (retry later)"
                : "parse failed: the parse model did not answer within its schema; the parse was not charged");
        return null;
    }
}
