package com.socialwire.posts.bulk;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A minimal {@code multipart/form-data} reader (RFC 7578) for a request body already in memory (API Gateway hands
 * over the whole body; base64 bodies are decoded by the caller).
 *
 * <ul>
 *   <li>The boundary comes from the Content-Type's {@code boundary} parameter, quoted or not.</li>
 *   <li>A preamble before the first boundary and an epilogue after the closing one are ignored; line breaks are CRLF,
 *       bare LF is tolerated.</li>
 *   <li>Each part needs {@code Content-Disposition: form-data; name="..."}; {@code filename} (or RFC 5987
 *       {@code filename*=UTF-8''...}) and the part's {@code Content-Type} are optional ({@code null} when absent).
 *       Header values are read as UTF-8, as browsers send them.</li>
 *   <li>Not {@code multipart/form-data}: 415 {@code UNSUPPORTED_MEDIA_TYPE}; anything malformed (no boundary, no
 *       closing boundary, a part without a name, more than {@value #MAX_PARTS} parts): 400 {@code VALIDATION_ERROR}.
 *   </li>
 * </ul>
 */
public final class Multipart {

    public static final int MAX_PARTS = 50;
    private static final int MAX_HEADER_BYTES = 8_192;

    /**
     * One part of the form.
     *
     * @param filename    the uploaded file's name, or {@code null} for a plain field
     * @param contentType the part's Content-Type, or {@code null} when it sent none
     */
    public record Part(String name, String filename, String contentType, byte[] bytes) {

        /** The content as UTF-8 text. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && Objects.equals(name, p.name)
                    && Objects.equals(filename, p.filename)
                    && Objects.equals(contentType, p.contentType) && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, filename, contentType) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Part[name=" + name + ", filename=" + filename + ", contentType=" + contentType + ", bytes="
                    + bytes.length + "]";
        }
    }

    private final List<Part> parts;

    private Multipart(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Every part, in body order. */
    public List<Part> parts() {
        return parts;
    }

    /** The first part of that name. */
    public Optional<Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Whether a Content-Type header names {@code multipart/form-data}. */
    public static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Reads the body; see the class comment for what is accepted. */
    public static Multipart parse(byte[] body, String contentType) {
        if (!isMultipart(contentType)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "expected Content-Type multipart/form-data");
        }
        String boundary = parameters(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw malformed("the Content-Type has no boundary parameter");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = body == null ? new byte[0] : body;

        int at = indexOf(b, delimiter, 0);
        while (at > 0 && b[at - 1] != '\n') { // the first boundary starts the body or a line
            at = indexOf(b, delimiter, at + 1);
        }
        if (at < 0) {
            throw malformed("the multipart body does not contain its boundary");
        }
        List<Part> parts = new ArrayList<>();
        int pos = at + delimiter.length;
        while (true) {
            if (startsWith(b, pos, "--")) {
                return new Multipart(parts); // the closing boundary; the epilogue is ignored
            }
            pos = skipBlanks(b, pos);
            if (pos >= b.length) {
                throw malformed("the multipart body is not terminated by its closing boundary");
            }
            pos = skipLineEnd(b, pos);
            if (pos < 0) {
                throw malformed("the multipart body has text after a boundary");
            }
            int headerEnd = headersEnd(b, pos);
            if (headerEnd < 0) {
                throw malformed("a part's headers do not end with a blank line");
            }
            Part described = describe(headers(new String(b, pos, headerEnd - pos, StandardCharsets.UTF_8)));
            int contentStart = skipLineEnd(b, skipLineEnd(b, headerEnd));
            int next = nextDelimiter(b, delimiter, contentStart);
            if (next < 0) {
                throw malformed("the multipart body is not terminated by its closing boundary");
            }
            int contentEnd = next - 1; // the LF before the delimiter
            if (contentEnd > contentStart && b[contentEnd - 1] == '\r') {
                contentEnd--;
            }
            if (parts.size() == MAX_PARTS) {
                throw malformed("the multipart body has more than " + MAX_PARTS + " parts");
            }
            parts.add(new Part(described.name(), described.filename(), described.contentType(),
                    Arrays.copyOfRange(b, contentStart, Math.max(contentStart, contentEnd))));
            pos = next + delimiter.length;
        }
    }

    /** A part's name, filename and type from its headers (no content yet). */
    private static Part describe(Map<String, String> headers) {
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.strip().toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw malformed("a part has no Content-Disposition: form-data header");
        }
        Map<String, String> params = parameters(disposition);
        String name = params.get("name");
        if (name == null || name.isEmpty()) {
            throw malformed("a part's Content-Disposition has no name");
        }
        String filename = params.get("filename");
        String extended = params.get("filename*");
        if (extended != null) {
            int quote = extended.indexOf("''");
            if (quote >= 0 && extended.substring(0, quote).equalsIgnoreCase("utf-8")) {
                try {
                    filename = URLDecoder.decode(extended.substring(quote + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw malformed("a part's filename* is not valid percent-encoding");
                }
            }
        }
        String type = headers.get("content-type");
        return new Part(name, filename, type == null || type.isBlank() ? null : type.strip(), new byte[0]);
    }

    /** Parameters after the first {@code ;} of a header value: names lower-cased, quoted values unescaped. */
    static Map<String, String> parameters(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = value.indexOf(';');
        int n = value.length();
        while (i >= 0 && i < n) {
            i++; // past ';'
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            int eq = i;
            while (eq < n && value.charAt(eq) != '=' && value.charAt(eq) != ';') {
                eq++;
            }
            String key = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            if (eq >= n || value.charAt(eq) == ';') {
                i = eq < n ? eq : -1;
                continue;
            }
            int v = eq + 1;
            while (v < n && value.charAt(v) == ' ') {
                v++;
            }
            StringBuilder sb = new StringBuilder();
            if (v < n && value.charAt(v) == '"') {
                v++;
                while (v < n && value.charAt(v) != '"') {
                    char c = value.charAt(v);
                    if (c == '\\' && v + 1 < n) {
                        c = value.charAt(++v);
                    }
                    sb.append(c);
                    v++;
                }
                v++; // past the closing quote
                while (v < n && value.charAt(v) != ';') {
                    v++;
                }
            } else {
                while (v < n && value.charAt(v) != ';') {
                    sb.append(value.charAt(v++));
                }
            }
            if (!key.isEmpty() && !out.containsKey(key)) {
                out.put(key, sb.toString().strip());
            }
            i = v < n ? v : -1;
        }
        return out;
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : block.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part has a header line without a colon");
            }
            out.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return out;
    }

    /** Where the part's header block ends (the line break before the blank line), or -1. */
    private static int headersEnd(byte[] b, int from) {
        int limit = Math.min(b.length, from + MAX_HEADER_BYTES);
        if (from < b.length && (b[from] == '\n' || b[from] == '\r')) {
            throw malformed("a part has no Content-Disposition: form-data header");
        }
        for (int i = from; i < limit; i++) {
            if (b[i] == '\n') {
                int j = i + 1;
                if (j < b.length && b[j] == '\r') {
                    j++;
                }
                if (j < b.length && b[j] == '\n') {
                    return i > from && b[i - 1] == '\r' ? i - 1 : i;
                }
            }
        }
        return -1;
    }

    /** The next delimiter that starts a line at or after {@code from}, or -1. */
    private static int nextDelimiter(byte[] b, byte[] delimiter, int from) {
        int at = indexOf(b, delimiter, from);
        while (at > 0 && b[at - 1] != '\n') {
            at = indexOf(b, delimiter, at + 1);
        }
        return at;
    }

    private static int skipBlanks(byte[] b, int pos) {
        while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t')) {
            pos++;
        }
        return pos;
    }

    /** Past one CRLF or LF at {@code pos}; -1 if there is none. */
    private static int skipLineEnd(byte[] b, int pos) {
        if (pos < 0) {
            return -1;
        }
        if (pos + 1 < b.length && b[pos] == '\r' && b[pos + 1] == '\n') {
            return pos + 2;
        }
        if (pos < b.length && b[pos] == '\n') {
            return pos + 1;
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int pos, String s) {
        if (pos + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[pos + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= b.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static ApiException malformed(String message) {
        return ApiException.validation(message, Map.of());
    }
}
