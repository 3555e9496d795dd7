package com.socialwire.reads.cache;

import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Read answers kept in the single table: one entry per key ({@code READCACHE#{key}} / {@code ENTRY}), its document
 * gzipped; a document whose gzip is over {@value #PART_BYTES} bytes goes into parts ({@code PART#{generation}#{n}}),
 * written before the entry that names them, so an entry never points at parts of another write. An entry is
 * {@code fresh} until its TTL, {@code stale} for a grace window after it (servable, and one reader at a time may
 * claim its refresh), then gone: DynamoDB's TTL ({@code expiresAt}) deletes it and its parts, and a read past the
 * grace treats it as absent even before that.
 */
public final class ReadCache {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadCache.class);

    /** Each part's share of a large document: well under DynamoDB's 400 KB item limit with the keys and attributes. */
    static final int PART_BYTES = 350 * 1024;
    static final String PREFIX = "READCACHE#";
    static final String ENTRY = "ENTRY";

    /** How fresh an entry is. */
    public enum Freshness { FRESH, STALE }

    /** A stored document and when it was stored. */
    public record Entry(String key, byte[] document, Instant storedAt, Instant freshUntil, Instant staleUntil, Freshness freshness) {
    }

    private final Table table;
    private final Clock clock;

    public ReadCache(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /**
     * The entry of {@code key}, fresh or stale; empty if absent, past its grace, missing a part, or when the table cannot
     * be read (the cache is an optimisation: a read goes on as a miss).
     */
    public Optional<Entry> get(String key) {
        try {
            return read(key);
        } catch (SdkException e) {
            LOG.warn("read cache {} could not be read ({}): a miss", key, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private Optional<Entry> read(String key) {
        Optional<Map<String, AttrValue>> head = table.get(PREFIX + key, ENTRY, false, null);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttrValue> item = head.get();
        Instant now = clock.instant();
        Instant freshUntil = Instant.ofEpochMilli(Item.n(item, "freshUntil"));
        Instant staleUntil = Instant.ofEpochMilli(Item.n(item, "staleUntil"));
        if (!now.isBefore(staleUntil)) {
            return Optional.empty();
        }
        byte[] gzip;
        Long parts = Item.n(item, "parts");
        if (parts == null || parts == 0) {
            gzip = item.get("body").b();
        } else {
            gzip = joinParts(key, Item.s(item, "generation"), parts.intValue());
            if (gzip == null) {
                return Optional.empty();
            }
        }
        byte[] document;
        try {
            document = gunzip(gzip);
        } catch (UncheckedIOException torn) {
            LOG.warn("cache entry {} is not a gzip document: a miss", key);
            return Optional.empty();
        }
        return Optional.of(new Entry(key, document, Instant.ofEpochMilli(Item.n(item, "storedAt")), freshUntil, staleUntil,
                now.isBefore(freshUntil) ? Freshness.FRESH : Freshness.STALE));
    }

    /**
     * Stores {@code document} under {@code key}: fresh for {@code ttl}, then stale for {@code grace}. A table that cannot
     * be written leaves the read uncached (logged), never failed: its provider was already paid.
     */
    public void put(String key, byte[] document, Duration ttl, Duration grace) {
        try {
            write(key, document, ttl, grace);
        } catch (SdkException e) {
            LOG.warn("read cache {} could not be written ({}): not cached", key, e.getClass().getSimpleName());
        }
    }

    private void write(String key, byte[] document, Duration ttl, Duration grace) {
        Instant now = clock.instant();
        Instant freshUntil = now.plus(ttl);
        Instant staleUntil = freshUntil.plus(grace);
        byte[] gzip = gzip(document);
        String generation = Long.toString(now.toEpochMilli(), 36) + Integer.toString(Math.abs(Arrays.hashCode(gzip)) % 1296, 36);
        int parts = gzip.length <= PART_BYTES ? 0 : (gzip.length + PART_BYTES - 1) / PART_BYTES;
        for (int n = 0; n < parts; n++) {
            byte[] part = Arrays.copyOfRange(gzip, n * PART_BYTES, Math.min(gzip.length, (n + 1) * PART_BYTES));
            Map<String, AttrValue> item = new HashMap<>(Table.key(PREFIX + key, partSk(generation, n)));
            item.put("body", AttrValue.fromB(part));
            item.put(Table.TTL, AttrValue.fromN(Long.toString(staleUntil.getEpochSecond() + 60)));
            table.put(new Write.Put(item));
        }
        Map<String, AttrValue> head = new HashMap<>(Table.key(PREFIX + key, ENTRY));
        if (parts == 0) {
            head.put("body", AttrValue.fromB(gzip));
        } else {
            head.put("parts", AttrValue.fromN(Integer.toString(parts)));
            head.put("generation", AttrValue.fromS(generation));
        }
        head.put("storedAt", AttrValue.fromN(Long.toString(now.toEpochMilli())));
        head.put("freshUntil", AttrValue.fromN(Long.toString(freshUntil.toEpochMilli())));
        head.put("staleUntil", AttrValue.fromN(Long.toString(staleUntil.toEpochMilli())));
        head.put("sizeBytes", AttrValue.fromN(Integer.toString(document.length)));
        head.put(Table.TTL, AttrValue.fromN(Long.toString(staleUntil.getEpochSecond())));
        table.put(new Write.Put(head));
    }

    /**
     * Claims the refresh of a stale entry for {@code hold}: true for exactly one caller until the claim lapses (it
     * refreshes; the others keep serving the stale entry), false when another holds it or the entry changed.
     */
    public boolean claimRefresh(Entry entry, Duration hold) {
        Instant now = clock.instant();
        Map<String, AttrValue> values = new HashMap<>();
        values.put(":now", AttrValue.fromN(Long.toString(now.toEpochMilli())));
        values.put(":until", AttrValue.fromN(Long.toString(now.plus(hold).toEpochMilli())));
        values.put(":stored", AttrValue.fromN(Long.toString(entry.storedAt().toEpochMilli())));
        try {
            return table.updateIf(new Write.Update(Table.key(PREFIX + entry.key(), ENTRY), "SET refreshClaimedUntil = :until",
                    "storedAt = :stored AND (attribute_not_exists(refreshClaimedUntil) OR refreshClaimedUntil < :now)",
                    Map.of(), values));
        } catch (SdkException e) {
            LOG.warn("read cache {}: refresh claim failed ({}): served stale", entry.key(), e.getClass().getSimpleName());
            return false;
        }
    }

    private byte[] joinParts(String key, String generation, int parts) {
        List<Map<String, AttrValue>> keys = new ArrayList<>(parts);
        for (int n = 0; n < parts; n++) {
            keys.add(Table.key(PREFIX + key, partSk(generation, n)));
        }
        List<Map<String, AttrValue>> found = table.items(keys);
        if (found.size() != parts) {
            return null; // a part already expired or not yet visible: the caller reads again from the provider
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map<String, AttrValue> part : found) {
            out.writeBytes(part.get("body").b());
        }
        return out.toByteArray();
    }

    private static String partSk(String generation, int n) {
        return "PART#" + generation + "#" + String.format("%04d", n);
    }

    static byte[] gzip(byte[] document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, document.length / 4));
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gzip) {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return z.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
