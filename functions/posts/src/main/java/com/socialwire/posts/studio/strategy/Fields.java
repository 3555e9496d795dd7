package com.socialwire.posts.studio.strategy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.studio.prompt.ContentTypes;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies a request's fields onto a studio document, checked by {@link JsonBody} (every problem in one 400): a field the
 * request leaves out keeps the document's value (an edit changes what it names), a null clears it.
 */
final class Fields {

    private Fields() {
    }

    static void text(JsonBody b, ObjectNode in, ObjectNode out, String field, boolean required, int max) {
        if (!in.has(field) && !required) {
            return;
        }
        if (in.hasNonNull(field) || required) {
            Optional<String> v = b.string(field, required, 1, max);
            if (v.isPresent()) {
                out.put(field, v.get());
            }
        } else {
            out.remove(field);
        }
    }

    static void strings(JsonBody b, ObjectNode in, ObjectNode out, String field, int maxItems, int max) {
        if (!in.has(field)) {
            return;
        }
        Optional<List<String>> v = b.strings(field, maxItems, max);
        ArrayNode a = out.putArray(field);
        if (v.isPresent()) {
            for (String s : v.get()) {
                a.add(s);
            }
        }
    }

    /** Content types, each one of {@link ContentTypes#ALL}. */
    static void contentTypes(JsonBody b, ObjectNode in, ObjectNode out, String field) {
        strings(b, in, out, field, ContentTypes.ALL.size(), 20);
        for (var t : out.path(field)) {
            if (!ContentTypes.known(t.asText())) {
                b.reject(field, "items must be one of " + ContentTypes.ALL);
            }
        }
    }

    static void bool(JsonBody b, ObjectNode in, ObjectNode out, String field, boolean absent) {
        Optional<Boolean> v = b.bool(field);
        if (v.isPresent()) {
            out.put(field, v.get());
        } else if (!out.has(field)) {
            out.put(field, absent);
        }
    }

    /** A content type named in a path: one of {@link ContentTypes#ALL}, else 400. */
    static String contentType(String contentType) {
        if (!ContentTypes.known(contentType)) {
            throw ApiException.validation("unknown content type", Map.of("contentType", "must be one of " + ContentTypes.ALL));
        }
        return contentType;
    }

    /** A version number named in a path or query: a whole number from 1, else 400. */
    static long version(String version) {
        if (version == null || !version.matches("[1-9][0-9]{0,8}")) {
            throw ApiException.validation("a version is a whole number from 1", Map.of("version", String.valueOf(version)));
        }
        return Long.parseLong(version);
    }

    /** The document, or 404 naming {@code what}. */
    static ObjectNode found(Optional<ObjectNode> doc, String what) {
        if (doc.isEmpty()) {
            throw ApiException.notFound(what);
        }
        return doc.get();
    }
}
