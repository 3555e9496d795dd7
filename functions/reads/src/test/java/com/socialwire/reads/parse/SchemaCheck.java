package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** For tests outside this package: what a parse output misses of its mode's schema (empty: it is within it). */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    public static List<String> problems(String kind, String mode, JsonNode output) {
        return Schema.problems(ParseModes.of(kind, mode).schema(), output);
    }
}
