package com.socialwire.shared.providers.llm;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceTableTest {

    private final PriceTable prices = PriceTable.defaults();

    @Test
    void costsAreUsdAtScaleSixRoundedHalfUp() {
        // 1 × $0.15/M + 1 × $0.60/M = $0.00000075 → 0.000001
        assertEquals(new BigDecimal("0.000001"), prices.cost("gpt-4o-mini", 1, 1));
        assertEquals(new BigDecimal("0.000000"), prices.cost("gpt-4o-mini", 1, 0));
        assertEquals(new BigDecimal("18.000000"), prices.cost("claude-sonnet-4-5", 1_000_000, 1_000_000));
        assertEquals(new BigDecimal("0.000000"), prices.cost(PriceTable.OFFLINE_MODEL, 50_000, 50_000));
    }

    @Test
    void datedSnapshotsCostWhatTheirAliasCosts() {
        assertTrue(prices.knows("gpt-4o-mini-2024-07-18"));
        assertTrue(prices.knows("claude-sonnet-4-5-20250929"));
        assertEquals(prices.priceOf("gpt-4o-mini"), prices.priceOf("gpt-4o-mini-2024-07-18"));
        // A different model that merely starts like a known one is not priced as it.
        assertFalse(prices.knows("claude-opus-5-5"));
        assertFalse(prices.knows("gpt-4o-audio-preview"));
    }

    @Test
    void anUnknownModelIsChargedTheConservativeFallbackAndSaysSo() {
        assertFalse(prices.knows("mystery-model"));
        assertEquals(PriceTable.DEFAULT_FALLBACK, prices.priceOf("mystery-model"));
        assertEquals(new BigDecimal("90.000000"), prices.cost("mystery-model", 1_000_000, 1_000_000));
        assertFalse(prices.knows(null));
    }

    @Test
    void configOverridesPricesAndFallbackAndChangesTheVersion() {
        PriceTable configured = PriceTable.fromConfig(Config.of(Map.of(
                "LLM_PRICES", "{\"gpt-4o-mini\":{\"inputPerMTok\":0.2,\"outputPerMTok\":\"0.8\"},\"llama3.2\":{\"inputPerMTok\":0,\"outputPerMTok\":0}}",
                "LLM_FALLBACK_PRICE", "{\"inputPerMTok\":1,\"outputPerMTok\":2}")));

        assertEquals(new BigDecimal("1.000000"), configured.cost("gpt-4o-mini", 1_000_000, 1_000_000));
        assertTrue(configured.knows("llama3.2"));
        assertEquals(new BigDecimal("0.000000"), configured.cost("llama3.2", 9_999, 9_999));
        assertEquals(new BigDecimal("3.000000"), configured.cost("unknown", 1_000_000, 1_000_000));
        assertEquals(prices.priceOf("claude-haiku-4-5"), configured.priceOf("claude-haiku-4-5"));
        assertEquals(PriceTable.BUILTIN_VERSION, prices.version());
        assertTrue(configured.version().startsWith(PriceTable.BUILTIN_VERSION + "+config-"), configured.version());
        assertNotEquals(configured.version(), PriceTable.fromConfig(Config.of(Map.of("LLM_PRICES", "{}"))).version());
        assertEquals(PriceTable.BUILTIN_VERSION, PriceTable.fromConfig(Config.of(Map.of())).version());
    }

    @Test
    void badPriceConfigurationFailsAtColdStart() {
        assertThrows(IllegalStateException.class, () -> PriceTable.fromConfig(Config.of(Map.of("LLM_PRICES", "{not json"))));
        assertThrows(IllegalStateException.class, () -> PriceTable.fromConfig(Config.of(Map.of("LLM_PRICES", "{\"m\":{\"inputPerMTok\":1}}"))));
        assertThrows(IllegalStateException.class, () -> PriceTable.fromConfig(Config.of(Map.of("LLM_PRICES", "{\"m\":{\"inputPerMTok\":-1,\"outputPerMTok\":1}}"))));
    }

    /** A client priced as claude-opus-4-1 ($15 / $75 per M tokens), so a token more or less shows. */
    private static final LlmClient OPUS = new LlmClient() {
        public String describe() {
            return "anthropic:claude-opus-4-1";
        }

        public boolean offline() {
            return false;
        }

        public LlmResult complete(LlmRequest request) {
            throw new UnsupportedOperationException();
        }
    };

    private static LlmClient.LlmRequest prompt(String user) {
        return new LlmClient.LlmRequest(null, java.util.List.of(new LlmClient.Message("user", user)), 0, 0);
    }

    @Test
    void worstCaseHoldsCountUtf8BytesNotCharactersSoEmojiAndCjkPromptsAreNotUnderHeld() {
        String emoji = "\uD83D\uDE00".repeat(100);   // 100 emoji: 200 chars, 400 UTF-8 bytes
        String cjk = "\u6F22".repeat(100);            // 100 CJK characters: 100 chars, 300 UTF-8 bytes
        String english = "a".repeat(400);              // 400 chars, 400 bytes
        assertEquals(prices.cost("claude-opus-4-1", 400 + 16, 0), prices.worstCase(OPUS, prompt(emoji)),
                "every byte of a non-ASCII character may be a token");
        assertEquals(prices.cost("claude-opus-4-1", 300 + 16, 0), prices.worstCase(OPUS, prompt(cjk)));
        assertEquals(prices.cost("claude-opus-4-1", 100 + 16, 0), prices.worstCase(OPUS, prompt(english)), "ASCII: ~4 bytes a token");
        assertEquals(prices.cost("claude-opus-4-1", 1 + 2 + 16, 0), prices.worstCase(OPUS, prompt("caf\u00E9")), "caf: 1 token; é: 2 bytes");
        assertTrue(prices.worstCase(OPUS, prompt(emoji)).compareTo(prices.worstCase(OPUS, prompt("x".repeat(200)))) > 0,
                "an emoji prompt holds more than an ASCII prompt of as many chars");
    }
}
