package com.socialwire.posts.studio.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.socialwire.shared.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's answer read as the JSON it was asked for: the first JSON array or object in the text (code fences and
 * talk around it ignored), parsed as untrusted input; anything else reads as missing, never as an error.
 */
final class ModelAnswer {

    private ModelAnswer() {
    }

    static JsonNode json(String text) {
        if (text == null) {
            return MissingNode.getInstance();
        }
        int array = text.indexOf('[');
        int object = text.indexOf('{');
        int start = array < 0 ? object : object < 0 ? array : Math.min(array, object);
        if (start < 0) {
            return MissingNode.getInstance();
        }
        int end = text.lastIndexOf(text.charAt(start) == '[' ? ']' : '}');
        if (end <= start) {
            return MissingNode.getInstance();
        }
        try {
            return Json.untrustedTree(text.substring(start, end + 1).getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException | RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    /** The items of the answer's array, or of the array under {@code field} of its object. */
    static List<JsonNode> items(String text, String field) {
        JsonNode root = json(text);
        JsonNode list = root.isArray() ? root : root.path(field);
        List<JsonNode> out = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(out::add);
        }
        return out;
    }

    /** The strings of an array field (non-text items skipped). */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode n : node) {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(n.asText());
                }
            }
        }
        return out;
    }
}
