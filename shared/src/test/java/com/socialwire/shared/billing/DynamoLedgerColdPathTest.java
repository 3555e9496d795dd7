package com.socialwire.shared.billing;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the ledger's first hold of a cold start computes without java.util.Formatter or a stream pipeline: the same
 * sortable entry keys as {@code String.format("%019d", seq)} and the same shard totals as {@code LongStream.sum()}.
 */
class DynamoLedgerColdPathTest {

    @Test
    void ledgerEntryKeysAreWhatStringFormatWrote() {
        long[] edges = {0, 1, 9, 10, 99, 1_000_000_007L, 999_999_999_999_999_999L, Long.MAX_VALUE, -1, -42, Long.MIN_VALUE + 1, Long.MIN_VALUE};
        for (long seq : edges) {
            assertEquals(String.format("%019d", seq), DynamoLedger.sortableSeq(seq), "seq " + seq);
        }
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 5_000; i++) {
            long seq = random.nextLong() >>> random.nextInt(64);
            assertEquals(String.format("%019d", seq), DynamoLedger.sortableSeq(seq), "seq " + seq);
            long negative = -seq;
            assertEquals(String.format("%019d", negative), DynamoLedger.sortableSeq(negative), "seq " + negative);
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
