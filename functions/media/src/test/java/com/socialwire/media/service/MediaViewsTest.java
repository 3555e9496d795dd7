package com.socialwire.media.service;

import com.socialwire.media.model.MediaItem;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.Page;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MediaFunction's answers hold plain values only, so they are written without building the ObjectMapper (its first
 * media list built it for the page record and the items' Instants: ~650 classes), and read exactly as the mapper wrote
 * them with Instants and the {@link Page} record: a seeded loop of items of every status and source, with and without
 * their optional members, instants with and without fractions of a second.
 */
class MediaViewsTest {

    private static final Set<String> INSTANTS = Set.of("createdAt", "updatedAt", "processedAt", "urlExpiresAt");

    @Test
    void mediaViewsAndPagesAreWrittenAsTheMapperWroteThemWithInstantsAndPages() throws Exception {
        Random random = new Random(20261204);
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T18:00:00.123456789Z"), ZoneOffset.UTC);
        MediaLibrary library = new MediaLibrary(null, new S3GetUrls(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), Optional.empty(), clock), "bucket");
        MediaService service = new MediaService(null, null, library, null, clock);
        List<Map<String, Object>> views = new ArrayList<>();
        List<Map<String, Object>> withInstants = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> view = service.view(item(random));
            assertPlain(view);
            Map<String, Object> old = new LinkedHashMap<>(view);
            old.replaceAll((k, v) -> INSTANTS.contains(k) && v != null ? Instant.parse((String) v) : v); // what view() held before
            assertEquals(Json.mapper().writeValueAsString(old), Json.write(view));
            views.add(view);
            withInstants.add(old);
        }
        for (String cursor : new String[] {null, "eyJwayI6InRudCJ9"}) {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("items", views);
            page.put("nextCursor", cursor);
            assertEquals(Json.mapper().writeValueAsString(new Page<>(withInstants, cursor)), Json.write(page));
        }
    }

    private static void assertPlain(Object value) {
        if (value instanceof Map<?, ?> m) {
            m.values().forEach(MediaViewsTest::assertPlain);
        } else if (value instanceof List<?> l) {
            l.forEach(MediaViewsTest::assertPlain);
        } else {
            assertTrue(value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long, () -> "not plain: " + value.getClass() + " " + value);
        }
    }

    private static MediaItem item(Random random) {
        String status = List.of(MediaItem.UPLOADING, MediaItem.PROCESSING, MediaItem.READY, MediaItem.FAILED).get(random.nextInt(4));
        boolean upload = random.nextBoolean();
        Instant created = Instant.parse("2026-12-04T17:00:00Z").plusNanos(random.nextInt(3) == 0 ? 0 : random.nextLong(1_000_000_000L));
        Instant processed = random.nextBoolean() ? null : created.plusMillis(random.nextInt(100_000));
        return new MediaItem("med_" + random.nextInt(1000), "tnt_1", upload ? MediaItem.UPLOAD : MediaItem.EXTERNAL, status, "image",
                "image/png", "image/png", "a.png", "A b.png", upload ? "media/tnt_1/med_1/a.png" : null,
                upload ? null : "https://cdn.example/a.png", random.nextBoolean() ? 640 : null, random.nextBoolean() ? 480 : null,
                random.nextBoolean() ? (long) random.nextInt(1 << 30) : null, random.nextBoolean() ? "alt \"text\" é" : null, random.nextBoolean(),
                random.nextBoolean() ? "thumbnails/tnt_1/med_1.jpg" : null, random.nextBoolean() ? "no thumbnail" : null,
                MediaItem.FAILED.equals(status) ? "declared image/png but the bytes are text" : null, "etag", created,
                processed == null ? created : processed, processed, 100L);
    }
}
