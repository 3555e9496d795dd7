package com.socialwire.shared.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What paid operations cost in micro-credits, versioned so every charge says which card priced
 * it. Operations have a flat fee; LLM tokens are charged at their USD cost (from the model price
 * table) times a markup. Loaded from {@code PRICE_CARD} (JSON) or the built-in card.
 */
public record PriceCard(String version, long microCreditsPerUsd, Map<String, Long> operations, long llmMarkupMillionths) {

    /**
     * The markup in millionths (1.2 = 1,200,000), a whole number so that building a card makes no {@link BigDecimal}:
     * on JDK 24+ that class's initialiser computes 5^(2^16) (~12 ms interpreted), which every function building its
     * metering at init paid though only an LLM charge needs decimals.
     */
    public static final PriceCard BUILT_IN = new PriceCard("2026-12-05.2", 1_000_000L,
            Map.ofEntries(Map.entry("reply", 2_000L), Map.entry("dm_reply", 2_000L), Map.entry("draft", 1_000L),
                    Map.entry("publish", 10_000L), Map.entry("report", 50_000L),
                    // the content studio: a generation job, a synchronous AI tool call, an AI image (plus its provider cost)
                    Map.entry("content_job", 2_000L), Map.entry("ai_tool", 1_000L), Map.entry("ai_image", 5_000L),
                    // Instagram reads (they replace the one flat "read"): a provider read of a post or reel, and the cheaper
                    // answer from the cache (fresh or stale); a comment batch by its size, or cached; our transcription of a
                    // reel without the provider's transcript; a parse's fee (plus the model's tokens), or a cached parse
                    Map.entry("read_media", 2_000L), Map.entry("read_media_cached", 500L),
                    Map.entry("read_comments_20", 2_000L), Map.entry("read_comments_100", 5_000L), Map.entry("read_comments_500", 15_000L),
                    Map.entry("read_comments_cached", 500L), Map.entry("read_transcript", 5_000L),
                    Map.entry("parse_media", 2_000L), Map.entry("parse_comments", 3_000L), Map.entry("parse_cached", 500L)),
            1_200_000L);

    public PriceCard {
        operations = Map.copyOf(new TreeMap<>(operations));
        if (microCreditsPerUsd <= 0 || llmMarkupMillionths < 0) {
            throw new IllegalArgumentException("price card " + version + " is invalid");
        }
    }

    /** The LLM markup, exactly. */
    public BigDecimal llmMarkup() {
        return BigDecimal.valueOf(llmMarkupMillionths, 6);
    }

    /** {@code PRICE_CARD} = {"version":"...","microCreditsPerUsd":1000000,"llmMarkup":1.2,"operations":{"reply":2000,...}}. */
    public static PriceCard fromConfig(Config config) {
        String json = config.get("PRICE_CARD", null);
        if (json == null) {
            return BUILT_IN;
        }
        JsonNode n = Json.tree(json);
        Map<String, Long> ops = new TreeMap<>(BUILT_IN.operations());
        n.path("operations").fields().forEachRemaining(e -> ops.put(e.getKey(), e.getValue().asLong()));
        return new PriceCard(n.path("version").asText(BUILT_IN.version()),
                n.path("microCreditsPerUsd").asLong(BUILT_IN.microCreditsPerUsd()), ops,
                n.has("llmMarkup") ? millionths(n.path("llmMarkup").decimalValue()) : BUILT_IN.llmMarkupMillionths());
    }

    private static long millionths(BigDecimal markup) {
        try {
            return markup.movePointRight(6).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("PRICE_CARD llmMarkup " + markup.toPlainString() + " has more than 6 decimals or is too large");
        }
    }

    /** The flat fee of {@code operation}; an operation the card does not price is a configuration error. */
    public long fee(String operation) {
        Long fee = operations.get(operation);
        if (fee == null) {
            throw new IllegalStateException("price card " + version + " has no price for " + operation);
        }
        return fee;
    }

    /** Micro-credits for {@code usd} of model usage, rounded up (a charge never rounds to free). */
    public long llm(BigDecimal usd) {
        return usd.multiply(llmMarkup()).multiply(BigDecimal.valueOf(microCreditsPerUsd)).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
