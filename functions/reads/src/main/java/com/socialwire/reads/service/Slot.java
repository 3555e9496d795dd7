package com.socialwire.reads.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reads.cache.ReadCache;
import com.socialwire.reads.provider.ReadResult;
import com.socialwire.shared.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cache entry a read needs (a media or a comment batch), looked up before anything is held: absent (a miss: the
 * provider is called), fresh (a hit), or stale — served as it is, unless this reader claimed its refresh (then the
 * provider is called, and the stale entry is the fallback if the provider fails).
 */
final class Slot {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Slot.class);

    /** What the cache keeps beside the value: the provider's id, billed unit, result count and limitations. */
    record Stored(String providerId, String billedUnit, Integer resultCount, List<String> limitations) {
    }

    final String key;
    final Duration ttl;
    final Optional<ReadCache.Entry> entry;
    final boolean refresh;
    /** How the answer was served: {@code hit}, {@code miss} or {@code stale}; set by {@link #served}. */
    String status;
    Stored stored;
    Instant freshUntil;

    /** The cached value, read when the slot was looked up. */
    private final Object cached;
    private final Stored cachedStored;

    private Slot(String key, Duration ttl, Optional<ReadCache.Entry> entry, boolean refresh, Object cached, Stored cachedStored) {
        this.key = key;
        this.ttl = ttl;
        this.entry = entry;
        this.refresh = refresh;
        this.cached = cached;
        this.cachedStored = cachedStored;
    }

    /**
     * The slot of {@code key} in {@code cache}, its entry read as {@code type}: an entry that does not read (a torn
     * write, another release's format) is a miss, which the provider's answer replaces. A stale entry's refresh is
     * claimed here, for one reader at a time.
     */
    static Slot lookUp(ReadCache cache, String key, Duration ttl, Class<?> type, Duration refreshClaim) {
        Optional<ReadCache.Entry> entry = cache.get(key);
        if (entry.isEmpty()) {
            return new Slot(key, ttl, entry, false, null, null);
        }
        Object value;
        Stored stored;
        try {
            JsonNode doc = Json.tree(entry.get().document());
            stored = Json.read(Json.write(doc.get("provider")), Stored.class);
            value = Json.read(Json.write(doc.get("value")), type);
        } catch (RuntimeException unreadable) {
            LOG.warn("cache entry {} does not read as {} ({}): a miss", key, type.getSimpleName(), unreadable.getClass().getSimpleName());
            return new Slot(key, ttl, Optional.empty(), false, null, null);
        }
        boolean refresh = entry.get().freshness() == ReadCache.Freshness.STALE && cache.claimRefresh(entry.get(), refreshClaim);
        return new Slot(key, ttl, entry, refresh, value, stored);
    }

    /** Whether this read calls the provider (a miss, or the refresh of a stale entry this reader claimed). */
    boolean callsProvider() {
        return entry.isEmpty() || refresh;
    }

    /** The cached value, as {@code type}, and the stored provider facts; marks the slot hit or stale. */
    <T> T served(Class<T> type, Instant now) {
        ReadCache.Entry e = entry.orElseThrow();
        stored = cachedStored;
        status = e.freshness() == ReadCache.Freshness.FRESH ? "hit" : "stale";
        freshUntil = e.freshUntil();
        return type.cast(cached);
    }

    /** Records a provider answer as served (a miss) and the document to cache. */
    <T> byte[] fetched(String providerId, ReadResult.Ok<T> ok, Instant now) {
        stored = new Stored(providerId, ok.billedUnit(), ok.resultCount(), ok.limitations());
        status = "miss";
        freshUntil = now.plus(ttl);
        ObjectNode doc = Json.object();
        doc.set("provider", Json.toTree(stored));
        doc.set("value", Json.toTree(ok.value()));
        return Json.bytes(doc);
    }

    long ttlSeconds(Instant now) {
        long millis = Duration.between(now, freshUntil).toMillis();
        return Math.max(0, (millis + 999) / 1000); // the cache keeps milliseconds: 839.9 s left is 840
    }

    Map<String, Object> describe(Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("key", key);
        out.put("ttlSeconds", ttlSeconds(now));
        return out;
    }

    /** The cache block of an answer from {@code slots}: the first's key, the worst status (miss, stale, hit), each entry. */
    static Map<String, Object> cacheBlock(List<Slot> slots, Instant now) {
        Slot first = slots.get(0);
        String status = "hit";
        long ttl = Long.MAX_VALUE;
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Slot s : slots) {
            if (s.status.equals("miss") || (s.status.equals("stale") && status.equals("hit"))) {
                status = s.status;
            }
            ttl = Math.min(ttl, s.ttlSeconds(now));
            entries.add(s.describe(now));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("key", first.key);
        out.put("ttlSeconds", ttl);
        if (slots.size() > 1) {
            out.put("entries", entries);
        }
        return out;
    }
}
