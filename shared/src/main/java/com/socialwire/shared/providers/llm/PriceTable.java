package com.socialwire.shared.providers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a model's tokens cost, in USD per million input and output tokens, so every completion reports its cost. */
public final class PriceTable {

    /** The offline generator's model; it costs nothing. */
    public static final String OFFLINE_MODEL = "offline:template-v1";

    /** Names the built-in prices below; bump it whenever they change so stored costs can be traced to their prices. */
    public static final String BUILTIN_VERSION = "builtin-2026-11";

    /** Priced like the most expensive model we know, so an unpriced model is never under-counted against a budget. */
    public static final Price DEFAULT_FALLBACK = new Price(new BigDecimal("15"), new BigDecimal("75"));

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    // Dated snapshots ("gpt-4o-mini-2024-07-18", "claude-sonnet-4-5-20250929") cost what their alias costs.
    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest)$");

    // Published list prices (USD per 1M tokens, standard tier); override with LLM_PRICES when they move.
    private static final Map<String, Price> BUILTIN = Map.ofEntries(
            price("gpt-4o-mini", "0.15", "0.60"),
            price("gpt-4o", "2.50", "10.00"),
            price("gpt-4.1", "2.00", "8.00"),
            price("gpt-4.1-mini", "0.40", "1.60"),
            price("gpt-4.1-nano", "0.10", "0.40"),
            price("gpt-5", "1.25", "10.00"),
            price("gpt-5-mini", "0.25", "2.00"),
            price("gpt-5-nano", "0.05", "0.40"),
            price("claude-3-5-haiku", "0.80", "4.00"),
            price("claude-haiku-4-5", "1.00", "5.00"),
            price("claude-sonnet-4-5", "3.00", "15.00"),
            price("claude-opus-4-1", "15.00", "75.00"),
            price("claude-opus-4-5", "5.00", "25.00"),
            price("claude-sonnet-5", "2.00", "10.00"),
            price("claude-opus-5", "5.00", "25.00"),
            price(OFFLINE_MODEL, "0", "0"));

    /** One model's price. */
    public record Price(BigDecimal inputPerMTok, BigDecimal outputPerMTok) {
        public Price {
            if (inputPerMTok == null || outputPerMTok == null || inputPerMTok.signum() < 0 || outputPerMTok.signum() < 0) {
                throw new IllegalArgumentException("prices must be non-negative numbers");
            }
        }
    }

    private final Map<String, Price> prices;
    private final Price fallback;
    private final String version;

    public PriceTable(Map<String, Price> prices, Price fallback, String version) {
        Map<String, Price> normalised = new HashMap<>();
        prices.forEach((model, p) -> normalised.put(normalise(model), p));
        this.prices = Map.copyOf(normalised);
        this.fallback = fallback;
        this.version = version;
    }

    /** The built-in prices with the default fallback. */
    public static PriceTable defaults() {
        return new PriceTable(BUILTIN, DEFAULT_FALLBACK, BUILTIN_VERSION);
    }

    /**
     * The built-in prices overlaid with {@code LLM_PRICES} ({@code {"model":{"inputPerMTok":..,"outputPerMTok":..}}}),
     * and the fallback from {@code LLM_FALLBACK_PRICE} ({@code {"inputPerMTok":..,"outputPerMTok":..}}). A configured
     * table's version carries a hash of that configuration, so two deployments with different prices never share one.
     */
    public static PriceTable fromConfig(Config config) {
        String overrides = config.get("LLM_PRICES").orElse(null);
        String fallbackJson = config.get("LLM_FALLBACK_PRICE").orElse(null);
        if (overrides == null && fallbackJson == null) {
            return defaults();
        }
        Map<String, Price> merged = new HashMap<>(BUILTIN);
        if (overrides != null) {
            JsonNode root = parse("LLM_PRICES", overrides);
            if (!root.isObject()) {
                throw new IllegalStateException("LLM_PRICES must be a JSON object keyed by model");
            }
            root.fields().forEachRemaining(e -> merged.put(e.getKey(), readPrice("LLM_PRICES." + e.getKey(), e.getValue())));
        }
        Price fallback = fallbackJson == null ? DEFAULT_FALLBACK : readPrice("LLM_FALLBACK_PRICE", parse("LLM_FALLBACK_PRICE", fallbackJson));
        String hash = Hashing.sha256Hex(String.valueOf(overrides) + "\n" + String.valueOf(fallbackJson)).substring(0, 12);
        return new PriceTable(merged, fallback, BUILTIN_VERSION + "+config-" + hash);
    }

    /** True if {@code model} has a price of its own; false means {@link #cost} used the fallback price. */
    public boolean knows(String model) {
        return lookup(model) != null;
    }

    /** The price of {@code model}, or the fallback price when it is unknown (see {@link #knows}). */
    public Price priceOf(String model) {
        Price p = lookup(model);
        return p == null ? fallback : p;
    }

    /** USD for one completion, scale 6, rounded half-up. Unknown models are charged the fallback price. */
    public BigDecimal cost(String model, int inputTokens, int outputTokens) {
        Price p = priceOf(model);
        BigDecimal in = BigDecimal.valueOf(Math.max(0, inputTokens)).multiply(p.inputPerMTok());
        BigDecimal out = BigDecimal.valueOf(Math.max(0, outputTokens)).multiply(p.outputPerMTok());
        return in.add(out).divide(MILLION, 6, RoundingMode.HALF_UP);
    }

    /**
     * The most {@code request} can cost on {@code llm}, reserved before the call: the prompt's
     * {@link #promptTokenBound tokens} plus 16 for the chat framing, and every output token it allows.
     */
    public BigDecimal worstCase(LlmClient llm, LlmClient.LlmRequest request) {
        long tokens = promptTokenBound(request.system());
        for (LlmClient.Message m : request.messages()) {
            tokens += promptTokenBound(m.content());
        }
        return cost(modelOf(llm), (int) Math.min(Integer.MAX_VALUE, tokens + 16), request.maxTokens());
    }

    /**
     * The most tokens {@code text} can take, counted on its UTF-8 bytes, not its characters: ASCII at
     * ~4 bytes a token (English text; rounded up), and every byte of a non-ASCII character as a token
     * of its own — byte-level tokenizers never make more tokens than bytes, and CJK text or emoji
     * (1 character, 3-4 bytes, often 1-3 tokens) would be under-counted by a per-character rule.
     */
    static long promptTokenBound(String text) {
        if (text == null) {
            return 0;
        }
        long ascii = 0;
        long other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                ascii++;
            } else {
                other += cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // its UTF-8 length
            }
        }
        return (ascii + 3) / 4 + other;
    }

    /** The model name {@code llm} is priced by: its description without the provider prefix (the offline one as it is). */
    public static String modelOf(LlmClient llm) {
        String d = llm.describe();
        return llm.offline() || !d.contains(":") ? d : d.substring(d.indexOf(':') + 1);
    }

    public Price fallback() {
        return fallback;
    }

    /** Which prices these are: stored next to each cost so a figure can be explained later. */
    public String version() {
        return version;
    }

    /** The models with a price of their own. */
    public Set<String> models() {
        return prices.keySet();
    }

    @Override
    public String toString() {
        return "PriceTable[" + version + ", " + prices.size() + " models]";
    }

    private Price lookup(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        String key = normalise(model);
        Price p = prices.get(key);
        if (p == null) {
            p = prices.get(SNAPSHOT_SUFFIX.matcher(key).replaceFirst(""));
        }
        return p;
    }

    private static String normalise(String model) {
        return model.trim().toLowerCase(Locale.ROOT);
    }

    private static Map.Entry<String, Price> price(String model, String in, String out) {
        return Map.entry(model, new Price(new BigDecimal(in), new BigDecimal(out)));
    }

    private static JsonNode parse(String name, String json) {
        try {
            return Json.tree(json);
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalStateException(name + " is not valid JSON", e);
        }
    }

    private static Price readPrice(String name, JsonNode node) {
        try {
            return new Price(decimal(node.get("inputPerMTok")), decimal(node.get("outputPerMTok")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " needs non-negative inputPerMTok and outputPerMTok", e);
        }
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return new BigDecimal(n.asText().trim()); // NumberFormatException is an IllegalArgumentException
    }
}
