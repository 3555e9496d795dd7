package com.socialwire.posts.bulk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartTest {

    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;
    private static final String CSV = "content,platforms,scheduled_at\r\n"
            + "\"Hello, world\",twitter;linkedin,2026-04-14T09:00:00Z\r\n"
            + "Second,instagram,\r\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What curl -F orgId=org_1 -F file=@posts.csv;type=text/csv sends. */
    private static String twoParts(String boundary) {
        return "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"orgId\"\r\n"
                + "\r\n"
                + "org_1\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"posts.csv\"\r\n"
                + "Content-Type: text/csv\r\n"
                + "\r\n"
                + CSV + "\r\n"
                + "--" + boundary + "--\r\n";
    }

    @Test
    void readsAFieldAndACsvFile() {
        Multipart m = Multipart.parse(bytes(twoParts(BOUNDARY)), TYPE);
        assertEquals(2, m.parts().size());
        Multipart.Part org = m.part("orgId").orElseThrow();
        assertEquals("org_1", org.text());
        assertNull(org.filename());
        assertNull(org.contentType());
        Multipart.Part file = m.part("file").orElseThrow();
        assertEquals("posts.csv", file.filename());
        assertEquals("text/csv", file.contentType());
        assertEquals(CSV, file.text());
        assertTrue(m.part("missing").isEmpty());

        Csv.Parsed parsed = Csv.parse(file.bytes());
        assertEquals(2, parsed.rows().size());
        assertEquals("Hello, world", parsed.rows().get(0).values().get("content"));
        assertEquals(Map.of("content", "Second", "platforms", "instagram", "scheduled_at", ""),
                parsed.rows().get(1).values());
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"",
        "Multipart/Form-Data;Boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
        "multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW; x=y",
        "multipart/form-data;  boundary = \"----WebKitFormBoundary7MA4YWxkTrZu0gW\" "})
    void theBoundaryMayBeQuotedOrNot(String contentType) {
        assertEquals(2, Multipart.parse(bytes(twoParts(BOUNDARY)), contentType).parts().size());
    }

    @Test
    void aBoundaryWithSpecialCharactersWhenQuoted() {
        String boundary = "a'()+_,-./:=? z";
        Multipart m = Multipart.parse(bytes(twoParts(boundary)), "multipart/form-data; boundary=\"" + boundary + "\"");
        assertEquals(CSV, m.part("file").orElseThrow().text());
    }

    @Test
    void binaryContentIsKeptByteForByte() {
        byte[] binary = new byte[512];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        binary[100] = '\r';
        binary[101] = '\n';
        binary[102] = '-';
        binary[103] = '-';
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"img\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"));
        out.writeBytes(binary);
        out.writeBytes(bytes("\r\n--" + BOUNDARY + "--"));
        Multipart.Part part = Multipart.parse(out.toByteArray(), TYPE).part("img").orElseThrow();
        assertArrayEquals(binary, part.bytes());
        assertEquals("application/octet-stream", part.contentType());
    }

    @Test
    void preambleAndEpilogueAreTolerated() {
        String body = "This is the preamble.\r\n" + twoParts(BOUNDARY) + "epilogue, ignored\r\n";
        assertEquals(2, Multipart.parse(bytes(body), TYPE).parts().size());
    }

    @Test
    void bareLineFeedsAreA400() { // RFC 7578 line breaks are CRLF, as browsers and curl send them
        String lf = twoParts(BOUNDARY).replace("\r\n", "\n");
        ApiException e = assertThrows(ApiException.class, () -> Multipart.parse(bytes(lf), TYPE));
        assertEquals(400, e.status());
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    }

    @Test
    void emptyPartsAndRepeatedNames() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n"
                + "--b\r\ncontent-disposition: form-data; name=a\r\n\r\nsecond\r\n--b--";
        Multipart m = Multipart.parse(bytes(body), "multipart/form-data; boundary=b");
        assertEquals(List.of("", "second"), m.parts().stream().map(Multipart.Part::text).toList());
        assertEquals("", m.part("a").orElseThrow().text());
    }

    @Test
    void aBodyWithNoPartsIsEmpty() {
        assertEquals(List.of(), Multipart.parse(bytes("--b--\r\n"), "multipart/form-data; boundary=b").parts());
    }

    @Test
    void filenamesInUtf8AndExtendedNotation() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"café; q.csv\"\r\n\r\nx\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"g\"; filename=\"fallback.csv\"; "
                + "filename*=UTF-8''%E6%BC%A2+%20a.csv\r\n\r\ny\r\n--b--";
        Multipart m = Multipart.parse(bytes(body), "multipart/form-data; boundary=b");
        assertEquals("café; q.csv", m.part("f").orElseThrow().filename());
        assertEquals("漢+ a.csv", m.part("g").orElseThrow().filename());
    }

    @Test
    void aFilenameWithANulCharacterIsA400NotA500() { // found by BulkImportFuzzTest
        for (String disposition : List.of("filename=\"a\u0000b.csv\"", "filename*=UTF-8''a%00b.csv",
                "filename*=U\u0003\u0000\u0000\u0000TF-8''x.csv")) {
            String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; " + disposition + "\r\n\r\nx\r\n--b--";
            ApiException e = assertThrows(ApiException.class,
                    () -> Multipart.parse(bytes(body), "multipart/form-data; boundary=b"), disposition);
            assertEquals(400, e.status());
            assertEquals("a part's filename is not a valid file name", e.getMessage());
        }
    }

    @Test
    void partsCompareByContent() {
        Multipart.Part a = new Multipart.Part("n", null, null, bytes("x"));
        assertEquals(a, new Multipart.Part("n", null, null, bytes("x")));
        assertEquals(a.hashCode(), new Multipart.Part("n", null, null, bytes("x")).hashCode());
        assertTrue(a.toString().contains("bytes=1"));
    }

    @Test
    void notMultipartIsA415() {
        ApiException e = assertThrows(ApiException.class, () -> Multipart.parse(bytes("{}"), "application/json"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.code());
        assertEquals(415, e.status());
        assertEquals(415, assertThrows(ApiException.class, () -> Multipart.parse(bytes("{}"), null)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/form-data; charset=utf-8"})
    void noBoundaryIsA400(String contentType) {
        ApiException e = assertThrows(ApiException.class, () -> Multipart.parse(bytes(twoParts(BOUNDARY)), contentType));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertEquals(400, e.status());
        assertEquals("the Content-Type has no boundary parameter", e.getMessage());
    }

    @Test
    void malformedBodiesAreA400WithAClearMessage() {
        String t = "multipart/form-data; boundary=b";
        assertMalformed("the multipart body does not contain its boundary", "no boundary here", t);
        assertMalformed("the multipart body does not contain its boundary", "", t);
        assertMalformed("the multipart body is not terminated by its closing boundary",
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", t);
        assertMalformed("the multipart body is not terminated by its closing boundary", "--b", t);
        assertMalformed("the multipart body is not terminated by its closing boundary",
                "--b\r\nContent-Disposition: form-data; name=\"a\"", t);
        assertMalformed("the multipart body is not terminated by its closing boundary", "--b\r\n\r\nvalue\r\n--b--", t);
        assertMalformed("the multipart body is not terminated by its closing boundary", "--bjunk\r\n", t);
    }

    @Test
    void partsWithoutAFormDataNameAreSkipped() {
        String t = "multipart/form-data; boundary=b";
        String kept = "--b\r\nContent-Disposition: form-data; name=\"kept\"\r\n\r\nk\r\n";
        for (String skipped : List.of("--b\r\nContent-Type: text/plain\r\n\r\nvalue\r\n",
                "--b\r\nContent-Disposition: form-data; filename=\"a.csv\"\r\n\r\nvalue\r\n",
                "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nvalue\r\n")) {
            Multipart m = Multipart.parse(bytes(skipped + kept + "--b--"), t);
            assertEquals(List.of("kept"), m.parts().stream().map(Multipart.Part::name).toList(), skipped);
        }
        // a header line without a colon is ignored
        Multipart m = Multipart.parse(bytes("--b\r\nContent-Disposition: form-data; name=a\r\nbroken\r\n\r\n"
                + "value\r\n--b--"), t);
        assertEquals("value", m.part("a").orElseThrow().text());
    }

    @Test
    void tooManyPartsIsA400() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= Multipart.MAX_PARTS; i++) {
            sb.append("--b\r\nContent-Disposition: form-data; name=\"p").append(i).append("\"\r\n\r\nv\r\n");
        }
        sb.append("--b--");
        assertMalformed("the multipart body has more than 50 parts", sb.toString(), "multipart/form-data; boundary=b");
    }

    @Test
    void dispositionParametersAreParsedLikeHeaders() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"a;b\"; FILENAME=x.csv\r\n\r\nv\r\n--b--";
        Multipart.Part part = Multipart.parse(bytes(body), "multipart/form-data; boundary=b").parts().get(0);
        assertEquals("a;b", part.name());
        assertEquals("x.csv", part.filename());
    }

    private static void assertMalformed(String message, String body, String contentType) {
        ApiException e = assertThrows(ApiException.class, () -> Multipart.parse(bytes(body), contentType));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }
}
