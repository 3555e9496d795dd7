package com.socialwire.shared;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IsoInstantTest {

    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static Instant random(Random r) {
        long seconds = switch (r.nextInt(4)) {
            case 0 -> YEAR_0 + Math.floorMod(r.nextLong(), YEAR_10000 - YEAR_0);
            case 1 -> 1_500_000_000L + r.nextInt(1_000_000_000); // our years
            case 2 -> Instant.MIN.getEpochSecond() + Math.floorMod(r.nextLong(), Instant.MAX.getEpochSecond() - Instant.MIN.getEpochSecond());
            default -> YEAR_0 - 86_400 * 3 + r.nextInt(86_400 * 6) + (r.nextBoolean() ? 0 : YEAR_10000 - YEAR_0);
        };
        int nanos = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    @Test
    void formatsParsesAndSignsEveryInstantAsTheJdk() {
        Random r = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            Instant t = random(r);
            String iso = t.toString();
            assertEquals(iso, IsoInstant.format(t), () -> "format " + t);
            assertEquals(Instant.parse(iso), IsoInstant.parse(iso), () -> "parse " + iso);
            assertEquals(iso.substring(0, iso.indexOf('T', 1)), IsoInstant.date(t), () -> "date " + iso);
            assertEquals(LocalDate.ofInstant(t, ZoneOffset.UTC).toString(), IsoInstant.date(t), () -> "date " + iso);
            assertEquals(AMZ.format(t), IsoInstant.basic(t), () -> "basic " + iso);
            assertEquals(SORTABLE.format(t), IsoInstant.millis(t), () -> "millis " + iso);
        }
    }

    /** Every other text the JDK reads (fewer fraction digits, offsets, lower case, leap seconds) or refuses, likewise. */
    @Test
    void readsOrRefusesEveryTextAsTheJdk() {
        Random r = new Random(34);
        List<String> fixed = List.of("2026-12-04T15:20:13Z", "2026-12-04T15:20:13.1Z", "2026-12-04T15:20:13.000Z",
                "2026-12-04T15:20:13.Z", "2026-12-04T15:20:13.1234567891Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z",
                "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-12-04T24:00:00Z",
                "2026-12-31T23:59:60Z", "2026-12-04t15:20:13z", "2026-12-04T15:20:13+01:00", "2026-12-04T15:20Z",
                "+2026-12-04T15:20:13Z", "0000-01-01T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
                "2026-12-04T15:20:13.12345678Z", "2026-12-04 15:20:13Z", "2026-12-04T15:20:1xZ", "2026-1a-04T15:20:13Z");
        for (String text : fixed) {
            assertSame(text);
        }
        String alphabet = "0123456789-:.TZtz+ x";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder(random(r).toString());
            for (int k = r.nextInt(3); k > 0; k--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(r.nextInt(10)));
                }
            }
            assertSame(b.toString());
        }
    }

    private static void assertSame(String text) {
        String jdk;
        try {
            jdk = String.valueOf(Instant.parse(text));
        } catch (RuntimeException e) {
            jdk = e.getClass().getName() + ": " + e.getMessage();
        }
        String ours;
        try {
            ours = String.valueOf(IsoInstant.parse(text));
        } catch (RuntimeException e) {
            ours = e.getClass().getName() + ": " + e.getMessage();
        }
        assertEquals(jdk, ours, () -> "parse " + text);
    }
}
