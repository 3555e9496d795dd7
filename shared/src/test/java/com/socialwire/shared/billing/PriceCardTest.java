package com.socialwire.shared.billing;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The markup kept in millionths charges exactly what the decimal markup charged. */
class PriceCardTest {

    @Test
    void anLlmChargeIsTheDecimalMarkupOfItsCostRoundedUpWhateverTheCardsMarkup() {
        Random random = new Random(20261205);
        for (int i = 0; i < 2_000; i++) {
            BigDecimal markup = BigDecimal.valueOf(random.nextInt(5_000_000), random.nextInt(7)); // up to 6 decimals
            PriceCard card = PriceCard.fromConfig(Config.of(Map.of("PRICE_CARD",
                    "{\"version\":\"t\",\"microCreditsPerUsd\":1000000,\"llmMarkup\":" + markup.toPlainString() + "}")));
            BigDecimal usd = BigDecimal.valueOf(random.nextLong(1, 50_000_000), 9 + random.nextInt(4));
            long expected = usd.multiply(markup).multiply(BigDecimal.valueOf(1_000_000)).setScale(0, RoundingMode.CEILING).longValueExact();
            assertEquals(expected, card.llm(usd), "markup " + markup + ", usd " + usd);
            assertEquals(0, markup.compareTo(card.llmMarkup()));
        }
        assertEquals(1_200, PriceCard.BUILT_IN.llm(new BigDecimal("0.001")));
    }

    @Test
    void aMarkupFinerThanAMillionthIsAConfigurationErrorNotARoundedCharge() {
        assertThrows(IllegalArgumentException.class, () -> PriceCard.fromConfig(Config.of(Map.of("PRICE_CARD", "{\"llmMarkup\":1.0000001}"))));
    }
}
