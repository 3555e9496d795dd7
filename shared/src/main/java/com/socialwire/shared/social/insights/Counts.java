package com.socialwire.shared.social.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.analytics.InsightMetrics;

import java.util.HashMap;
import java.util.Map;

/** A platform's count fields read under Socialwire's metric names: a field the answer lacks stays unknown (absent). */
final class Counts {

    private Counts() {
    }

    /** {@code names}: the platform's field → our metric name. */
    static InsightMetrics read(JsonNode node, Map<String, String> names) {
        Map<String, Long> values = new HashMap<>();
        names.forEach((theirs, ours) -> {
            if (node.path(theirs).isNumber()) {
                values.put(ours, node.path(theirs).asLong());
            }
        });
        return new InsightMetrics(values);
    }
}
