package com.socialwire.posts.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformsTest {

    private static final Set<String> KNOWN_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp",
            "video/mp4", "video/quicktime");

    static List<Platform> platforms() {
        return Platforms.all();
    }

    @Test
    void allIsTheTwelveSupportedPlatformsInAStableOrder() {
        assertEquals(List.of("twitter", "linkedin", "facebook", "instagram", "tiktok", "pinterest", "reddit", "bluesky",
                "threads", "youtube", "mastodon", "dribbble"), Platforms.names());
        assertSame(Platforms.all(), Platforms.all());
        assertThrows(UnsupportedOperationException.class, () -> Platforms.all().add(Platforms.all().get(0)));
    }

    @Test
    void theNumbersAreTheDocumentedOnes() {
        // name -> {maxCharacters, maxMediaItems}
        Map<String, int[]> expected = Map.ofEntries(
                Map.entry("twitter", new int[] {280, 4}), Map.entry("linkedin", new int[] {3_000, 1}),
                Map.entry("facebook", new int[] {63_206, 10}), Map.entry("instagram", new int[] {2_200, 10}),
                Map.entry("tiktok", new int[] {4_000, 35}), Map.entry("pinterest", new int[] {500, 5}),
                Map.entry("reddit", new int[] {40_000, 20}), Map.entry("bluesky", new int[] {300, 4}),
                Map.entry("threads", new int[] {500, 10}), Map.entry("youtube", new int[] {5_000, 1}),
                Map.entry("mastodon", new int[] {500, 4}), Map.entry("dribbble", new int[] {1_000, 1}));
        for (Platform p : Platforms.all()) {
            assertEquals(expected.get(p.name())[0], p.maxCharacters(), p.name());
            assertEquals(expected.get(p.name())[1], p.maxMediaItems(), p.name());
        }
        assertEquals(Set.of("instagram", "pinterest", "tiktok", "youtube", "dribbble"),
                Platforms.all().stream().filter(Platform::requiresMedia).map(Platform::name).collect(Collectors.toSet()));
        assertEquals(Set.of("twitter", "bluesky", "threads", "mastodon"),
                Platforms.all().stream().filter(Platform::supportsThreads).map(Platform::name).collect(Collectors.toSet()));
        assertEquals(30, Platforms.require("instagram").maxHashtags());
        assertEquals(60, Platforms.require("youtube").maxHashtags());
        assertEquals(List.of("video/mp4", "video/quicktime", "image/jpeg", "image/webp"), Platforms.require("tiktok").supportedMediaTypes());
        assertEquals(List.of("video/mp4", "video/quicktime"), Platforms.require("youtube").supportedMediaTypes());
        assertTrue(Platforms.require("dribbble").supportedMediaTypes().stream().allMatch(t -> t.startsWith("image/")));
        assertEquals(23, Platforms.require("twitter").urlCharacters());
        assertEquals(23, Platforms.require("mastodon").urlCharacters());
        assertEquals(Platform.Counting.GRAPHEMES, Platforms.require("bluesky").counting());
    }

    @Test
    void thePlatformsWithAPublisherAreActive() {
        assertEquals(List.of("twitter", "linkedin", "facebook", "instagram", "tiktok", "pinterest", "reddit", "bluesky", "threads", "youtube", "mastodon", "dribbble"), Platforms.all().stream().filter(Platform::active).map(Platform::name).toList());
    }

    @Test
    void redditAndDribbbleSayTheyNeedAnApprovedApp() {
        assertEquals(List.of("reddit", "dribbble"), Platforms.all().stream().filter(p -> p.approvedApp() != null).map(Platform::name).toList());
        ObjectNode reddit = Platforms.require("reddit").toJson();
        assertTrue(reddit.get("requiresApprovedApp").asBoolean());
        assertTrue(reddit.get("approvedAppNote").asText().contains("approved"));
        ObjectNode x = Platforms.require("x").toJson();
        assertFalse(x.get("requiresApprovedApp").asBoolean());
        assertTrue(x.get("approvedAppNote").isNull());
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void everyPlatformIsConsistent(Platform p) {
        assertTrue(p.name().matches("[a-z]+"), p.name());
        assertTrue(p.maxCharacters() > 0 && p.maxMediaItems() > 0, p.name());
        assertFalse(p.supportedMediaTypes().isEmpty(), p.name());
        assertTrue(KNOWN_TYPES.containsAll(p.supportedMediaTypes()), p.name());
        assertEquals(p.supportedMediaTypes().size(), new HashSet<>(p.supportedMediaTypes()).size(), p.name());
        assertEquals(p.supportsThreads(), p.maxThreadParts() > 0, p.name());
        assertTrue(p.maxHashtags() == null || p.maxHashtags() > 0, p.name());
        assertTrue(p.maxHashtags() == null || p.supportsHashtags(), p.name());
        assertTrue(!p.supportsCarousel() || p.maxMediaItems() > 1, p.name());
        assertEquals(p.requiresMedia(), p.allowsEmptyText(), p.name());
        assertFalse(p.notes() == null || p.notes().isBlank(), p.name());
        assertSame(p, Platforms.require(p.name()));
        assertSame(p, Platforms.require(p.name().toUpperCase()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "X", " x ", "twitter", "Twitter", "\tTWITTER\n"})
    void xAndTwitterAreOnePlatform(String name) {
        assertEquals("twitter", Platforms.find(name).orElseThrow().name());
        assertEquals("twitter", Platforms.require(name).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"myspace", "", " ", "insta", "twitter2", "xx"})
    void unknownNamesAreAbsentAndA404(String name) {
        assertTrue(Platforms.find(name).isEmpty());
        ApiException e = assertThrows(ApiException.class, () -> Platforms.require(name));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals(404, e.status());
        assertEquals("Unknown platform: " + name.strip(), e.getMessage());
    }

    @Test
    void nullAndHugeNamesAreHandled() {
        assertTrue(Platforms.find(null).isEmpty());
        assertEquals("Unknown platform: null", assertThrows(ApiException.class, () -> Platforms.require(null)).getMessage());
        String huge = "z".repeat(10_000);
        String message = assertThrows(ApiException.class, () -> Platforms.require(huge)).getMessage();
        assertEquals("Unknown platform: " + "z".repeat(64) + "…", message);
    }

    @Test
    void jsonHasTheDocumentedShape() {
        ObjectNode json = Platforms.require("x").toJson();
        assertEquals("twitter", json.get("platform").asText());
        assertEquals(280, json.get("maxCharacters").asInt());
        assertEquals(4, json.get("maxMediaItems").asInt());
        assertEquals(List.of("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"),
                Json.mapper().convertValue(json.get("supportedMediaTypes"), List.class));
        assertTrue(json.get("supportsThreads").asBoolean());
        assertTrue(json.get("supportsHashtags").asBoolean());
        assertFalse(json.get("supportsCarousel").asBoolean());
        assertFalse(json.get("requiresMedia").asBoolean());
        assertTrue(json.get("active").asBoolean(), "X is published to through the tenant's connected account");
        assertTrue(json.get("maxHashtags").isNull());
        assertEquals(25, json.get("maxThreadParts").asInt());
        assertEquals(23, json.get("urlCharacters").asInt());
        assertEquals("weighted", json.get("textCounting").asText());
        assertTrue(json.get("notes").asText().contains("23 characters"));

        JsonNode ig = Json.tree(Json.write(Platforms.require("instagram").toJson()));
        assertTrue(ig.get("active").asBoolean());
        assertTrue(ig.get("requiresMedia").asBoolean());
        assertTrue(ig.get("supportsCarousel").asBoolean());
        assertTrue(ig.get("allowsEmptyText").asBoolean());
        assertEquals(30, ig.get("maxHashtags").asInt());
        assertEquals(10, ig.get("maxMediaItems").asInt());
        assertTrue(ig.get("urlCharacters").isNull());
        assertEquals("characters", ig.get("textCounting").asText());
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void jsonOfEveryPlatformIsCamelCaseAndComplete(Platform p) {
        ObjectNode json = p.toJson();
        for (String field : List.of("platform", "maxCharacters", "maxTitleCharacters", "maxMediaItems", "supportedMediaTypes",
                "supportsThreads", "supportsHashtags", "supportsCarousel", "requiresMedia", "active", "maxHashtags",
                "maxThreadParts", "mixedMedia", "urlCharacters", "textCounting", "allowsEmptyText", "notes",
                "requiresApprovedApp", "approvedAppNote")) {
            assertTrue(json.has(field), p.name() + " lacks " + field);
        }
        json.fieldNames().forEachRemaining(f -> assertTrue(f.matches("[a-z][A-Za-z]*"), f));
        assertEquals(p.name(), json.get("platform").asText());
    }

    @Test
    void mediaTypesMatchCaseInsensitively() {
        Platform ig = Platforms.require("instagram");
        assertTrue(ig.supportsMediaType("IMAGE/JPEG "));
        assertFalse(ig.supportsMediaType("image/png"));
        assertFalse(ig.supportsMediaType(null));
    }

    @Test
    void zeroHashtagLimitMeansNoLimitAndNoThreadsMeansNoParts() {
        Platform p = new Platform("test", 10, null, 1, List.of("image/png"), false, true, false, false, 0, 7, false, false,
                null, Platform.Counting.CHARACTERS, "n");
        assertNull(p.maxHashtags());
        assertEquals(0, p.maxThreadParts());
    }
}
