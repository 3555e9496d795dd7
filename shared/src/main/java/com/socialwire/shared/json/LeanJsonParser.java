package com.socialwire.shared.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.ContentReference;

import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A streaming reader of trusted UTF-8 JSON (events from AWS, our stored documents, AWS answers) behind Jackson's
 * {@link JsonParser} API, for the callers that take one. Jackson's own parser comes from a {@code JsonFactory}, whose
 * class init, canonicalizers, recycler pools and parser base classes (and, through ParserMinimalBase's static fields,
 * BigDecimal's 5^(2^16)) cost every function ~45 ms at its first request; this one is a plain subclass of the
 * abstract JsonParser. It reads what Jackson's default parser reads, into the same tokens, names, texts and numbers
 * (LeanJsonEquivalenceTest holds it to that with seeded random documents): strict JSON, no comments, no NaN, no
 * leading zeros, a UTF-8 BOM skipped at the start of bytes, the default StreamReadConstraints (nesting 1000, number
 * 1000 chars, string 20,000,000, name 50,000). Floats are parsed (and BigDecimal loaded) only when a caller asks for
 * their value. Anything else is an IOException (a JsonParseException); its message and location need not be
 * Jackson's — {@code Json} reads refused trusted documents again with Jackson's parser so that errors stay Jackson's.
 */
public final class LeanJsonParser extends JsonParser {

    static final int MAX_DEPTH = 1000;
    static final int MAX_NUMBER_CHARS = 1000;
    static final int MAX_STRING_CHARS = 20_000_000;
    static final int MAX_NAME_CHARS = 50_000;

    private static final byte OBJECT = 1, ARRAY = 2;
    /** What a container expects next: a first member, a comma or end, a member after a comma. */
    private static final byte FIRST = 0, AFTER_VALUE = 1, AFTER_COMMA = 2;

    /** Which number values are known (as Jackson's ParserBase tracks them: the order of the calls shows in the results). */
    private static final int NR_INT = 1, NR_LONG = 2, NR_BIGINT = 4, NR_DOUBLE = 8, NR_BIGDECIMAL = 16, NR_FLOAT = 32;

    private final byte[] in;
    private int pos;
    private final int end;
    /** Closed with the parser (AUTO_CLOSE_SOURCE, Jackson's default), or null. */
    private final Closeable source;
    private boolean closed;
    private ObjectCodec codec;

    private JsonToken token;
    private JsonToken lastCleared;
    /** Nesting: 0 at the root; kinds[d] and state[d] describe level d (1..depth); names[d] its current field name. */
    private int depth;
    private byte[] kinds = new byte[16];
    private byte[] state = new byte[16];
    private String[] names = new String[16];

    /** A string's value or a number's text (made from numStart..numEnd on first use). */
    private String text;
    private int numStart;
    private int numEnd;
    private int numValid;
    private int intValue;
    private long longValue;
    private double doubleValue;
    private float floatValue;
    /** BigInteger / BigDecimal values, kept as Object so that the verifier need not load them with this class. */
    private Object bigInteger;
    private Object bigDecimal;
    /** A number's text not yet parsed into the value its type says (Jackson's lazy number string). */
    private String pending;

    private int line = 1;
    private int lineStart;
    private int tokenPos;
    private int tokenLine = 1;
    private int tokenLineStart;

    private LeanJsonParser(byte[] in, int start, int end, Closeable source) {
        super(DEFAULT_FEATURES);
        this.in = in;
        this.pos = start;
        this.end = end;
        this.source = source;
        this.lineStart = start;
    }

    /**
     * Jackson's default parser features, {@code JsonParser.Feature.collectDefaults()} (LeanJsonEquivalenceTest checks
     * it): the no-argument constructor would read them from JsonFactory, loading it, and computing them would load
     * the Feature enum.
     */
    static final int DEFAULT_FEATURES = 1048577;

    /** A parser of {@code json}, UTF-8 bytes (a leading byte order mark skipped, as Jackson does). */
    public static LeanJsonParser of(byte[] json) {
        return of(json, null);
    }

    /** A parser of {@code json}, whose source (an InputStream it was read from) is closed with the parser. */
    public static LeanJsonParser of(byte[] json, Closeable source) {
        int start = json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF ? 3 : 0;
        return new LeanJsonParser(json, start, json.length, source);
    }

    /**
     * A parser of {@code json} read as Jackson reads a String, or null when the text holds an unpaired surrogate
     * (its UTF-8 would not be the same characters): the caller then uses Jackson's parser.
     */
    public static LeanJsonParser ofText(String json) {
        for (int i = 0, n = json.length(); i < n; i++) {
            char c = json.charAt(i);
            if (c >= 0xD800 && c <= 0xDFFF) {
                if (c <= 0xDBFF && i + 1 < n && Character.isLowSurrogate(json.charAt(i + 1))) {
                    i++;
                } else {
                    return null;
                }
            }
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new LeanJsonParser(bytes, 0, bytes.length, null);
    }

    // ---------------------------------------------------------------- tokens

    @Override
    public JsonToken nextToken() throws IOException {
        if (closed) {
            return null;
        }
        numValid = 0;
        text = null;
        bigInteger = null;
        bigDecimal = null;
        pending = null;
        JsonToken t = token;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            push(t == JsonToken.START_OBJECT ? OBJECT : ARRAY);
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            depth--;
        }
        int c = skipSpace();
        if (depth == 0) {
            if (c < 0) {
                return token = null;
            }
            return token = value(c);
        }
        byte kind = kinds[depth];
        byte s = state[depth];
        if (kind == OBJECT && t == JsonToken.FIELD_NAME) {
            state[depth] = AFTER_VALUE;
            if (c < 0) {
                throw eof();
            }
            return token = value(c);
        }
        if (c < 0) {
            throw eof();
        }
        if (s == AFTER_VALUE) {
            if (c == ',') {
                pos++;
                state[depth] = AFTER_COMMA;
                c = skipSpace();
                if (c < 0) {
                    throw eof();
                }
            } else if (c == (kind == OBJECT ? '}' : ']')) {
                return close(kind);
            } else {
                throw unexpected(c, "was expecting comma to separate " + (kind == OBJECT ? "Object entries" : "Array entries"));
            }
        } else if (s == FIRST && c == (kind == OBJECT ? '}' : ']')) {
            return close(kind);
        }
        if (kind == ARRAY) {
            state[depth] = AFTER_VALUE;
            return token = value(c);
        }
        if (c != '"') {
            throw unexpected(c, "was expecting double-quote to start field name");
        }
        markToken();
        pos++;
        String name = string(MAX_NAME_CHARS);
        int colon = skipSpace();
        if (colon != ':') {
            throw unexpected(colon, "was expecting a colon to separate field name and value");
        }
        pos++;
        names[depth] = name;
        return token = JsonToken.FIELD_NAME;
    }

    private JsonToken close(byte kind) {
        markToken();
        pos++;
        return token = kind == OBJECT ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
    }

    private void push(byte kind) throws IOException {
        if (depth == MAX_DEPTH) {
            throw Failures.constraint("Document nesting depth (" + (depth + 1) + ") exceeds the maximum allowed ("
                    + MAX_DEPTH + ", from `StreamReadConstraints.getMaxNestingDepth()`)");
        }
        depth++;
        if (depth == kinds.length) {
            kinds = java.util.Arrays.copyOf(kinds, depth * 2);
            state = java.util.Arrays.copyOf(state, depth * 2);
            names = java.util.Arrays.copyOf(names, depth * 2);
        }
        kinds[depth] = kind;
        state[depth] = FIRST;
        names[depth] = null;
    }

    /** The value token starting with byte {@code c} at {@code pos}. */
    private JsonToken value(int c) throws IOException {
        markToken();
        switch (c) {
            case '{':
                pos++;
                if (depth == MAX_DEPTH) {
                    push(OBJECT); // fails: the nesting limit
                }
                return JsonToken.START_OBJECT;
            case '[':
                pos++;
                if (depth == MAX_DEPTH) {
                    push(ARRAY);
                }
                return JsonToken.START_ARRAY;
            case '"':
                pos++;
                text = string(MAX_STRING_CHARS);
                return JsonToken.VALUE_STRING;
            case 't':
                literal("true");
                return JsonToken.VALUE_TRUE;
            case 'f':
                literal("false");
                return JsonToken.VALUE_FALSE;
            case 'n':
                literal("null");
                return JsonToken.VALUE_NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw unexpected(c, "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        }
    }

    private void literal(String word) throws IOException {
        int n = word.length();
        if (end - pos < n) {
            throw Failures.parse(this, "Unrecognized token: was expecting '" + word + "'");
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw Failures.parse(this, "Unrecognized token: was expecting '" + word + "'");
            }
        }
        pos += n;
        if (pos < end) {
            int next = in[pos] & 0xFF;
            // a token goes on (Jackson: a Java identifier part after it) → Jackson refuses it as an unrecognized token
            if (next >= 0x80 || next == '_' || next == '$' || (next >= '0' && next <= '9')
                    || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) {
                throw Failures.parse(this, "Unrecognized token '" + word + (char) next + "...': was expecting '" + word + "'");
            }
        }
    }

    private JsonToken number() throws IOException {
        int start = pos;
        int p = pos;
        if (in[p] == '-') {
            p++;
        }
        if (p >= end || in[p] < '0' || in[p] > '9') {
            throw Failures.parse(this, "Invalid numeric value: expected digit after minus sign");
        }
        if (in[p] == '0' && p + 1 < end && in[p + 1] >= '0' && in[p + 1] <= '9') {
            throw Failures.parse(this, "Invalid numeric value: Leading zeroes not allowed");
        }
        int digitsStart = p;
        while (p < end && in[p] >= '0' && in[p] <= '9') {
            p++;
        }
        int digits = p - digitsStart; // as Jackson counts a number's length: its digits
        boolean isFloat = false;
        if (p < end && in[p] == '.') {
            isFloat = true;
            p++;
            int from = p;
            while (p < end && in[p] >= '0' && in[p] <= '9') {
                p++;
            }
            if (p == from) {
                throw Failures.parse(this, "Unexpected character after decimal point: expected a digit");
            }
            digits += p - from;
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            isFloat = true;
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            int from = p;
            while (p < end && in[p] >= '0' && in[p] <= '9') {
                p++;
            }
            if (p == from) {
                throw Failures.parse(this, "Unexpected character in exponent: expected a digit");
            }
            digits += p - from;
        }
        if (digits > MAX_NUMBER_CHARS) {
            throw Failures.constraint("Number value length (" + digits + ") exceeds the maximum allowed ("
                    + MAX_NUMBER_CHARS + ", from `StreamReadConstraints.getMaxNumberLength()`)");
        }
        if (depth == 0 && p < end && in[p] != ' ' && in[p] != '\t' && in[p] != '\n' && in[p] != '\r') {
            pos = p;
            throw Failures.parse(this, "Expected space separating root-level values");
        }
        numStart = start;
        numEnd = p;
        pos = p;
        return isFloat ? JsonToken.VALUE_NUMBER_FLOAT : JsonToken.VALUE_NUMBER_INT;
    }

    /** A string's characters after its opening quote, to its closing quote (consumed). */
    private String string(int max) throws IOException {
        int start = pos;
        int p = pos;
        // the common case: ASCII without escapes
        while (p < end) {
            int b = in[p];
            if (b == '"') {
                pos = p + 1;
                if (p - start > max) {
                    throw tooLong(p - start, max);
                }
                return new String(in, start, p - start, StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20 || b == '\\') { // b < 0: a non-ASCII byte
                break;
            }
            p++;
        }
        StringBuilder out = new StringBuilder(Math.max(16, (p - start) * 2));
        for (int i = start; i < p; i++) {
            out.append((char) in[i]);
        }
        while (true) {
            if (p >= end) {
                pos = p;
                throw Failures.parse(this, "Unexpected end-of-input in a String");
            }
            int b = in[p++] & 0xFF;
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                if (p >= end) {
                    pos = p;
                    throw Failures.parse(this, "Unexpected end-of-input in a character escape");
                }
                int e = in[p++];
                switch (e) {
                    case '"', '\\', '/' -> out.append((char) e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (end - p < 4) {
                            pos = end;
                            throw Failures.parse(this, "Unexpected end-of-input in a character escape");
                        }
                        int v = hex4(p);
                        p += 4;
                        if (max == MAX_NAME_CHARS && v >= 0xD800 && v <= 0xDFFF) {
                            // Jackson's field names take escaped surrogates only as a pair of escapes
                            if (v > 0xDBFF || end - p < 6 || in[p] != '\\' || in[p + 1] != 'u') {
                                pos = p;
                                throw Failures.parse(this, "Broken surrogate pair in field name");
                            }
                            int low = hex4(p + 2);
                            if (low < 0xDC00 || low > 0xDFFF) {
                                pos = p;
                                throw Failures.parse(this, "Broken surrogate pair in field name: expected low surrogate");
                            }
                            out.append((char) v);
                            v = low;
                            p += 6;
                        }
                        out.append((char) v);
                    }
                    default -> {
                        pos = p;
                        throw Failures.parse(this, "Unrecognized character escape '" + (char) (e & 0xFF) + "'");
                    }
                }
            } else if (b < 0x20) {
                pos = p;
                throw Failures.parse(this, "Illegal unquoted character (CTRL-CHAR, code " + b
                        + "): has to be escaped using backslash to be included in string value");
            } else if (b < 0x80) {
                out.append((char) b);
            } else {
                p = utf8(b, p, out);
            }
            if (out.length() > max) {
                pos = p;
                throw tooLong(out.length(), max);
            }
        }
        pos = p;
        if (out.length() > max) {
            throw tooLong(out.length(), max);
        }
        return out.toString();
    }

    private IOException tooLong(int length, int max) {
        return Failures.constraint((max == MAX_NAME_CHARS ? "Name" : "String value") + " length (" + length
                + ") exceeds the maximum allowed (" + max + ", from `StreamReadConstraints.getMax"
                + (max == MAX_NAME_CHARS ? "NameLength" : "StringLength") + "()`)");
    }

    /**
     * Decodes one well-formed UTF-8 sequence whose first byte {@code b} was at {@code p - 1}; returns the position
     * after it. Overlong forms, encoded surrogates and code points past U+10FFFF are refused (Jackson would read
     * some of them into odd characters; a refused trusted document is read again by Jackson's parser).
     */
    private int utf8(int b, int p, StringBuilder out) throws IOException {
        int need;
        int cp;
        int min;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
            cp = b & 0x1F;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            cp = b & 0x0F;
            min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            cp = b & 0x07;
            min = 0x10000;
        } else {
            pos = p;
            throw Failures.parse(this, "Invalid UTF-8 start byte 0x" + Integer.toHexString(b));
        }
        if (end - p < need) {
            pos = end;
            throw Failures.parse(this, "Unexpected end-of-input in a UTF-8 character");
        }
        for (int i = 0; i < need; i++) {
            int c = in[p++] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                pos = p;
                throw Failures.parse(this, "Invalid UTF-8 middle byte 0x" + Integer.toHexString(c));
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            pos = p;
            throw Failures.parse(this, "Invalid UTF-8 sequence for U+" + Integer.toHexString(cp));
        }
        out.appendCodePoint(cp);
        return p;
    }

    /** The four hex digits at {@code at} as a char code (the caller made sure they are there). */
    private int hex4(int at) throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int h = hex(in[at + i]);
            if (h < 0) {
                pos = at + i + 1;
                throw Failures.parse(this, "Unexpected character in a character escape: expected a hex-digit");
            }
            v = (v << 4) | h;
        }
        return v;
    }

    private static int hex(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** Skips JSON whitespace; the next byte (not consumed), or -1 at the end. */
    private int skipSpace() throws IOException {
        while (pos < end) {
            int b = in[pos] & 0xFF;
            if (b > ' ') {
                return b;
            }
            if (b == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (b == '\r') {
                if (pos + 1 >= end || in[pos + 1] != '\n') {
                    line++;
                    lineStart = pos + 1;
                }
            } else if (b != ' ' && b != '\t') {
                markToken();
                throw Failures.parse(this, "Illegal character (CTRL-CHAR, code " + b
                        + "): only regular white space (\\r, \\n, \\t) is allowed between tokens");
            }
            pos++;
        }
        return -1;
    }

    private void markToken() {
        tokenPos = pos;
        tokenLine = line;
        tokenLineStart = lineStart;
    }

    private IOException eof() {
        markToken();
        return Failures.parse(this, "Unexpected end-of-input: expected close marker for "
                + (kinds[depth] == OBJECT ? "Object" : "Array"));
    }

    private IOException unexpected(int c, String expecting) {
        markToken();
        return Failures.parse(this, "Unexpected character ('" + (c < 0x80 ? String.valueOf((char) c) : "0x" + Integer.toHexString(c))
                + "' (code " + c + ")): " + expecting);
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (true) {
            JsonToken t = nextToken();
            if (t == null) {
                return this; // Jackson: an unbalanced end of input ends the skip quietly
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                open++;
            } else if ((t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) && --open == 0) {
                return this;
            }
        }
    }

    @Override
    public JsonToken currentToken() {
        return token;
    }

    @Override
    public JsonToken getCurrentToken() {
        return token;
    }

    @Override
    public int currentTokenId() {
        return token == null ? 0 : token.id();
    }

    @Override
    public int getCurrentTokenId() {
        return currentTokenId();
    }

    @Override
    public boolean hasCurrentToken() {
        return token != null;
    }

    @Override
    public boolean hasTokenId(int id) {
        return token == null ? id == 0 : token.id() == id;
    }

    @Override
    public boolean hasToken(JsonToken t) {
        return token == t;
    }

    @Override
    public boolean isExpectedStartArrayToken() {
        return token == JsonToken.START_ARRAY;
    }

    @Override
    public boolean isExpectedStartObjectToken() {
        return token == JsonToken.START_OBJECT;
    }

    @Override
    public boolean isExpectedNumberIntToken() {
        return token == JsonToken.VALUE_NUMBER_INT;
    }

    @Override
    public void clearCurrentToken() {
        if (token != null) {
            lastCleared = token;
            token = null;
        }
    }

    @Override
    public JsonToken getLastClearedToken() {
        return lastCleared;
    }

    /**
     * The current name as Jackson's: a field's name on FIELD_NAME and its value; on a container's start, the name
     * it is the value of; on its end, the same (the enclosing level's current name).
     */
    @Override
    public String currentName() {
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
            return names[depth - 1]; // the level is left at the next token
        }
        return names[depth]; // a container's start: its level is entered at the next token
    }

    @Override
    public String getCurrentName() {
        return currentName();
    }

    @Override
    public void overrideCurrentName(String name) {
        names[depth] = name;
    }

    // ---------------------------------------------------------------- text

    @Override
    public String getText() {
        JsonToken t = token; // an if-chain: a switch on an enum would load a synthetic class
        if (t == null) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            return text;
        }
        if (t == JsonToken.FIELD_NAME) {
            return names[depth];
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return numberText();
        }
        return t.asString();
    }

    private String numberText() {
        if (text == null) {
            text = new String(in, numStart, numEnd - numStart, StandardCharsets.ISO_8859_1);
        }
        return text;
    }

    @Override
    public char[] getTextCharacters() {
        String s = getText();
        return s == null ? null : s.toCharArray();
    }

    @Override
    public int getTextLength() {
        String s = getText();
        return s == null ? 0 : s.length();
    }

    @Override
    public int getTextOffset() {
        return 0;
    }

    @Override
    public boolean hasTextCharacters() {
        return false;
    }

    @Override
    public String getValueAsString() {
        return getValueAsString(null);
    }

    @Override
    public String getValueAsString(String defaultValue) {
        JsonToken t = token;
        if (t == JsonToken.VALUE_STRING) {
            return text;
        }
        if (t == JsonToken.FIELD_NAME) {
            return names[depth];
        }
        if (t == null || t == JsonToken.VALUE_NULL || !t.isScalarValue()) {
            return defaultValue;
        }
        return getText();
    }

    @Override
    public byte[] getBinaryValue(Base64Variant variant) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw Failures.parse(this, "Current token (" + token + ") not VALUE_STRING or VALUE_EMBEDDED_OBJECT, can not access as binary");
        }
        try {
            return variant.decode(text);
        } catch (IllegalArgumentException e) {
            throw Failures.parse(this, "Failed to decode VALUE_STRING as base64 (" + variant + "): " + e.getMessage());
        }
    }

    @Override
    public Object getEmbeddedObject() {
        return null;
    }

    // ---------------------------------------------------------------- numbers (Jackson's ParserBase state, per token)

    /**
     * The first access to a number, as Jackson's: an int token's smallest type (past a long: refused when an int or
     * long was asked for, kept as text for a double or float, else a big integer); a float token kept as text and
     * marked as the type asked for (double when none), parsed when its value is read.
     */
    private void parse(int expected) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            boolean negative = in[numStart] == '-';
            int digits = numEnd - numStart - (negative ? 1 : 0);
            if (digits <= 18) {
                long v = 0;
                for (int i = negative ? numStart + 1 : numStart; i < numEnd; i++) {
                    v = v * 10 + (in[i] - '0');
                }
                v = negative ? -v : v;
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    intValue = (int) v;
                    numValid = NR_INT;
                } else {
                    longValue = v;
                    numValid = NR_LONG;
                }
                return;
            }
            if (digits == 19 && Numbers.fitsLong(numberText())) {
                longValue = Long.parseLong(numberText());
                numValid = NR_LONG;
                return;
            }
            if (expected == NR_INT || expected == NR_LONG) {
                throw overflow(expected == NR_INT);
            }
            pending = numberText();
            numValid = expected == NR_DOUBLE || expected == NR_FLOAT ? NR_DOUBLE : NR_BIGINT;
        } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            pending = numberText();
            numValid = expected == NR_BIGDECIMAL ? NR_BIGDECIMAL : expected == NR_FLOAT ? NR_FLOAT : NR_DOUBLE;
        } else {
            throw Failures.parse(this, "Current token (" + token + ") not numeric, can not use numeric value accessors");
        }
    }

    private IOException overflow(boolean toInt) {
        return toInt
                ? Failures.coercion(this, "Numeric value (" + getText() + ") out of range of int (" + Integer.MIN_VALUE + " - "
                        + Integer.MAX_VALUE + ")", int.class)
                : Failures.coercion(this, "Numeric value (" + getText() + ") out of range of long (" + Long.MIN_VALUE + " - "
                        + Long.MAX_VALUE + ")", long.class);
    }

    private static RuntimeException internal() {
        return new RuntimeException("Internal error: this code path should never get executed");
    }

    /** The double: parsed from the pending text (which it uses up), else the one known. */
    private double doubleNow() {
        if (pending != null) {
            doubleValue = Double.parseDouble(pending);
            pending = null;
        }
        return doubleValue;
    }

    private float floatNow() {
        if (pending != null) {
            floatValue = Float.parseFloat(pending);
            pending = null;
        }
        return floatValue;
    }

    private Object bigIntegerNow() {
        if (bigInteger == null) {
            if (pending == null) {
                throw new IllegalStateException("cannot get BigInteger from current parser state");
            }
            bigInteger = Numbers.integer(pending);
            pending = null;
        }
        return bigInteger;
    }

    private Object decimalNow() {
        if (bigDecimal == null) {
            if (pending == null) {
                throw new IllegalStateException("cannot get BigDecimal from current parser state");
            }
            bigDecimal = Numbers.decimal(pending);
            pending = null;
        }
        return bigDecimal;
    }

    @Override
    public NumberType getNumberType() throws IOException {
        if (numValid == 0) {
            parse(0);
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return (numValid & NR_INT) != 0 ? NumberType.INT : (numValid & NR_LONG) != 0 ? NumberType.LONG : NumberType.BIG_INTEGER;
        }
        return (numValid & NR_BIGDECIMAL) != 0 ? NumberType.BIG_DECIMAL : (numValid & NR_FLOAT) != 0 ? NumberType.FLOAT : NumberType.DOUBLE;
    }

    @Override
    public Number getNumberValue() throws IOException {
        if (numValid == 0) {
            parse(0);
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if ((numValid & NR_INT) != 0) {
                return intValue;
            }
            if ((numValid & NR_LONG) != 0) {
                return longValue;
            }
            if ((numValid & NR_BIGINT) != 0) {
                return (Number) bigIntegerNow();
            }
            throw internal();
        }
        if ((numValid & NR_BIGDECIMAL) != 0) {
            return (Number) decimalNow();
        }
        if ((numValid & NR_FLOAT) != 0) {
            return floatNow();
        }
        if ((numValid & NR_DOUBLE) == 0) {
            throw internal();
        }
        return doubleNow();
    }

    @Override
    public int getIntValue() throws IOException {
        if ((numValid & NR_INT) == 0) {
            if (numValid == 0) {
                parse(NR_INT);
            }
            if ((numValid & NR_INT) == 0) {
                toInt();
            }
        }
        return intValue;
    }

    private void toInt() throws IOException {
        if ((numValid & NR_LONG) != 0) {
            if ((int) longValue != longValue) {
                throw overflow(true);
            }
            intValue = (int) longValue;
        } else if ((numValid & NR_BIGINT) != 0) {
            Object big = bigIntegerNow();
            if (Numbers.bitLength(big) >= 32) {
                throw overflow(true);
            }
            intValue = Numbers.intOf(big);
        } else if ((numValid & NR_DOUBLE) != 0) {
            double d = doubleNow();
            if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                throw overflow(true);
            }
            intValue = (int) d;
        } else if ((numValid & NR_BIGDECIMAL) != 0) {
            Object d = decimalNow();
            if (!Numbers.inIntRange(d)) {
                throw overflow(true);
            }
            intValue = Numbers.intOf(d);
        } else {
            throw internal();
        }
        numValid |= NR_INT;
    }

    @Override
    public long getLongValue() throws IOException {
        if ((numValid & NR_LONG) == 0) {
            if (numValid == 0) {
                parse(NR_LONG);
            }
            if ((numValid & NR_LONG) == 0) {
                toLong();
            }
        }
        return longValue;
    }

    private void toLong() throws IOException {
        if ((numValid & NR_INT) != 0) {
            longValue = intValue;
        } else if ((numValid & NR_BIGINT) != 0) {
            Object big = bigIntegerNow();
            if (Numbers.bitLength(big) >= 64) {
                throw overflow(false);
            }
            longValue = Numbers.longOf(big);
        } else if ((numValid & NR_DOUBLE) != 0) {
            double d = doubleNow();
            if (d < (double) Long.MIN_VALUE || d > (double) Long.MAX_VALUE) {
                throw overflow(false);
            }
            longValue = (long) d;
        } else if ((numValid & NR_BIGDECIMAL) != 0) {
            Object d = decimalNow();
            if (!Numbers.inLongRange(d)) {
                throw overflow(false);
            }
            longValue = Numbers.longOf(d);
        } else {
            throw internal();
        }
        numValid |= NR_LONG;
    }

    @Override
    public BigInteger getBigIntegerValue() throws IOException {
        if ((numValid & NR_BIGINT) == 0) {
            if (numValid == 0) {
                parse(NR_BIGINT);
            }
            if ((numValid & NR_BIGINT) == 0) {
                if ((numValid & NR_BIGDECIMAL) != 0) {
                    bigInteger = Numbers.toInteger(decimalNow());
                } else if ((numValid & NR_LONG) != 0) {
                    bigInteger = BigInteger.valueOf(longValue);
                } else if ((numValid & NR_INT) != 0) {
                    bigInteger = BigInteger.valueOf(intValue);
                } else if ((numValid & NR_DOUBLE) != 0) {
                    bigInteger = Numbers.toInteger(pending != null ? decimalNow() : Numbers.decimalOf(doubleNow()));
                } else {
                    throw internal();
                }
                numValid |= NR_BIGINT;
            }
        }
        return (BigInteger) bigIntegerNow();
    }

    @Override
    public float getFloatValue() throws IOException {
        if ((numValid & NR_FLOAT) == 0) {
            if (numValid == 0) {
                parse(NR_FLOAT);
            }
            if ((numValid & NR_FLOAT) == 0) {
                if ((numValid & NR_BIGDECIMAL) != 0) {
                    floatValue = pending != null ? floatNow() : Numbers.floatOf(decimalNow());
                } else if ((numValid & NR_BIGINT) != 0) {
                    floatValue = pending != null ? floatNow() : Numbers.floatOf(bigIntegerNow());
                } else if ((numValid & NR_LONG) != 0) {
                    floatValue = (float) longValue;
                } else if ((numValid & NR_INT) != 0) {
                    floatValue = (float) intValue;
                } else if ((numValid & NR_DOUBLE) != 0) {
                    floatValue = pending != null ? floatNow() : (float) doubleNow();
                } else {
                    throw internal();
                }
                numValid |= NR_FLOAT;
            }
        }
        return floatNow();
    }

    @Override
    public double getDoubleValue() throws IOException {
        if ((numValid & NR_DOUBLE) == 0) {
            if (numValid == 0) {
                parse(NR_DOUBLE);
            }
            if ((numValid & NR_DOUBLE) == 0) {
                if ((numValid & NR_BIGDECIMAL) != 0) {
                    doubleValue = pending != null ? doubleNow() : Numbers.doubleOf(decimalNow());
                } else if ((numValid & NR_BIGINT) != 0) {
                    doubleValue = pending != null ? doubleNow() : Numbers.doubleOf(bigIntegerNow());
                } else if ((numValid & NR_LONG) != 0) {
                    doubleValue = (double) longValue;
                } else if ((numValid & NR_INT) != 0) {
                    doubleValue = (double) intValue;
                } else if ((numValid & NR_FLOAT) != 0) {
                    doubleValue = pending != null ? doubleNow() : (double) floatNow();
                } else {
                    throw internal();
                }
                numValid |= NR_DOUBLE;
            }
        }
        return doubleNow();
    }

    @Override
    public BigDecimal getDecimalValue() throws IOException {
        if ((numValid & NR_BIGDECIMAL) == 0) {
            if (numValid == 0) {
                parse(NR_BIGDECIMAL);
            }
            if ((numValid & NR_BIGDECIMAL) == 0) {
                if ((numValid & NR_DOUBLE) != 0) {
                    bigDecimal = Numbers.decimal(pending != null ? pending : getText()); // from the text: no binary rounding
                } else if ((numValid & NR_BIGINT) != 0) {
                    bigDecimal = Numbers.decimal(bigIntegerNow());
                } else if ((numValid & NR_LONG) != 0) {
                    bigDecimal = Numbers.decimal(longValue);
                } else if ((numValid & NR_INT) != 0) {
                    bigDecimal = Numbers.decimal((long) intValue);
                } else {
                    throw internal();
                }
                numValid |= NR_BIGDECIMAL;
            }
        }
        return (BigDecimal) decimalNow();
    }

    @Override
    public boolean isNaN() {
        return false; // Jackson's default features read no NaN or Infinity tokens
    }

    // ---------------------------------------------------------------- the rest of the API

    @Override
    public JsonLocation getCurrentLocation() {
        return Failures.location(pos, line, pos - lineStart + 1);
    }

    @Override
    public JsonLocation currentLocation() {
        return getCurrentLocation();
    }

    @Override
    public JsonLocation getTokenLocation() {
        return Failures.location(tokenPos, tokenLine, tokenPos - tokenLineStart + 1);
    }

    @Override
    public JsonLocation currentTokenLocation() {
        return getTokenLocation();
    }

    @Override
    public JsonStreamContext getParsingContext() {
        throw new UnsupportedOperationException("LeanJsonParser keeps no JsonStreamContext: use currentName()");
    }

    @Override
    public ObjectCodec getCodec() {
        return codec;
    }

    @Override
    public void setCodec(ObjectCodec codec) {
        this.codec = codec;
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            token = null;
            if (source != null) {
                source.close();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * BigInteger and BigDecimal work, out of the parser's own code: verifying a method that hands one on as a Number
     * or Object would load the class with the parser, and BigDecimal's class init costs ~12 ms.
     */
    private static final class Numbers {

        static boolean fitsLong(String text) {
            return text.charAt(0) == '-' ? text.compareTo("-9223372036854775808") <= 0 : text.compareTo("9223372036854775807") <= 0;
        }

        static float floatOf(Object number) {
            return ((Number) number).floatValue();
        }

        static double doubleOf(Object number) {
            return ((Number) number).doubleValue();
        }

        static Object integer(String text) {
            return new BigInteger(text);
        }

        static int bitLength(Object big) {
            return ((BigInteger) big).bitLength();
        }

        static long longOf(Object number) {
            return ((Number) number).longValue();
        }

        static int intOf(Object number) {
            return ((Number) number).intValue();
        }

        static Object decimal(String text) {
            return new BigDecimal(text);
        }

        /** A decimal's integer part; a scale past Jackson's limit (100,000) is refused before the work. */
        static Object toInteger(Object decimal) throws IOException {
            BigDecimal d = (BigDecimal) decimal;
            if (Math.abs(d.scale()) > 100_000) {
                throw Failures.constraint("BigDecimal scale (" + d.scale() + ") magnitude exceeds the maximum allowed (100000)");
            }
            return d.toBigInteger();
        }

        static Object decimal(Object bigInteger) {
            return new BigDecimal((BigInteger) bigInteger);
        }

        static Object decimalOf(double value) {
            return BigDecimal.valueOf(value);
        }

        static Object decimal(long value) {
            return BigDecimal.valueOf(value);
        }

        static boolean inIntRange(Object decimal) {
            BigDecimal d = (BigDecimal) decimal;
            return d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0 && d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        }

        static boolean inLongRange(Object decimal) {
            BigDecimal d = (BigDecimal) decimal;
            return d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0 && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        }
    }

    /** Jackson's exceptions, made out of the parser's own code so that they load only when something fails. */
    static final class Failures {

        static IOException parse(JsonParser p, String message) {
            return new JsonParseException(p, message);
        }

        static IOException constraint(String message) {
            return new StreamConstraintsException(message);
        }

        static IOException coercion(JsonParser p, String message, Class<?> target) {
            return new InputCoercionException(p, message, p.currentToken(), target);
        }

        static JsonLocation location(long offset, int line, int column) {
            return new JsonLocation(ContentReference.unknown(), offset, -1L, line, column);
        }
    }
}
