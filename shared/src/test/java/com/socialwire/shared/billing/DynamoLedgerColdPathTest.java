package com.socialwire.shared.billing;

import com.socialwire.shared.store.SortableNumbers;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the ledger's (and the poll indexes') first keys of a cold start compute without java.util.Formatter or a stream
 * pipeline: the same sortable keys as {@code String.format("%0<width>d")} and the same shard totals as {@code LongStream.sum()}.
 */
class DynamoLedgerColdPathTest {

    @Test
    void sortKeysAreWhatStringFormatWrote() {
        long[] edges = {0, 1, 9, 10, 99, 1_000_000_007L, 999_999_999_999_999_999L, Long.MAX_VALUE, -1, -42, Long.MIN_VALUE + 1, Long.MIN_VALUE};
        int[] widths = {1, 2, 4, 10, 13, 19, 20, 21};
        for (int width : widths) {
            for (long v : edges) {
                assertEquals(String.format(Locale.ROOT, "%0" + width + "d", v), SortableNumbers.zeroPadded(v, width), "width " + width + ", " + v);
            }
        }
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 5_000; i++) {
            int width = widths[random.nextInt(widths.length)];
            long v = random.nextLong() >>> random.nextInt(64);
            assertEquals(String.format(Locale.ROOT, "%0" + width + "d", v), SortableNumbers.zeroPadded(v, width), "width " + width + ", " + v);
            assertEquals(String.format(Locale.ROOT, "%0" + width + "d", -v), SortableNumbers.zeroPadded(-v, width), "width " + width + ", " + -v);
        }
    }

    @Test
    void shardTotalsAreWhatLongStreamSummed() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 2_000; i++) {
            long[] shards = new long[random.nextInt(0, 12)];
            for (int k = 0; k < shards.length; k++) {
                shards[k] = i % 7 == 0 ? random.nextLong() : random.nextLong(-1_000_000_000L, 1_000_000_000L);
            }
            assertEquals(LongStream.of(shards).sum(), DynamoLedger.sum(shards));
        }
    }
}
