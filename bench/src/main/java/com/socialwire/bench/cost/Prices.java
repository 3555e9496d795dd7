package com.socialwire.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The AWS list prices of {@code aws-prices-us-east-1.json}: the one file the cost benchmark prices from. */
record Prices(String region, String checked, JsonNode prices) {

    static final String FILE = "aws-prices-us-east-1.json";

    static Prices load() {
        try (InputStream in = Prices.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the classpath");
            }
            JsonNode root = Json.tree(in.readAllBytes());
            return new Prices(root.path("region").asText(), root.path("checked").asText(), root.path("prices"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** US dollars per one unit of {@code name}; fails on a name the file does not price. */
    double usd(String name) {
        JsonNode p = prices.get(name);
        if (p == null || !p.path("usdPerMillion").isNumber()) {
            throw new IllegalStateException(FILE + " has no price " + name);
        }
        return p.path("usdPerMillion").asDouble() / 1e6;
    }

    String source(String name) {
        return prices.path(name).path("source").asText() + " (as of " + prices.path(name).path("asOf").asText() + ")";
    }
}
