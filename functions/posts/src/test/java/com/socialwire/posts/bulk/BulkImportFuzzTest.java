package com.socialwire.posts.bulk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.socialwire.shared.http.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes what a bulk import reads from the caller: a CSV file, and a multipart form that carries one. Whatever the
 * bytes, the answer is rows (each one a post body or a row error) or a 4xx {@link ApiException}; never another
 * exception, never a hang. {@code mvn verify} replays the kept inputs in {@code BulkImportFuzzTestInputs/}; see the
 * README for a real fuzzing session.
 */
class BulkImportFuzzTest {

    @FuzzTest
    void csvFileGivesRowsOrA4xx(byte[] input) {
        try {
            readRows(input);
        } catch (ApiException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status() + ": " + e.getMessage());
        }
    }

    /** The input's first line is the Content-Type header, the rest the body. */
    @FuzzTest
    void multipartFormGivesPartsOrA4xx(byte[] input) {
        int eol = indexOf(input, (byte) '\n');
        String contentType = new String(input, 0, eol < 0 ? input.length : eol, StandardCharsets.UTF_8);
        byte[] body = eol < 0 ? new byte[0] : Arrays.copyOfRange(input, eol + 1, input.length);
        try {
            Multipart form = Multipart.parse(body, contentType);
            for (Multipart.Part part : form.parts()) {
                assertTrue(part.name() != null, "a part without a name");
            }
            form.part("file").ifPresent(file -> readRows(file.bytes()));
        } catch (ApiException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status() + ": " + e.getMessage());
        }
    }

    private static void readRows(byte[] csv) {
        Csv.Parsed parsed = Csv.parse(csv);
        for (Csv.Row row : parsed.rows()) {
            if (row.ok()) {
                BulkRows.toPost(row.values());
            } else {
                assertTrue(row.values().isEmpty() && !row.error().isBlank(), "a row error without a reason");
            }
        }
        BulkRows.unknownColumns(parsed.columns());
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
