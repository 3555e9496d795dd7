package com.socialwire.posts.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTest {

    private static List<Map<String, String>> values(Csv.Parsed p) {
        return p.rows().stream().map(Csv.Row::values).toList();
    }

    @Test
    void readsAPlainFile() {
        Csv.Parsed p = Csv.parse("content,platforms\nHello,twitter\nBye,linkedin\n");
        assertEquals(List.of("content", "platforms"), p.columns());
        assertEquals(List.of(Map.of("content", "Hello", "platforms", "twitter"),
                Map.of("content", "Bye", "platforms", "linkedin")), values(p));
        assertEquals(0, p.rows().get(0).index());
        assertEquals(1, p.rows().get(1).index());
        assertTrue(p.rows().stream().allMatch(Csv.Row::ok));
        assertEquals(List.of("content", "platforms"), List.copyOf(p.rows().get(0).values().keySet()));
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        String csv = "content,n\n"
                + "\"Hello, world\",1\n"
                + "\"She said \"\"hi\"\"\",2\n"
                + "\"line one\nline two\",3\n"
                + "\"crlf\r\ninside\",4\n"
                + "\"\",5\n"
                + "\"\"\"\",6\n"
                + "\" spaced \",7\n";
        List<Map<String, String>> v = values(Csv.parse(csv));
        assertEquals(List.of("Hello, world", "She said \"hi\"", "line one\nline two", "crlf\r\ninside", "", "\"",
                " spaced "), v.stream().map(m -> m.get("content")).toList());
        assertEquals("7", v.get(6).get("n"));
    }

    @Test
    void crlfLineEndingsAndATrailingLineBreak() {
        Csv.Parsed p = Csv.parse("a,b\r\n1,2\r\n3,4\r\n");
        assertEquals(List.of(Map.of("a", "1", "b", "2"), Map.of("a", "3", "b", "4")), values(p));
        assertEquals(values(p), values(Csv.parse("a,b\r\n1,2\r\n3,4")));
        assertEquals(values(p), values(Csv.parse("a,b\r1,2\r3,4\r"))); // lone CR
        assertEquals(values(p), values(Csv.parse("a,b\n1,2\r\n3,4\n\n\n")));
    }

    @Test
    void aByteOrderMarkIsDropped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "Content,Platforms\nHi,x\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        Csv.Parsed p = Csv.parse(all);
        assertEquals(List.of("content", "platforms"), p.columns());
        assertEquals(List.of(Map.of("content", "Hi", "platforms", "x")), values(p));
        assertEquals(p, Csv.parse("\uFEFFContent,Platforms\nHi,x\n"));
    }

    @Test
    void headerNamesAreTrimmedAndLowerCased() {
        Csv.Parsed p = Csv.parse(" Content , \"Scheduled_At\" ,PLATFORMS\nx,y,z\n");
        assertEquals(List.of("content", "scheduled_at", "platforms"), p.columns());
        assertEquals(Map.of("content", "x", "scheduled_at", "y", "platforms", "z"), p.rows().get(0).values());
    }

    @Test
    void blanksAroundAFieldAreDroppedButNotInsideQuotesAndEmptyFieldsAreEmpty() {
        Csv.Parsed p = Csv.parse("a,b,c,d\n  x ,\t\" y \" ,,\n");
        assertEquals(Map.of("a", "x", "b", " y ", "c", "", "d", ""), p.rows().get(0).values());
    }

    @Test
    void aBlankBeforeAQuotedFieldDoesNotSplitIt() {
        Csv.Parsed p = Csv.parse("content, platforms\n\"Hello, world\", \"x;y\"\n");
        assertEquals(List.of(Map.of("content", "Hello, world", "platforms", "x;y")), values(p));
    }

    @Test
    void raggedRowsGetAnErrorAndTheOthersStillCount() {
        Csv.Parsed p = Csv.parse("a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n7,8,9\n");
        assertEquals(4, p.rows().size());
        assertTrue(p.rows().get(0).ok());
        assertEquals(new Csv.Row(1, Map.of(), "line 3: expected 3 fields, found 2"), p.rows().get(1));
        assertEquals(new Csv.Row(2, Map.of(), "line 5: expected 3 fields, found 4"), p.rows().get(2));
        assertEquals(new Csv.Row(3, Map.of("a", "7", "b", "8", "c", "9"), null), p.rows().get(3));
    }

    @Test
    void lineNumbersCountLineBreaksInsideQuotes() {
        Csv.Parsed p = Csv.parse("a,b\n\"x\ny\",1\nonly\n");
        assertEquals("line 4: expected 2 fields, found 1", p.rows().get(1).error());
    }

    @Test
    void textAfterAClosingQuoteIsARowError() {
        Csv.Parsed p = Csv.parse("a,b\n\"x\"y,1\n2,3\n");
        assertEquals("line 2: text after the closing quote of a field", p.rows().get(0).error());
        assertEquals(Map.of("a", "2", "b", "3"), p.rows().get(1).values());
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsKept() {
        assertEquals(Map.of("a", "5\" screen", "b", "x"), Csv.parse("a,b\n5\" screen,x\n").rows().get(0).values());
    }

    @Test
    void aQuoteNeverClosedBreaksOnlyTheLastRow() {
        Csv.Parsed p = Csv.parse("a,b\n1,2\n\"open,3\n4,5\n");
        assertEquals(2, p.rows().size());
        assertTrue(p.rows().get(0).ok());
        assertEquals("line 3: a quoted field is never closed", p.rows().get(1).error());
        assertFalse(p.rows().get(1).ok());
    }

    @Test
    void aColumnWithoutANameIsLeftOut() {
        Csv.Parsed p = Csv.parse("content,platforms,\nHi,x,\nBye,y,junk\n");
        assertEquals(List.of("content", "platforms"), p.columns());
        assertEquals(List.of(Map.of("content", "Hi", "platforms", "x"), Map.of("content", "Bye", "platforms", "y")),
                values(p));
    }

    @Test
    void aSingleColumnFileSkipsBlankLinesButKeepsQuotedEmptyValues() {
        Csv.Parsed p = Csv.parse("content\nHi\n\n   \n\"\"\nBye\n");
        assertEquals(List.of(Map.of("content", "Hi"), Map.of("content", ""), Map.of("content", "Bye")), values(p));
        assertEquals(List.of(0, 1, 2), p.rows().stream().map(Csv.Row::index).toList());
    }

    @Test
    void aHeaderOnlyFileHasNoRows() {
        assertEquals(List.of(), Csv.parse("content,platforms\r\n").rows());
        assertEquals(List.of("content"), Csv.parse("\n\ncontent").columns()); // blank lines before the header
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n\r\n", "\uFEFF", "  \n  "})
    void anEmptyFileIsA400(String text) {
        ApiException e = assertThrows(ApiException.class, () -> Csv.parse(text));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("header"));
    }

    @Test
    void aBrokenHeaderIsA400() {
        assertEquals(400, assertThrows(ApiException.class, () -> Csv.parse("\"content,x\n1,2\n")).status());
        assertEquals(400, assertThrows(ApiException.class, () -> Csv.parse(",,\n1,2,3\n")).status());
        ApiException dup = assertThrows(ApiException.class, () -> Csv.parse("Tags,tags \n1,2\n"));
        assertEquals("the CSV header names the column \"tags\" twice", dup.getMessage());
    }

    @Test
    void invalidUtf8IsA400() {
        ApiException e = assertThrows(ApiException.class,
                () -> Csv.parse(new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'}));
        assertEquals(400, e.status());
        assertEquals("the CSV file is not valid UTF-8", e.getMessage());
    }

    @Test
    void moreThanOneMegabyteIsA413() {
        byte[] big = new byte[Csv.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        ApiException e = assertThrows(ApiException.class, () -> Csv.parse(big));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertEquals(413, e.status());
        assertEquals(413, assertThrows(ApiException.class, () -> Csv.parse("a".repeat(Csv.MAX_BYTES + 1))).status());
        // a string of fewer chars but more UTF-8 bytes than the limit
        assertEquals(413, assertThrows(ApiException.class, () -> Csv.parse("é".repeat(Csv.MAX_BYTES / 2 + 1))).status());
        // exactly the limit is read
        String exact = "c\n" + "a".repeat(Csv.MAX_BYTES - 2);
        assertEquals(1, Csv.parse(exact.getBytes(StandardCharsets.UTF_8)).rows().size());
    }

    @Test
    void moreThanAThousandRowsIsA400() {
        StringBuilder sb = new StringBuilder("n\n");
        for (int i = 0; i < Csv.MAX_ROWS; i++) {
            sb.append(i).append('\n');
        }
        Csv.Parsed p = Csv.parse(sb.toString());
        assertEquals(Csv.MAX_ROWS, p.rows().size());
        assertEquals("999", p.rows().get(999).values().get("n"));
        sb.append("1000\n");
        ApiException e = assertThrows(ApiException.class, () -> Csv.parse(sb.toString()));
        assertEquals(400, e.status());
        assertEquals("the CSV file has more than 1,000 rows", e.getMessage());
    }

    @Test
    void rowsAreImmutable() {
        Csv.Row row = Csv.parse("a\n1\n").rows().get(0);
        assertThrows(UnsupportedOperationException.class, () -> row.values().put("a", "2"));
        assertNull(row.error());
    }
}
