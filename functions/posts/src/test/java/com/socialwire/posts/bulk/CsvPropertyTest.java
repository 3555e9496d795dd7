package com.socialwire.posts.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Seeded round trip (a plain loop over {@link Random}): random tables written as CSV the way spreadsheets write them
 * (quoting where needed and sometimes where not, LF or CRLF, a BOM or not, a final line break or not) read back to
 * the same columns and values (an unquoted value without its outer blanks). Rerun one case with
 * {@code -Dcsv.seed=<seed>}.
 */
class CsvPropertyTest {

    private static final int ITERATIONS = 500;
    private static final String[] PIECES = {"a", "b", "Z", "0", "9", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", ";",
        "|", "é", "漢", "😀", "👨‍👩‍👧", "#ai", "https://x.co/a?b=c,d", "\t", "'", "=", "\uFEFF"};

    @Test
    void writtenTablesReadBackUnchanged() {
        long base = Long.getLong("csv.seed", 20_261_122L);
        int iterations = System.getProperty("csv.seed") != null ? 1 : ITERATIONS;
        for (int i = 0; i < iterations; i++) {
            long seed = base + i;
            Random random = new Random(seed);
            List<String> header = header(random);
            List<List<String>> rows = new ArrayList<>();
            int count = random.nextInt(31);
            for (int r = 0; r < count; r++) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < header.size(); c++) {
                    row.add(value(random));
                }
                rows.add(row);
            }
            Set<String> quoted = new HashSet<>();
            String csv = write(header, rows, random, quoted);
            try {
                Csv.Parsed parsed = random.nextBoolean() ? Csv.parse(csv) : Csv.parse(csv.getBytes(StandardCharsets.UTF_8));
                assertEquals(header, parsed.columns());
                assertEquals(rows.size(), parsed.rows().size());
                for (int r = 0; r < rows.size(); r++) {
                    Csv.Row row = parsed.rows().get(r);
                    assertEquals(r, row.index());
                    assertTrue(row.ok(), row.error());
                    Map<String, String> expected = new LinkedHashMap<>();
                    for (int c = 0; c < header.size(); c++) {
                        String v = rows.get(r).get(c);
                        expected.put(header.get(c), quoted.contains(r + ":" + c) ? v : v.strip());
                    }
                    assertEquals(expected, row.values(), "row " + r);
                    assertEquals(List.copyOf(expected.keySet()), List.copyOf(row.values().keySet()));
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (rerun with -Dcsv.seed=" + seed + "):\n" + csv, e);
            }
        }
    }

    private static List<String> header(Random random) {
        int n = 1 + random.nextInt(6);
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < n) {
            String name = switch (random.nextInt(4)) {
                case 0 -> "content";
                case 1 -> "col" + random.nextInt(10);
                case 2 -> "a,b" + random.nextInt(5); // a name that needs quotes
                default -> "scheduled_at";
            };
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static String value(Random random) {
        int pieces = random.nextInt(4) == 0 ? 0 : random.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** Writes the table; {@code quoted} gets "row:column" of each data field written in quotes. */
    private static String write(List<String> header, List<List<String>> rows, Random random, Set<String> quoted) {
        String eol = random.nextBoolean() ? "\r\n" : "\n";
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(4) == 0) {
            sb.append('\uFEFF');
        }
        line(sb, header, random, false, new HashSet<>());
        for (int r = 0; r < rows.size(); r++) {
            sb.append(eol);
            Set<Integer> columns = new HashSet<>();
            line(sb, rows.get(r), random, rows.get(r).size() == 1, columns);
            for (int c : columns) {
                quoted.add(r + ":" + c);
            }
        }
        if (random.nextBoolean()) {
            sb.append(eol);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> fields, Random random, boolean single,
            Set<Integer> quoted) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            // a lone blank field would read as a blank line; a leading BOM as a byte-order mark
            boolean needs = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                    || (single && f.isBlank()) || (sb.isEmpty() && f.startsWith("\uFEFF"));
            if (needs || random.nextInt(5) == 0) {
                quoted.add(i);
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
    }
}
