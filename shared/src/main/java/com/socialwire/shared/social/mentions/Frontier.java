package com.socialwire.shared.social.mentions;

import com.socialwire.shared.IsoInstant;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The cursor of a source that can only be read by time (Bluesky's notifications, YouTube's and LinkedIn's comments): the
 * newest time handed over and the ids handed over at that very time, written "{ISO time} {id} {id}…". Something made
 * later in that same time unit is still new, and nothing is handed over twice — a bare time (or time and one id)
 * skipped one that shared the last one's time but arrived, or sorted, after it.
 */
record Frontier(Instant at, Set<String> ids) {

    /** The cursor a poll stored, or null (a first poll, or one it cannot read: start again from the recent past). */
    static Frontier parse(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String[] parts = cursor.strip().split(" ");
        try {
            return new Frontier(IsoInstant.parse(parts[0]), Set.copyOf(Arrays.asList(parts).subList(1, parts.length)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The frontier after {@code taken} (oldest first, not empty): {@code before}'s ids are kept when the time is the same. */
    static <T> Frontier after(Frontier before, List<T> taken, Function<T, Instant> time, Function<T, String> id) {
        Instant at = time.apply(taken.getLast());
        Set<String> ids = new TreeSet<>();
        if (before != null && before.at().equals(at)) {
            ids.addAll(before.ids());
        }
        for (T t : taken) {
            if (time.apply(t).equals(at)) {
                ids.add(id.apply(t));
            }
        }
        return new Frontier(at, ids);
    }

    /** Whether something of {@code time} and {@code id} was not handed over yet. */
    boolean isNew(Instant time, String id) {
        return time.isAfter(at) || time.equals(at) && !ids.contains(id);
    }

    /** Whether {@code time} lies before this frontier's: in a newest-first listing, so does everything after it. */
    boolean passedBy(Instant time) {
        return time.isBefore(at);
    }

    @Override
    public String toString() {
        // a frontier is only ever made with a time and a set; a value of the record with neither still prints
        return (at == null ? "" : IsoInstant.format(at)) + (ids == null || ids.isEmpty() ? "" : " " + String.join(" ", ids));
    }
}
