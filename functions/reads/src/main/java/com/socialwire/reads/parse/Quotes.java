package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks that every quote an output gives ({@code {"commentId", "quote"}}) is words of the comment it cites. */
final class Quotes {

    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern EDGES = Pattern.compile("^[\\s\"'“”‘’.…]+|[\\s\"'“”‘’.…]+$");

    private Quotes() {
    }

    /** Removes from {@code output}'s arrays every quote that is not in its comment's text; how many it removed. */
    static int dropInvented(JsonNode output, CommentSample sample) {
        Map<String, String> texts = new HashMap<>();
        for (CommentSample.Entry e : sample.comments()) {
            texts.put(e.comment().id(), normalize(e.comment().text()));
        }
        return walk(output, texts);
    }

    private static int walk(JsonNode node, Map<String, String> texts) {
        int dropped = 0;
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode item = array.get(i);
                if (item.isObject() && item.has("quote") && item.has("commentId")) {
                    String text = texts.get(item.get("commentId").asText());
                    String quote = normalize(item.get("quote").asText());
                    if (text == null || quote.isEmpty() || !text.contains(quote)) {
                        array.remove(i);
                        dropped++;
                        continue;
                    }
                }
                dropped += walk(item, texts);
            }
        } else if (node.isObject()) {
            for (JsonNode child : node) {
                dropped += walk(child, texts);
            }
        }
        return dropped;
    }

    static String normalize(String s) {
        if (s == null) {
            return "";
        }
        return EDGES.matcher(SPACE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ")).replaceAll("");
    }
}
