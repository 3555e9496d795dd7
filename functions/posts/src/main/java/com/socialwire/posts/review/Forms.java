package com.socialwire.posts.review;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The review page's form posts ({@code application/x-www-form-urlencoded}, as a browser sends them), read within
 * bounds: at most {@value #MAX_BODY_BYTES} bytes (413), {@value #MAX_FIELDS} fields, each value at most
 * {@value #MAX_FIELD_CHARS} characters (400); any other content type is 415. A repeated field keeps its first value.
 */
public final class Forms {

    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_FIELD_CHARS = 4_000;
    static final int MAX_FIELDS = 40;

    private Forms() {
    }

    /** The fields of a form post; the failures are ApiExceptions with the status to answer. */
    public static Map<String, String> parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String bare = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (!bare.equals("application/x-www-form-urlencoded")) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "a review form is sent as application/x-www-form-urlencoded");
        }
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, 413, "a review form is at most " + MAX_BODY_BYTES + " bytes",
                    Map.of("maxBytes", MAX_BODY_BYTES), Map.of());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return fields;
        }
        String text = utf8(body);
        int pairs = 0;
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++pairs > MAX_FIELDS) {
                throw ApiException.validation("a review form has at most " + MAX_FIELDS + " fields", Map.of());
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.length() > 64 || value.length() > MAX_FIELD_CHARS) {
                throw ApiException.validation("a review form's fields are at most " + MAX_FIELD_CHARS + " characters", Map.of());
            }
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.validation("a review form is UTF-8 text", Map.of());
        }
    }

    /** URL decoding with '+' as a space, refusing a broken escape (400) instead of guessing. */
    static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out[n++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw ApiException.validation("a review form has a broken %-escape", Map.of());
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw ApiException.validation("a review form has a broken %-escape", Map.of());
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else { // a raw non-ASCII character (browsers escape them; be lenient and keep it)
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                if (n + b.length > out.length) {
                    out = java.util.Arrays.copyOf(out, out.length + b.length + 16);
                }
                System.arraycopy(b, 0, out, n, b.length);
                n += b.length;
            }
        }
        return utf8(java.util.Arrays.copyOf(out, n));
    }
}
