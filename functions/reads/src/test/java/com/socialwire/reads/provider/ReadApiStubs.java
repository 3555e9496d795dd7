package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.socialwire.shared.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The read API's answers as a WireMock server gives them, from the fixtures in {@code src/test/resources/readapi}: for
 * the provider's contract test and ReadsFunction's tests alike.
 */
public final class ReadApiStubs {

    private ReadApiStubs() {
    }

    public static String fixture(String name) {
        try (InputStream in = ReadApiStubs.class.getResourceAsStream("/readapi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    /**
     * Ten pages of 50 comments of {@code shortcode} with {@code next_min_id}; 20 comments have 6 replies (1 preview, 2
     * reply pages), 80 one preview reply.
     */
    public static void fiveHundredComments(WireMockServer wm, String shortcode) {
        JsonNode pages = Json.tree(fixture("comments-pages.json"));
        String cursor = null;
        for (JsonNode page : pages) {
            var stub = get(urlPathEqualTo("/v1/instagram/media/comments")).withQueryParam("shortcode", equalTo(shortcode))
                    .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor));
            wm.stubFor(stub.willReturn(okJson(Json.write(page))));
            cursor = page.path("next_min_id").asText(null);
        }
        JsonNode replies = Json.tree(fixture("comments-replies.json"));
        for (Iterator<Map.Entry<String, JsonNode>> it = replies.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String c = null;
            for (JsonNode page : e.getValue()) {
                wm.stubFor(get(urlPathEqualTo("/v1/instagram/media/comments/replies")).withQueryParam("comment_id", equalTo(e.getKey()))
                        .withQueryParam("cursor", c == null ? absent() : equalTo(c)).willReturn(okJson(Json.write(page))));
                c = page.path("next_max_child_cursor").asText(null);
            }
        }
    }
}
