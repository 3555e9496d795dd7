package com.socialwire.posts.bulk;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 4180 CSV reader for bulk post imports: the first record is the header, every later record a row keyed by it.
 *
 * <ul>
 *   <li>Fields may be quoted; inside quotes {@code ""} is one quote and commas, CR and LF are content (kept as
 *       written). Blanks (spaces, tabs) around a quoted field are ignored. A quote inside an unquoted field is kept as
 *       a character.</li>
 *   <li>Records end with CRLF, LF or a lone CR; a UTF-8 byte-order mark is dropped; blank lines (also the usual
 *       trailing one) are skipped and do not count as rows.</li>
 *   <li>Header names are trimmed and lower-cased; a column with an empty name is read but left out of the rows'
 *       maps; two columns of the same name, an empty file or a broken header row are a 400.</li>
 *   <li>A row with another number of fields than the header, text after a closing quote or a quote never closed
 *       gets an {@link Row#error()} (with its line number) and empty values: the rest of the file still counts.</li>
 *   <li>Values are not trimmed. Input over {@value #MAX_BYTES} bytes is a 413, over {@value #MAX_ROWS} data rows or
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
        Reader reader = new Reader(text.startsWith("\uFEFF") ? text.substring(1) : text);
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

    /** One record as read: its fields, the line it starts on, whether it is a blank line, and what broke it. */
    private record Record(List<String> fields, int line, boolean blank, String error) {
    }

    /** Reads records one by one; never throws, a broken record carries its error. */
    private static final class Reader {

        private final String s;
        private int pos;
        private int line = 1;

        Reader(String s) {
            this.s = s;
        }

        Record next() {
            int n = s.length();
            if (pos >= n) {
                return null;
            }
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            String error = null;
            boolean quotedAny = false;
            while (true) {
                int quote = pos;
                while (quote < n && (s.charAt(quote) == ' ' || s.charAt(quote) == '\t')) {
                    quote++;
                }
                if (quote < n && s.charAt(quote) == '"') {
                    pos = quote;
                    quotedAny = true;
                    pos++;
                    boolean closed = false;
                    while (pos < n) {
                        char c = s.charAt(pos);
                        if (c == '"') {
                            if (pos + 1 < n && s.charAt(pos + 1) == '"') {
                                f.append('"');
                                pos += 2;
                                continue;
                            }
                            pos++;
                            closed = true;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        f.append(c);
                        pos++;
                    }
                    if (!closed) {
                        error = "line " + start + ": a quoted field is never closed";
                    }
                    while (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                        pos++;
                    }
                    if (pos < n && !endOfField(s.charAt(pos))) {
                        if (error == null) {
                            error = "line " + line + ": text after the closing quote of a field";
                        }
                        while (pos < n && !endOfField(s.charAt(pos))) {
                            pos++;
                        }
                    }
                } else {
                    while (pos < n && !endOfField(s.charAt(pos))) {
                        f.append(s.charAt(pos++));
                    }
                }
                fields.add(f.toString());
                f.setLength(0);
                if (pos >= n) {
                    break;
                }
                char c = s.charAt(pos++);
                if (c == ',') {
                    continue;
                }
                if (c == '\r' && pos < n && s.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                break;
            }
            boolean blank = !quotedAny && fields.size() == 1 && fields.get(0).isBlank();
            return new Record(fields, start, blank, error);
        }

        private static boolean endOfField(char c) {
            return c == ',' || c == '\n' || c == '\r';
        }
    }
}
