package com.socialwire.bench.cost;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PricesTest {

    @Test
    void everyPriceInTheOneFileHasItsSourceAndDate() {
        Prices prices = Prices.load();
        assertEquals("us-east-1", prices.region());
        LocalDate.parse(prices.checked());
        prices.prices().fields().forEachRemaining(e -> {
            assertTrue(e.getValue().path("usdPerMillion").asDouble() > 0, e.getKey());
            assertTrue(e.getValue().path("source").asText().startsWith("https://aws.amazon.com/"), e.getKey());
            LocalDate.parse(e.getValue().path("asOf").asText());
        });
    }

    @Test
    void dynamoDbOnDemandIsPricedPerRequestUnit() {
        Prices prices = Prices.load();
        assertEquals(0.625e-6, prices.usd("dynamodb.writeRequestUnit"), 1e-12);
        assertEquals(0.125e-6, prices.usd("dynamodb.readRequestUnit"), 1e-12);
    }

    @Test
    void aPriceTheFileDoesNotHoldIsAnErrorNotZero() {
        assertThrows(IllegalStateException.class, () -> Prices.load().usd("dynamodb.storageGbMonth"));
    }
}
