package com.socialwire.reads.cache;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read cache's rows on DynamoDB Local: gzipped entries, parts for what does not fit one item, freshness and claims. */
class ReadCacheIT {

    static Table table;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        Config config = env.functionConfig("ReadsFunction");
        table = new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME"));
    }

    static byte[] incompressible(int bytes, long seed) {
        byte[] raw = new byte[bytes * 3 / 4];
        new Random(seed).nextBytes(raw);
        return ("{\"blob\":\"" + Base64.getEncoder().encodeToString(raw) + "\"}").getBytes();
    }

    @Test
    void aDocumentWhoseGzipIsOverOneItemIsStoredInPartsAndReadBackWhole() {
        Instant t0 = Instant.parse("2026-12-05T09:00:00Z");
        ReadCache cache = new ReadCache(table, Clock.fixed(t0, ZoneOffset.UTC));
        byte[] doc = incompressible(1_200_000, 7);
        cache.put("test:parts:big", doc, Duration.ofMinutes(5), Duration.ofMinutes(10));

        Map<String, AttrValue> head = table.get("READCACHE#test:parts:big", "ENTRY").orElseThrow();
        int parts = Integer.parseInt(head.get("parts").n());
        assertTrue(parts >= 3, "parts: " + parts);
        assertFalse(head.containsKey("body"));
        ReadCache.Entry e = cache.get("test:parts:big").orElseThrow();
        assertArrayEquals(doc, e.document());
        assertEquals(ReadCache.Freshness.FRESH, e.freshness());

        table.delete(new Write.Delete(Table.key("READCACHE#test:parts:big", "PART#" + head.get("generation").s() + "#0001")));
        assertTrue(cache.get("test:parts:big").isEmpty(), "a lost part is a miss, never a truncated answer");
    }

    @Test
    void anEntryIsFreshThenStaleThenGoneAndOneReaderClaimsItsRefresh() {
        Instant t0 = Instant.parse("2026-12-05T09:00:00Z");
        ReadCache writer = new ReadCache(table, Clock.fixed(t0, ZoneOffset.UTC));
        writer.put("test:fresh:one", "{\"a\":1}".getBytes(), Duration.ofMinutes(5), Duration.ofMinutes(10));
        Map<String, AttrValue> head = table.get("READCACHE#test:fresh:one", "ENTRY").orElseThrow();
        assertEquals(t0.plus(Duration.ofMinutes(15)).getEpochSecond(), Long.parseLong(head.get(Table.TTL).n()), "DynamoDB's TTL ends the grace");

        assertEquals(ReadCache.Freshness.FRESH, new ReadCache(table, Clock.fixed(t0.plusSeconds(299), ZoneOffset.UTC))
                .get("test:fresh:one").orElseThrow().freshness());
        ReadCache later = new ReadCache(table, Clock.fixed(t0.plusSeconds(301), ZoneOffset.UTC));
        ReadCache.Entry stale = later.get("test:fresh:one").orElseThrow();
        assertEquals(ReadCache.Freshness.STALE, stale.freshness());
        assertTrue(later.claimRefresh(stale, Duration.ofSeconds(30)));
        assertFalse(later.claimRefresh(stale, Duration.ofSeconds(30)), "one reader refreshes");
        assertTrue(new ReadCache(table, Clock.fixed(t0.plusSeconds(340), ZoneOffset.UTC)).claimRefresh(stale, Duration.ofSeconds(30)),
                "a lapsed claim may be taken again");
        assertTrue(new ReadCache(table, Clock.fixed(t0.plusSeconds(900), ZoneOffset.UTC)).get("test:fresh:one").isEmpty(),
                "past the grace it is gone, before DynamoDB's TTL deletes it");
    }
}
