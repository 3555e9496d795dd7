package com.socialwire.posts.review.page;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The page writes its times and fractions without the JDK's locale-aware formatters (their locale data is a cold
 * start's cost); a seeded loop holds them to what those formatters write.
 */
class ReviewPageFormatTest {

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT);
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/St_Johns"),
            ZoneId.of("Asia/Kathmandu"), ZoneId.of("Pacific/Chatham"), ZoneId.of("Australia/Lord_Howe"));

    @Test
    void timesAreWrittenAsTheFormattersWouldWriteThem() {
        long seed = 20261205L;
        Random rnd = new Random(seed);
        long from = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(from + (long) (rnd.nextDouble() * (to - from)));
            ZonedDateTime z = at.atZone(ZONES.get(rnd.nextInt(ZONES.size())));
            assertEquals(HUMAN.format(z), ReviewPage.human(z), "seed " + seed + " at " + z);
            assertEquals(LOCAL_INPUT.format(z), ReviewPage.localInput(z), "seed " + seed + " at " + z);
        }
        assertEquals("Tue 8 Dec 2026, 09:30", ReviewPage.human(Instant.parse("2026-12-08T08:30:00Z").atZone(ZoneId.of("Europe/Berlin"))));
    }

    @Test
    void fractionsHaveThreeDecimalsAndStayWithinZeroAndOne() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double v = rnd.nextDouble() * 1.4 - 0.2;
            assertEquals(String.format(Locale.ROOT, "%.3f", Math.max(0, Math.min(1, v))), ReviewPage.fraction(v), "v = " + v);
        }
        assertEquals("0.250", ReviewPage.fraction(0.25));
        assertEquals("1.000", ReviewPage.fraction(3));
        assertEquals("0.000", ReviewPage.fraction(-1));
        assertEquals("0.005", ReviewPage.fraction(0.0049999));
    }

    @Test
    void mixedColoursAreLowerCaseHex() {
        assertEquals("#000000", Contrast.mix("#000000", "#ffffff", 0));
        assertEquals("#ffffff", Contrast.mix("#000000", "#ffffff", 1));
        assertEquals("#808080", Contrast.mix("#000000", "#ffffff", 0.5));
        assertEquals("#0f766e", Contrast.mix("#0f766e", "#0f766e", 0.3));
    }
}
