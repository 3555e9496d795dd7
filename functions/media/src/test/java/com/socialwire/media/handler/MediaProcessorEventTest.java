package com.socialwire.media.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.media.processing.MediaProcessor;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MediaProcessorFunction reads its S3 event with the streaming parser and answers with plain maps (its first upload
 * built the ObjectMapper for the event's tree and the answer's records: ~650 classes). It must pick the same records
 * and keys and answer the same JSON as the tree and the mapper did: a seeded loop of events (S3 records of every kind,
 * keys URL-encoded as S3 sends them, other sources, nulls, arrays, nesting, members in any order), each compared with
 * what the tree-and-mapper reading gives (but for a JSON null key, which S3 never sends: the tree read it as the text
 * "null"). Keys that are not media upload keys are processed without a store or bucket.
 */
class MediaProcessorEventTest {

    private static final String ALPHABET = "abcXYZ019 -_.~+%/=&?é日🙂\"\\";

    private final MediaProcessorHandler handler = new MediaProcessorHandler(new MediaProcessor(null, bucket -> null, Clock.systemUTC()));

    @Test
    void s3EventsAreReadAndAnsweredAsTheTreeAndTheMapperDid() throws Exception {
        Random random = new Random(20261204);
        int compared = 0;
        for (int round = 0; round < 300; round++) {
            ObjectNode event = Json.object();
            if (random.nextInt(10) == 0) {
                event.put("unrelated", "first");
            }
            ArrayNode records = event.putArray("Records");
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                records.add(record(random));
            }
            if (random.nextInt(10) == 0) {
                records.add("not an object");
            }
            byte[] raw = Json.bytes(event);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(raw), out, null);
            JsonNode actual = Json.tree(out.toByteArray());

            List<String> expectedKeys = new java.util.ArrayList<>();
            for (JsonNode record : Json.mapper().readTree(raw).path("Records")) { // the reading the handler did before
                if ("aws:s3".equals(record.path("eventSource").asText()) && record.path("eventName").asText().startsWith("ObjectCreated")) {
                    JsonNode key = record.path("s3").path("object").path("key");
                    // a null key (S3 sends none) read as the text "null" from the tree, as no key now
                    expectedKeys.add(URLDecoder.decode(key.isNull() ? "" : key.asText(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(expectedKeys.size(), actual.path("results").size(), actual::toString);
            for (int i = 0; i < expectedKeys.size(); i++) {
                JsonNode r = actual.path("results").path(i);
                MediaProcessor.Result expected = new MediaProcessor.Result(expectedKeys.get(i), null, "skipped", "not a media upload key",
                        r.path("millis").asLong());
                assertEquals(Json.mapper().readTree(Json.mapper().writeValueAsBytes(expected)), r, new String(raw, StandardCharsets.UTF_8));
                compared++;
            }
        }
        assertTrue(compared > 150, "compared " + compared);
    }

    @Test
    void theEventsFixtureIsOneObjectCreatedRecordOfItsKey() throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("../../events/media-processor-upload.json"));
        List<java.util.Map<String, String>> records = MediaProcessorHandler.records(raw);
        assertEquals(1, records.size());
        assertEquals("aws:s3", records.get(0).get("eventSource"));
        assertEquals("ObjectCreated:Put", records.get(0).get("eventName"));
        assertEquals("socialwire-mediabucket", records.get(0).get("s3.bucket.name"));
        assertEquals("media/tnt_ReplaceWithARealId0000/med_ReplaceWithARealId0000/summer-launch.png", records.get(0).get("s3.object.key"));
        assertEquals("204800", records.get(0).get("s3.object.size"));
    }

    private static ObjectNode record(Random random) {
        ObjectNode r = Json.object();
        ObjectNode s3 = Json.object();
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", "bucket-" + random.nextInt(3));
        bucket.putObject("ownerIdentity").put("principalId", "EXAMPLE");
        ObjectNode object = Json.object();
        if (random.nextInt(8) != 0) {
            object.put("key", URLEncode(randomKey(random)));
        } else if (random.nextBoolean()) {
            object.putNull("key");
        }
        object.put("size", random.nextInt(1_000_000));
        object.put("eTag", "0123456789abcdef");
        if (random.nextBoolean()) {
            object.putArray("tags").add("x").addObject().put("key", "not this one");
        }
        s3.set("object", object);
        String source = List.of("aws:s3", "aws:s3", "aws:s3", "aws:sqs-not", "other").get(random.nextInt(5));
        String name = List.of("ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete", "").get(random.nextInt(4));
        if (random.nextBoolean()) { // members in another order
            r.set("s3", s3);
            r.put("eventName", name);
            r.put("eventSource", source);
        } else {
            r.put("eventVersion", "2.1");
            r.put("eventSource", source);
            r.put("eventName", name);
            r.set("s3", s3);
        }
        if (random.nextInt(6) == 0) {
            r.putNull("eventName");
        }
        return r;
    }

    private static String URLEncode(String key) {
        return java.net.URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private static String randomKey(Random random) {
        int length = 1 + random.nextInt(30);
        StringBuilder key = new StringBuilder();
        while (key.length() < length) {
            key.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return key.toString();
    }
}
