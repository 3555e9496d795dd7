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
public record PriceCard(String version, long microCreditsPerUsd, Map<String, Long> operations, BigDecimal llmMarkup) {

    public static final PriceCard BUILT_IN = new PriceCard("2026-11-22", 1_000_000L,
            Map.of("reply", 2_000L, "dm_reply", 2_000L, "draft", 1_000L, "publish", 10_000L, "report", 50_000L, "read", 1_000L),
            new BigDecimal("1.2"));

    public PriceCard {
        operations = Map.copyOf(new TreeMap<>(operations));
        if (microCreditsPerUsd <= 0 || llmMarkup.signum() < 0) {
            throw new IllegalArgumentException("price card " + version + " is invalid");
        }
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
                n.has("llmMarkup") ? n.path("llmMarkup").decimalValue() : BUILT_IN.llmMarkup());
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
        return usd.multiply(llmMarkup).multiply(BigDecimal.valueOf(microCreditsPerUsd)).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
