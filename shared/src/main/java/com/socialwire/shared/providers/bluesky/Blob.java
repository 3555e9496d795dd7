package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

/** An uploaded blob as a record refers to it: {@code {"$type":"blob","ref":{"$link":cid},"mimeType","size"}}. */
public record Blob(String cid, String mimeType, long size) {

    public ObjectNode toJson() {
        ObjectNode b = Json.object().put("$type", "blob");
        b.putObject("ref").put("$link", cid);
        return b.put("mimeType", mimeType).put("size", size);
    }

    /** The blob a PDS answered ({@code uploadBlob}'s {@code blob}), or null when it is not one. */
    static Blob fromJson(JsonNode b) {
        String cid = b.path("ref").path("$link").asText(null);
        String mime = b.path("mimeType").asText(null);
        return cid == null || mime == null || !b.path("size").canConvertToLong() ? null : new Blob(cid, mime, b.path("size").asLong());
    }
}
