package com.socialwire.posts.bulk;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV of a bulk post import, read by Apache Commons CSV (RFC 4180): the first record is the header, every later
 * record a row keyed by it. This class adds only the import's rules around the parser.
 *
 * <ul>
 *   <li>Fields may be quoted; inside quotes {@code ""} is one quote and commas, CR and LF are content (kept as
 *       written). Blanks around a field are ignored (a quoted field keeps the blanks inside its quotes). A quote
 *       inside an unquoted field is kept as a character.</li>
 *   <li>Records end with CRLF, LF or a lone CR; a UTF-8 byte-order mark is dropped; blank lines (also the usual
 *       trailing one) are skipped and do not count as rows.</li>
 *   <li>Header names are trimmed and lower-cased; a column with an empty name is read but left out of the rows'
 *       maps; two columns of the same name, an empty file or a broken header row are a 400.</li>
 *   <li>A row with another number of fields than the header, text after a closing quote or a quote never closed
 *       gets an {@link Row#error()} (with its line number) and empty values: the rest of the file still counts.</li>
 *   <li>Input over {@value #MAX_BYTES} bytes is a 413, over {@value #MAX_ROWS} data rows or
 *       not valid UTF-8 a 400.</li>
 * </ul>
 */
public final class Csv {

    public static final int MAX_BYTES = 1_048_576;
    public static final int MAX_ROWS = 1_000;

    /**
     * One data row.
     *
     * @param index  0-based among the data rows (blank lines not counted)
     * @param values column name → value, in column order; empty when {@code error} is set
     * @param error  why the row could not be read, or {@code null}
     */
    public record Row(int index, Map<String, String> values, String error) {

        public Row {
            values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public boolean ok() {
            return error == null;
        }
    }

    /**
     * @param columns the header's names (trimmed, lower-cased, empty names left out), in order
     * @param rows    every data row, in order
     */
    public record Parsed(List<String> columns, List<Row> rows) {

        public Parsed {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    private Csv() {
    }

    /** Reads UTF-8 bytes (a byte-order mark allowed). */
    public static Parsed parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.validation("the CSV file is not valid UTF-8", Map.of());
        }
        return read(text);
    }

    public static Parsed parse(String text) {
        if (text.length() > MAX_BYTES
                || (text.length() > MAX_BYTES / 3 && text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)) {
            throw tooLarge();
        }
        return read(text);
    }

    private static ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, 413,
                "the CSV file is larger than 1 MB", Map.of("maxBytes", MAX_BYTES), Map.of());
    }

    private static Parsed read(String text) {
        Records reader = new Records(text.startsWith("\uFEFF") ? text.substring(1) : text);
        Record header = reader.next();
        while (header != null && header.blank()) {
            header = reader.next();
        }
        if (header == null) {
            throw ApiException.validation("the CSV file is empty: it needs a header row", Map.of());
        }
        if (header.error() != null) {
            throw ApiException.validation("the CSV header row cannot be read: " + header.error(), Map.of());
        }
        List<String> names = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : header.fields()) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            names.add(name);
            if (!name.isEmpty()) {
                if (!seen.add(name)) {
                    throw ApiException.validation("the CSV header names the column \"" + name + "\" twice",
                            Map.of("column", name));
                }
                columns.add(name);
            }
        }
        if (columns.isEmpty()) {
            throw ApiException.validation("the CSV header row has no column names", Map.of());
        }
        List<Row> rows = new ArrayList<>();
        for (Record r = reader.next(); r != null; r = reader.next()) {
            if (r.blank()) {
                continue;
            }
            int index = rows.size();
            if (index >= MAX_ROWS) {
                throw ApiException.validation("the CSV file has more than " + String.format(Locale.ROOT, "%,d", MAX_ROWS)
                        + " rows", Map.of("maxRows", MAX_ROWS));
            }
            if (r.error() != null) {
                rows.add(new Row(index, Map.of(), r.error()));
            } else if (r.fields().size() != names.size()) {
                rows.add(new Row(index, Map.of(), "line " + r.line() + ": expected " + names.size() + " fields, found "
                        + r.fields().size()));
            } else {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    if (!names.get(i).isEmpty()) {
                        values.put(names.get(i), r.fields().get(i));
                    }
                }
                rows.add(new Row(index, values, null));
            }
        }
        return new Parsed(columns, rows);
    }

    /** One record: its fields, the line it starts on, whether it is a blank line, and what broke it. */
    private record Record(List<String> fields, int line, boolean blank, String error) {
    }

    /**
     * The records of the text, one by one, from Commons CSV. A record the parser refuses (text after a closing quote,
     * a quote never closed) comes back with its error, and reading goes on at the next line.
     */
    private static final class Records {

        private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();

        private final String text;
        /** Where each line starts (lines end with CRLF, LF or a lone CR, as for the parser). */
        private final int[] lineStarts;
        private int offset; // where the current parser started in text
        private Iterator<CSVRecord> records;
        private CSVParser parser;
        private long linesBefore; // lines fully read before the current record, from offset

        Records(String text) {
            this.text = text;
            this.lineStarts = lineStarts(text);
            this.records = open(0);
        }

        Record next() {
            if (records == null) {
                return null;
            }
            try {
                if (!records.hasNext()) {
                    records = null;
                    return null;
                }
                CSVRecord r = records.next();
                linesBefore = parser.getCurrentLineNumber();
                int start = (int) r.getCharacterPosition() + offset;
                List<String> fields = r.toList();
                return new Record(fields, lineOf(skipLineBreaks(start)), fields.size() == 1 && fields.get(0).isEmpty()
                        && !startsQuoted(start), null);
            } catch (UncheckedIOException e) {
                String message = e.getCause() == null ? "" : String.valueOf(e.getCause().getMessage());
                if (message.contains("EOF reached")) { // a quote never closed: the record runs to the end
                    int line = lineOf(skipLineBreaks(lineStart(offsetLine() + (int) linesBefore)));
                    records = null;
                    return new Record(List.of(), line, false, "line " + line + ": a quoted field is never closed");
                }
                // text after a closing quote: the parser stopped on that line (1-based); go on from the next one
                int badLine = offsetLine() + (int) parser.getCurrentLineNumber();
                int recordLine = lineOf(skipLineBreaks(lineStart(offsetLine() + (int) linesBefore)));
                records = badLine < lineStarts.length ? open(lineStarts[badLine]) : null;
                return new Record(List.of(), recordLine, false,
                        "line " + badLine + ": text after the closing quote of a field");
            }
        }

        private Iterator<CSVRecord> open(int from) {
            offset = from;
            linesBefore = 0;
            try {
                StringReader rest = new StringReader(text); // no copy of the rest of the text per broken record
                rest.skip(from);
                parser = CSVParser.parse(rest, FORMAT);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a String reader does not fail
            }
            return parser.iterator();
        }

        /** The 0-based line the current parser started on. */
        private int offsetLine() {
            return lineOf(offset) - 1;
        }

        private int lineStart(int zeroBasedLine) {
            return zeroBasedLine < lineStarts.length ? lineStarts[zeroBasedLine] : text.length();
        }

        /** The 1-based line of a position. */
        private int lineOf(int pos) {
            int i = Arrays.binarySearch(lineStarts, pos);
            return i >= 0 ? i + 1 : -i - 1;
        }

        /** Past the empty lines the parser skips before a record. */
        private int skipLineBreaks(int pos) {
            while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
                pos++;
            }
            return pos;
        }

        /** Whether the record at pos opens with a quote (so a lone empty field is a value, not a blank line). */
        private boolean startsQuoted(int pos) {
            int p = skipLineBreaks(pos);
            while (p < text.length() && Character.isWhitespace(text.charAt(p)) && text.charAt(p) != '\n'
                    && text.charAt(p) != '\r') {
                p++;
            }
            return p < text.length() && text.charAt(p) == '"';
        }

        private static int[] lineStarts(String s) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                if (c == '\r' || c == '\n') {
                    starts.add(i + 1);
                }
            }
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
