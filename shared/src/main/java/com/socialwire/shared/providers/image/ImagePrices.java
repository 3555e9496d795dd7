package com.socialwire.shared.providers.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one generated image costs, in USD, by model, quality and size — the one table every image charge is priced
 * by (worst case held before the call, actual settled after), plus the prompt's text tokens where a model bills them.
 *
 * <p>Built-in list prices (standard tier), checked 2026-12-05: OpenAI's pricing page, "Image generation"
 * (platform.openai.com/docs/pricing): gpt-image-1 per image low $0.011 / $0.016 / $0.016, medium $0.042 / $0.063 /
 * $0.063, high $0.167 / $0.25 / $0.25 for 1024x1024 / 1024x1536 / 1536x1024, and its text input at $5 per million
 * tokens; dall-e-3 1024x1024 standard $0.04, hd $0.08; dall-e-2 1024x1024 $0.02. xAI's models page
 * (docs.x.ai/docs/models): grok-2-image $0.07 per image (its API takes no size: every size costs the same).
 * Override with {@code IMAGE_PRICES} when they move.
 */
public final class ImagePrices {

    /** The offline generator's model; it costs nothing. */
    public static final String OFFLINE_MODEL = "offline:brand-card-v1";

    /** Names the built-in prices; bump it whenever they change so stored costs can be traced to their prices. */
    public static final String BUILTIN_VERSION = "images-builtin-2026-12";

    /** An unknown model is priced like the most expensive image we know (gpt-image-1 high, portrait), never under-counted. */
    public static final BigDecimal DEFAULT_FALLBACK = new BigDecimal("0.25");

    /** The quality of a model that offers one (dall-e-2, grok-2-image, local servers). */
    public static final String STANDARD = "standard";

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-(\\d{4}|\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest)$");

    private static final Map<String, BigDecimal> BUILTIN = Map.ofEntries(
            price("gpt-image-1", "low", "1024x1024", "0.011"), price("gpt-image-1", "low", "1024x1536", "0.016"),
            price("gpt-image-1", "low", "1536x1024", "0.016"),
            price("gpt-image-1", "medium", "1024x1024", "0.042"), price("gpt-image-1", "medium", "1024x1536", "0.063"),
            price("gpt-image-1", "medium", "1536x1024", "0.063"),
            price("gpt-image-1", "high", "1024x1024", "0.167"), price("gpt-image-1", "high", "1024x1536", "0.25"),
            price("gpt-image-1", "high", "1536x1024", "0.25"),
            price("dall-e-3", STANDARD, "1024x1024", "0.04"), price("dall-e-3", "hd", "1024x1024", "0.08"),
            price("dall-e-2", STANDARD, "1024x1024", "0.02"),
            price("grok-2-image", STANDARD, "1024x1024", "0.07"), price("grok-2-image", STANDARD, "1024x1536", "0.07"),
            price("grok-2-image", STANDARD, "1536x1024", "0.07"),
            price(OFFLINE_MODEL, STANDARD, "1024x1024", "0"), price(OFFLINE_MODEL, STANDARD, "1024x1536", "0"),
            price(OFFLINE_MODEL, STANDARD, "1536x1024", "0"));

    /** USD per million prompt text tokens, for the models that bill them on top of the image. */
    private static final Map<String, BigDecimal> BUILTIN_TEXT = Map.of("gpt-image-1", new BigDecimal("5.00"));

    private final Map<String, BigDecimal> perImage;
    private final Map<String, BigDecimal> textPerMTok;
    private final BigDecimal fallback;
    private final String version;

    public ImagePrices(Map<String, BigDecimal> perImage, Map<String, BigDecimal> textPerMTok, BigDecimal fallback, String version) {
        this.perImage = Map.copyOf(perImage);
        this.textPerMTok = Map.copyOf(textPerMTok);
        this.fallback = fallback;
        this.version = version;
    }

    public static ImagePrices defaults() {
        return new ImagePrices(BUILTIN, BUILTIN_TEXT, DEFAULT_FALLBACK, BUILTIN_VERSION);
    }

    /**
     * The built-in prices overlaid with {@code IMAGE_PRICES} ({@code {"model":{"quality":{"1024x1024":0.04,...}}}}, quality
     * {@value #STANDARD} for a model that has one) and the unknown-model price {@code IMAGE_FALLBACK_PRICE_USD}. A
     * configured table's version carries a hash of that configuration.
     */
    public static ImagePrices fromConfig(Config config) {
        String overrides = config.get("IMAGE_PRICES").orElse(null);
        String fallbackText = config.get("IMAGE_FALLBACK_PRICE_USD").orElse(null);
        if (overrides == null && fallbackText == null) {
            return defaults();
        }
        Map<String, BigDecimal> merged = new HashMap<>(BUILTIN);
        if (overrides != null) {
            JsonNode root;
            try {
                root = Json.tree(overrides);
            } catch (java.io.UncheckedIOException e) {
                throw new IllegalStateException("IMAGE_PRICES is not valid JSON", e);
            }
            root.fields().forEachRemaining(m -> m.getValue().fields().forEachRemaining(q -> q.getValue().fields().forEachRemaining(s ->
                    merged.put(key(m.getKey(), q.getKey(), s.getKey()), usd("IMAGE_PRICES." + m.getKey(), s.getValue())))));
        }
        BigDecimal fallback = fallbackText == null ? DEFAULT_FALLBACK : new BigDecimal(fallbackText.trim());
        if (fallback.signum() < 0) {
            throw new IllegalStateException("IMAGE_FALLBACK_PRICE_USD must not be negative");
        }
        String hash = Hashing.sha256Hex(overrides + "\n" + fallbackText).substring(0, 12);
        return new ImagePrices(merged, BUILTIN_TEXT, fallback, BUILTIN_VERSION + "+config-" + hash);
    }

    /**
     * USD for one image of {@code model} at {@code quality} and {@code size}. A null or {@code auto} quality lets the
     * provider choose, so it is the model's most expensive quality at that size; an unknown model costs the fallback.
     */
    public BigDecimal perImage(String model, String quality, String size) {
        BigDecimal p = perImageOrNull(model, quality, size);
        return p == null ? fallback : p;
    }

    /**
     * The most the image can cost: its price and, where billed, a text token for every UTF-8 byte of the prompt — a
     * byte-level tokenizer never makes more tokens than bytes (the LLM table's estimate of ~4 ASCII bytes a token is
     * not a bound: a short prompt was counted at 10 tokens where it estimated 8).
     */
    public BigDecimal worstCase(String model, String quality, String size, String prompt) {
        return cost(model, quality, size, prompt == null ? 0 : prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    /** What the image cost: its price and {@code textTokens} of prompt where the model bills them (USD, scale 6, rounded up). */
    public BigDecimal cost(String model, String quality, String size, long textTokens) {
        BigDecimal text = textPerMTok.getOrDefault(base(model), BigDecimal.ZERO)
                .multiply(BigDecimal.valueOf(Math.max(0, textTokens))).divide(MILLION, 6, RoundingMode.CEILING);
        return perImage(model, quality, size).add(text).setScale(6, RoundingMode.CEILING);
    }

    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return "ImagePrices[" + version + ", " + perImage.size() + " prices]";
    }

    private BigDecimal perImageOrNull(String model, String quality, String size) {
        String m = base(model);
        if (quality != null && !quality.isBlank() && !quality.equalsIgnoreCase("auto")) {
            return perImage.get(key(m, quality, size));
        }
        BigDecimal most = null;
        String prefix = m + "|";
        String suffix = "|" + size;
        for (Map.Entry<String, BigDecimal> e : perImage.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().endsWith(suffix) && (most == null || e.getValue().compareTo(most) > 0)) {
                most = e.getValue();
            }
        }
        return most;
    }

    /** Dated snapshots ({@code grok-2-image-1212}, {@code gpt-image-1-2025-04-23}) cost what their model costs. */
    private String base(String model) {
        String m = model == null ? "" : model.trim().toLowerCase(Locale.ROOT);
        if (perImage.keySet().stream().anyMatch(k -> k.startsWith(m + "|"))) {
            return m;
        }
        return SNAPSHOT_SUFFIX.matcher(m).replaceFirst("");
    }

    private static String key(String model, String quality, String size) {
        return model.trim().toLowerCase(Locale.ROOT) + "|" + quality.trim().toLowerCase(Locale.ROOT) + "|" + size.trim();
    }

    private static Map.Entry<String, BigDecimal> price(String model, String quality, String size, String usd) {
        return Map.entry(key(model, quality, size), new BigDecimal(usd));
    }

    private static BigDecimal usd(String name, JsonNode n) {
        BigDecimal v = n.isNumber() ? n.decimalValue() : null;
        if (v == null || v.signum() < 0) {
            throw new IllegalStateException(name + " needs non-negative USD prices per size");
        }
        return v;
    }
}
