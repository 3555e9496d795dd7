package com.socialwire.media.store;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.media.model.MediaItem;
import com.socialwire.media.model.MediaQuota;
import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media lists on the keys-only indexes: newest first across cursors, by status and filtered by kind on the
 * whole items; a deleted item (out of both indexes) is not listed.
 */
class MediaListIT {

    static final Instant T0 = Instant.parse("2031-07-01T10:00:00Z");

    private final LocalEnvironment env = LocalEnvironment.shared();
    private final MediaStore media = new MediaStore(new Table(() -> new AwsClients(env.functionConfig("MediaFunction")).dynamoDb(),
            env.resources().tables().get("Table"), new Cursors(new byte[32], Clock.systemUTC())));

    @Test
    void listsAcrossCursorsAreCompleteNewestFirstAndFilteredOnTheWholeItems() {
        String tenant = "tnt_" + Ids.base62(16);
        Random random = new Random(3);
        List<MediaItem> all = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            boolean video = random.nextBoolean();
            Instant at = T0.plusSeconds(i);
            MediaItem m = new MediaItem("med_" + Ids.base62(20), tenant, MediaItem.EXTERNAL, random.nextBoolean() ? MediaItem.READY : MediaItem.FAILED,
                    video ? "video" : "image", video ? "video/mp4" : "image/png", null, "f" + i, "f" + i, null, "https://example.com/" + i,
                    null, null, null, "alt " + i, false, null, null, null, null, at, at, null, 0L);
            assertTrue(media.create(m, new MediaQuota(1_000_000, 1_000)));
            all.add(m);
        }
        MediaItem gone = all.remove(5);
        assertTrue(media.markDeleted(gone, T0.plusSeconds(100)));
        all.sort(Comparator.comparing(MediaItem::createdAt).reversed());
        for (String status : new String[] {null, MediaItem.READY}) {
            for (String kind : new String[] {null, "video"}) {
                for (int limit : new int[] {5, 30}) {
                    List<String> seen = new ArrayList<>();
                    String cursor = null;
                    do {
                        Page<MediaItem> page = media.list(tenant, status, kind, limit, cursor);
                        assertTrue(page.items().size() <= limit);
                        page.items().forEach(m -> {
                            assertTrue(m.altText().startsWith("alt "), "the whole item");
                            seen.add(m.id());
                        });
                        cursor = page.nextCursor();
                    } while (cursor != null);
                    List<String> expected = all.stream().filter(m -> (status == null || status.equals(m.status()))
                            && (kind == null || kind.equals(m.kind()))).map(MediaItem::id).toList();
                    assertEquals(expected, seen, status + "/" + kind + " limit " + limit);
                }
            }
        }
    }
}
