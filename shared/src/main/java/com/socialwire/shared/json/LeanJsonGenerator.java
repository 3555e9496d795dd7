package com.socialwire.shared.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON writer behind Jackson's {@link JsonGenerator} API that writes, byte for byte, what the generator of a
 * default {@code JsonFactory} writes (LeanJsonEquivalenceTest holds it to that): no spaces, a space between root
 * values, {@code \b \t \n \f \r \" \\} and a backslash-u escape with four upper-case hex digits for the other control characters, the
 * rest as it is — except that, to an OutputStream, Jackson writes each surrogate char as such an escape
 * (an emoji becomes two), while to a Writer it writes the chars; doubles and floats as Double/Float.toString,
 * non-finite ones quoted; BigDecimals plain ({@code plainDecimals}, scale within ±9999) or as toString. Closing it
 * closes the open containers, flushes, and closes the target only when {@code closeTarget} (AUTO_CLOSE_TARGET).
 * Jackson's own generator comes from a JsonFactory, whose init costs a function ~30 ms at its first request.
 */
public final class LeanJsonGenerator extends JsonGenerator {

    private static final byte OBJECT = 1, ARRAY = 2;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Flushed to the target past this many chars, as Jackson's 8,000-byte buffer. */
    private static final int FLUSH_AT = 8000;

    private final OutputStream out;
    private final Writer writer;
    private final boolean plainDecimals;
    private final boolean closeTarget;
    private ObjectCodec codec;
    private boolean closed;

    private char[] buf = new char[512];
    private int len;

    /** Nesting: kinds[d] for level d (1..depth); counts[d] members written at level d (root: root values). */
    private int depth;
    private byte[] kinds = new byte[16];
    private int[] counts = new int[16];
    /** A field name was written and its value is next. */
    private boolean named;

    private LeanJsonGenerator(OutputStream out, Writer writer, boolean plainDecimals, boolean closeTarget) {
        this.out = out;
        this.writer = writer;
        this.plainDecimals = plainDecimals;
        this.closeTarget = closeTarget;
    }

    /** UTF-8 to {@code out}. */
    public static LeanJsonGenerator of(OutputStream out, boolean plainDecimals, boolean closeTarget) {
        return new LeanJsonGenerator(out, null, plainDecimals, closeTarget);
    }

    /** Characters to {@code writer}. */
    public static LeanJsonGenerator of(Writer writer, boolean plainDecimals, boolean closeTarget) {
        return new LeanJsonGenerator(null, writer, plainDecimals, closeTarget);
    }

    // ---------------------------------------------------------------- structure

    @Override
    public void writeStartArray() throws IOException {
        beforeValue("start an array");
        push(ARRAY);
        append('[');
    }

    @Override
    public void writeStartArray(int size) throws IOException {
        writeStartArray();
    }

    @Override
    public void writeEndArray() throws IOException {
        if (depth == 0 || kinds[depth] != ARRAY) {
            throw Failures.error("Current context not Array but " + context(), this);
        }
        depth--;
        append(']');
    }

    @Override
    public void writeStartObject() throws IOException {
        beforeValue("start an object");
        push(OBJECT);
        append('{');
    }

    @Override
    public void writeEndObject() throws IOException {
        if (depth == 0 || kinds[depth] != OBJECT) {
            throw Failures.error("Current context not Object but " + context(), this);
        }
        depth--;
        named = false;
        append('}');
    }

    private String context() {
        return depth == 0 ? "root" : kinds[depth] == OBJECT ? "Object" : "Array";
    }

    private void push(byte kind) {
        depth++;
        if (depth == kinds.length) {
            kinds = java.util.Arrays.copyOf(kinds, depth * 2);
            counts = java.util.Arrays.copyOf(counts, depth * 2);
        }
        kinds[depth] = kind;
        counts[depth] = 0;
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        if (depth == 0 || kinds[depth] != OBJECT || named) {
            throw Failures.error("Can not write a field name, expecting a value", this);
        }
        if (counts[depth]++ > 0) {
            append(',');
        }
        named = true;
        quoted(name);
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
        writeFieldName(name.getValue());
    }

    /** What Jackson's writeContext checks before a value, and the separator it writes. */
    private void beforeValue(String what) throws IOException {
        if (depth == 0) {
            if (counts[0]++ > 0) {
                append(' '); // Jackson's root value separator
            }
        } else if (kinds[depth] == OBJECT) {
            if (!named) {
                throw Failures.error("Can not " + what + ", expecting field name (context: Object)", this);
            }
            named = false;
            append(':'); // Jackson writes the colon with the value
        } else if (counts[depth]++ > 0) {
            append(',');
        }
    }

    // ---------------------------------------------------------------- values

    @Override
    public void writeString(String text) throws IOException {
        if (text == null) {
            writeNull();
            return;
        }
        beforeValue("write a string");
        quoted(text);
    }

    @Override
    public void writeString(char[] text, int offset, int length) throws IOException {
        writeString(new String(text, offset, length));
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
        writeString(text.getValue());
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) {
        throw new UnsupportedOperationException("LeanJsonGenerator does not write raw UTF-8 strings");
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) {
        throw new UnsupportedOperationException("LeanJsonGenerator does not write UTF-8 byte strings");
    }

    @Override
    public void writeRaw(String text) throws IOException {
        appendRaw(text);
    }

    @Override
    public void writeRaw(String text, int offset, int length) throws IOException {
        appendRaw(text.substring(offset, offset + length));
    }

    @Override
    public void writeRaw(char[] text, int offset, int length) throws IOException {
        appendRaw(new String(text, offset, length));
    }

    @Override
    public void writeRaw(char c) throws IOException {
        appendRaw(String.valueOf(c));
    }

    @Override
    public void writeRawValue(String text) throws IOException {
        beforeValue("write a raw (unencoded) value");
        appendRaw(text);
    }

    @Override
    public void writeRawValue(String text, int offset, int length) throws IOException {
        writeRawValue(text.substring(offset, offset + length));
    }

    @Override
    public void writeRawValue(char[] text, int offset, int length) throws IOException {
        writeRawValue(new String(text, offset, length));
    }

    @Override
    public void writeBinary(Base64Variant variant, byte[] data, int offset, int length) throws IOException {
        beforeValue("write a binary value");
        byte[] slice = offset == 0 && length == data.length ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
        appendAscii(variant.encode(slice, true));
    }

    @Override
    public int writeBinary(Base64Variant variant, InputStream data, int length) throws IOException {
        byte[] bytes = length < 0 ? data.readAllBytes() : data.readNBytes(length);
        if (length >= 0 && bytes.length < length) {
            throw Failures.error("Too few bytes available: missing " + (length - bytes.length) + " bytes (out of " + length + ")", this);
        }
        writeBinary(variant, bytes, 0, bytes.length);
        return bytes.length;
    }

    @Override
    public void writeNumber(int v) throws IOException {
        beforeValue("write a number");
        appendAscii(Integer.toString(v));
    }

    @Override
    public void writeNumber(long v) throws IOException {
        beforeValue("write a number");
        appendAscii(Long.toString(v));
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
        if (v == null) {
            writeNull();
            return;
        }
        beforeValue("write a number");
        appendAscii(v.toString());
    }

    @Override
    public void writeNumber(double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            writeString(Double.toString(v)); // QUOTE_NON_NUMERIC_NUMBERS, on by default
            return;
        }
        beforeValue("write a number");
        appendAscii(Double.toString(v));
    }

    @Override
    public void writeNumber(float v) throws IOException {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            writeString(Float.toString(v));
            return;
        }
        beforeValue("write a number");
        appendAscii(Float.toString(v));
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
        if (v == null) {
            writeNull();
            return;
        }
        beforeValue("write a number");
        if (plainDecimals) {
            int scale = v.scale();
            if (scale < -9999 || scale > 9999) {
                throw Failures.error("Attempt to write plain `java.math.BigDecimal` (see JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)"
                        + " with illegal scale (" + scale + "): needs to be between [-9999, 9999]", this);
            }
            appendAscii(v.toPlainString());
        } else {
            appendAscii(v.toString());
        }
    }

    @Override
    public void writeNumber(String encoded) throws IOException {
        if (encoded == null) {
            writeNull();
            return;
        }
        beforeValue("write a number");
        appendRaw(encoded);
    }

    @Override
    public void writeBoolean(boolean state) throws IOException {
        beforeValue("write a boolean value");
        appendAscii(state ? "true" : "false");
    }

    @Override
    public void writeNull() throws IOException {
        beforeValue("write a null");
        appendAscii("null");
    }

    /** As Jackson's generator without a codec: the simple values it writes itself; anything else needs a codec. */
    @Override
    public void writeObject(Object value) throws IOException {
        if (value == null) {
            writeNull();
        } else if (codec != null) {
            codec.writeValue(this, value);
        } else {
            _writeSimpleObject(value);
        }
    }

    @Override
    public void writeTree(TreeNode tree) throws IOException {
        if (tree == null) {
            writeNull();
        } else if (codec == null) {
            throw new IllegalStateException("No ObjectCodec defined");
        } else {
            codec.writeTree(this, tree);
        }
    }

    // ---------------------------------------------------------------- output

    /** {@code s} quoted, escaped as Jackson's generators escape it. */
    private void quoted(String s) throws IOException {
        int n = s.length();
        ensure(n + 2);
        char[] b = buf;
        int at = len;
        b[at++] = '"';
        int i = 0;
        // the common case: nothing to escape
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || (out != null && c >= 0xD800 && c <= 0xDFFF)) {
                break;
            }
            b[at++] = c;
        }
        len = at;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && (out == null || c < 0xD800 || c > 0xDFFF)) {
                append(c);
                continue;
            }
            switch (c) {
                case '"' -> escape('"');
                case '\\' -> escape('\\');
                case '\b' -> escape('b');
                case '\t' -> escape('t');
                case '\n' -> escape('n');
                case '\f' -> escape('f');
                case '\r' -> escape('r');
                default -> {
                    ensure(6);
                    buf[len++] = '\\';
                    buf[len++] = 'u';
                    buf[len++] = HEX[c >> 12];
                    buf[len++] = HEX[(c >> 8) & 0xF];
                    buf[len++] = HEX[(c >> 4) & 0xF];
                    buf[len++] = HEX[c & 0xF];
                }
            }
        }
        append('"');
    }

    private void escape(char c) throws IOException {
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = c;
    }

    private void append(char c) throws IOException {
        ensure(1);
        buf[len++] = c;
    }

    private void appendAscii(String s) throws IOException {
        int n = s.length();
        ensure(n);
        s.getChars(0, n, buf, len);
        len += n;
    }

    /**
     * Raw text as Jackson writes it: to a Writer as it is; to an OutputStream as UTF-8 (a surrogate pair as one
     * four-byte character; an unpaired surrogate is an error there).
     */
    private void appendRaw(String s) throws IOException {
        if (out != null) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0xD800 && c <= 0xDFFF
                        && !(c <= 0xDBFF && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(++i)))) {
                    throw Failures.error("Incomplete surrogate pair in raw text", this);
                }
            }
        }
        appendAscii(s); // the encoding at flush writes a pair as one character
    }

    /** Room for {@code n} more chars, flushing what is written past {@link #FLUSH_AT}. */
    private void ensure(int n) throws IOException {
        if (len + n <= buf.length) {
            return;
        }
        if (len >= FLUSH_AT) {
            flushBuffer();
        }
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private void flushBuffer() throws IOException {
        if (len == 0) {
            return;
        }
        if (writer != null) {
            writer.write(buf, 0, len);
        } else {
            out.write(utf8(buf, len));
        }
        len = 0;
    }

    /** The chars as UTF-8: surrogates come only in pairs (strings escape them), a pair is one 4-byte character. */
    private static byte[] utf8(char[] chars, int n) {
        int size = n;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                size += c < 0x800 ? 1 : 2; // a pair: 2 + 2 chars' worth = 4 bytes
            }
        }
        byte[] b = new byte[size];
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c < 0x80) {
                b[at++] = (byte) c;
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
                int cp = Character.toCodePoint(c, chars[++i]);
                b[at++] = (byte) (0xF0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at == size ? b : java.util.Arrays.copyOf(b, at);
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        if (writer != null) {
            writer.flush();
        } else {
            out.flush();
        }
    }

    /** As Jackson's: the open containers closed (AUTO_CLOSE_JSON_CONTENT), flushed, the target closed or flushed. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        while (depth > 0) {
            if (kinds[depth] == ARRAY) {
                writeEndArray();
            } else {
                writeEndObject();
            }
        }
        flushBuffer();
        if (closeTarget) {
            if (writer != null) {
                writer.close();
            } else {
                out.close();
            }
        } else if (writer != null) {
            writer.flush();
        } else {
            out.flush();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- configuration (fixed at creation)

    @Override
    public JsonGenerator setCodec(ObjectCodec codec) {
        this.codec = codec;
        return this;
    }

    @Override
    public ObjectCodec getCodec() {
        return codec;
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public JsonStreamContext getOutputContext() {
        throw new UnsupportedOperationException("LeanJsonGenerator keeps no JsonStreamContext");
    }

    @Override
    public JsonGenerator enable(Feature f) {
        throw new UnsupportedOperationException("LeanJsonGenerator's features are fixed when it is made: " + f);
    }

    @Override
    public JsonGenerator disable(Feature f) {
        throw new UnsupportedOperationException("LeanJsonGenerator's features are fixed when it is made: " + f);
    }

    @Override
    public boolean isEnabled(Feature f) {
        if (f == Feature.WRITE_BIGDECIMAL_AS_PLAIN) {
            return plainDecimals;
        }
        if (f == Feature.AUTO_CLOSE_TARGET) {
            return closeTarget;
        }
        return f.enabledByDefault();
    }

    @Override
    public int getFeatureMask() {
        throw new UnsupportedOperationException("LeanJsonGenerator has no feature mask");
    }

    @Override
    @Deprecated
    public JsonGenerator setFeatureMask(int values) {
        throw new UnsupportedOperationException("LeanJsonGenerator's features are fixed when it is made");
    }

    @Override
    public JsonGenerator useDefaultPrettyPrinter() {
        throw new UnsupportedOperationException("LeanJsonGenerator does not pretty-print");
    }

    /** Jackson's exception, made out of the generator's own code so that it loads only when something fails. */
    private static final class Failures {
        static IOException error(String message, JsonGenerator g) {
            return new JsonGenerationException(message, g);
        }
    }
}
