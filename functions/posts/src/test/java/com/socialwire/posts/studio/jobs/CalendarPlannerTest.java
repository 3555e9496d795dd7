package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A calendar's slots in the tenant's timezone, the lenient reading of a model's plan, and fitting text to a platform. */
class CalendarPlannerTest {

    static ObjectNode request(String json) {
        return (ObjectNode) Json.tree(json);
    }

    @Test
    void slotsAreAtLocalTimesAcrossADaylightSavingChange() {
        ZoneId ny = ZoneId.of("America/New_York");
        Instant now = Instant.parse("2026-10-28T12:00:00Z");
        // 2026-11-01: New York leaves daylight saving time; 09:00 local stays 09:00 local
        List<Instant> slots = CalendarPlanner.slots(request("{\"days\":7,\"cadence\":{\"postsPerDay\":2},\"startDate\":\"2026-10-29\"}"), ny, now);
        assertEquals(14, slots.size());
        for (int i = 0; i < slots.size(); i++) {
            LocalTime local = slots.get(i).atZone(ny).toLocalTime();
            assertEquals(i % 2 == 0 ? LocalTime.of(9, 0) : LocalTime.of(12, 30), local, slots.get(i).toString());
        }
        assertEquals(Instant.parse("2026-10-29T13:00:00Z"), slots.get(0));
        assertEquals(Instant.parse("2026-11-04T14:00:00Z"), slots.get(12));
    }

    @Test
    void aWeeklyCadenceSpreadsItsPostsOverEachWeekAndLeavesOutThePast() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        List<Instant> weekly = CalendarPlanner.slots(request("{\"days\":14,\"cadence\":{\"postsPerWeek\":3}}"), berlin, now);
        assertEquals(6, weekly.size());
        assertEquals("2026-12-02", weekly.get(0).atZone(berlin).toLocalDate().toString(), "from the tenant's tomorrow");
        // ten a week: some days carry two, the second later that day
        assertEquals(20, CalendarPlanner.slots(request("{\"days\":14,\"cadence\":{\"postsPerWeek\":10}}"), berlin, now).stream().distinct().count());
        // a start in the past keeps only what is still ahead
        assertEquals(1, CalendarPlanner.slots(request("{\"days\":2,\"cadence\":{\"postsPerDay\":1},\"startDate\":\"2026-12-01\"}"), berlin, now).size());
    }

    @Test
    void aPlanIsReadFromProseFencesArraysAndOtherKeys() {
        String fenced = "Here is your plan:\n```json\n{\"entries\":[{\"slot\":1,\"text\":\"Bake day\",\"hashtags\":[\"#Sour-dough\",\"bread\"]}]}\n```\nEnjoy!";
        List<CalendarPlanner.Entry> e = CalendarPlanner.parse(fenced);
        assertEquals(1, e.size());
        assertEquals("Bake day", e.get(0).text());
        assertEquals(List.of("Sourdough", "bread"), e.get(0).hashtags());
        assertEquals(2, CalendarPlanner.parse("[{\"caption\":\"A\"},\"B\"]").size());
        assertEquals(1, CalendarPlanner.parse("{\"posts\":[{\"text\":\"A\",\"hashtags\":\"one two\"}]}").size());
        assertEquals(List.of("one", "two"), CalendarPlanner.parse("{\"posts\":[{\"text\":\"A\",\"hashtags\":\"one two\"}]}").get(0).hashtags());
        assertEquals(List.of(), CalendarPlanner.parse("I cannot help with that."));
        assertEquals(List.of(), CalendarPlanner.parse("{\"entries\": [unterminated"));
        assertEquals(List.of(), CalendarPlanner.parse(null));
    }

    /** Seeded property: whatever the text and hashtags, a fitted text passes the platform's own check, or nothing is made. */
    @Test
    void aFittedTextAlwaysPassesThePlatformsCheck() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random random = new Random(seed);
        String[] words = {"bread", "🍞", "https://bloom.example/menu", "日本語", "sourdough", "a", "ferment", "—", "#tag", "rye"};
        for (int run = 0; run < 500; run++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(400);
            for (int i = 0; i < n; i++) {
                text.append(i == 0 ? "" : random.nextInt(10) == 0 ? "\n" : " ").append(words[random.nextInt(words.length)]);
            }
            List<String> tags = new ArrayList<>();
            for (int i = random.nextInt(40); i > 0; i--) {
                tags.add("tag" + random.nextInt(100));
            }
            for (Platform p : Platforms.all()) {
                if (p.requiresMedia()) {
                    continue;
                }
                Optional<String> fitted = PlatformFit.fit(text.toString(), tags, p);
                String at = "seed " + seed + " run " + run + " on " + p.name();
                if (fitted.isPresent()) {
                    assertEquals(List.of(), ContentCheck.check(ContentCheck.Draft.of(fitted.get()), List.of(p.name())), at);
                } else {
                    assertTrue(text.toString().isBlank(), at + ": only an empty text cannot be fitted");
                }
            }
        }
    }
}
