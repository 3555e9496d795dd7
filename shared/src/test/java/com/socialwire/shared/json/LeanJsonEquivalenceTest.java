package com.socialwire.shared.json;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean parser and generator against Jackson's, with seeded random documents and write sequences: the same
 * tokens, names, texts and numbers (through every accessor, in random orders) over the same bytes and the same
 * String, the same outcome for broken documents, and the same bytes (and chars) for the same write calls, with
 * Json's settings (decimals plain, the target left open) and with a default factory's (AwsJson's).
 */
class LeanJsonEquivalenceTest {

    private static final long SEED = Long.getLong("seed", 20261205L);
    private static final int DOCUMENTS = 2500;

    /** The factory Json used for trusted JSON, and the default one AwsJson used. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private static final JsonFactory DEFAULT = new JsonFactory();

    private static final String[] INTS = {"0", "-0", "1", "-1", "7", "42", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "999999999", "1000000000",
            "999999999999999999", "1000000000000000000", "18446744073709551616", "123456789012345678901234567890"};
    private static final String[] FLOATS = {"0.0", "-0.0", "1.0", "1.10", "100.000", "0.000", "1e3", "1E+2", "0.1e-2", "1e400", "-1e400",
            "1e-400", "4.9e-324", "1.7976931348623157e308", "2.5", "-2.5", "3.4028235e38", "1.4e-45", "0.30000000000000004",
            "2147483647.9", "2147483648.5", "-2147483648.9", "9.223372036854775807e18", "9.3e18", "-9.3e18", "123456789.987654321e-5"};

    // ---------------------------------------------------------------- reading

    @Test
    void randomDocumentsReadAsJacksonsParserReadsThemFromBytesAndFromStrings() throws IOException {
        Random random = new Random(SEED);
        int tokens = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            StringBuilder doc = new StringBuilder();
            space(random, doc);
            value(random, doc, 0);
            space(random, doc);
            String json = doc.toString();
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            String context = "seed " + SEED + ", document " + i + ": " + visible(json);
            long accessSeed = random.nextLong();
            tokens += compare(context, DEFAULT.createParser(bytes), LeanJsonParser.of(bytes), new Random(accessSeed));
            compare(context + " (as a String)", DEFAULT.createParser(json), LeanJsonParser.ofText(json), new Random(accessSeed));
        }
        assertTrue(tokens > 30_000, "only " + tokens + " tokens compared");
    }

    @Test
    void brokenDocumentsFailAsJacksonsParserFailsAndNothingItRefusesIsRead() throws IOException {
        Random random = new Random(SEED + 1);
        String alphabet = "{}[]:,\"\\ 0123456789.eE+-abtrufnlx\n\t\u0001";
        int refused = 0;
        List<String> inputs = new ArrayList<>(List.of("", " ", "{", "[", "]", "}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "[1,]", "[,1]",
                "{,}", "{\"a\":1,}", "[1 2]", "01", "-", "-a", "1.", ".5", "1e", "1e+", "+1", "NaN", "Infinity", "-Infinity", "tru",
                "truex", "true1", "nul", "nullx", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"a\u0001\"", "'a'", "{a:1}",
                "1}", "1]", "1x", "1,", "[1}", "{\"a\":1]", "{} x", "[\"a\" \"b\"]", "\"\\", "\"\\u", "[-]", "[01]", "[1.e3]",
                "[1e3.5]", "[0x1]", "[1true]", "[true-1]", "[true:1]", "/* c */ 1", "# c\n1", "[1]\u0000", "\u0000"));
        for (int i = 0; i < 3000; i++) {
            StringBuilder doc = new StringBuilder();
            value(random, doc, 2);
            int at = random.nextInt(doc.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> doc.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> {
                    if (at < doc.length()) {
                        doc.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < doc.length()) {
                        doc.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            }
            inputs.add(doc.toString());
        }
        for (String json : inputs) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            String jackson = outcome(DEFAULT.createParser(bytes));
            String lean = outcome(LeanJsonParser.of(bytes));
            assertEquals(visible(jackson), visible(lean), visible(json));
            // from a String the lean parser may refuse more: Jackson's char parser reads a backslash-u escape's hex digit
            // from a non-ASCII char's low byte; Json reads a String the lean parser refused (or, null, one with an
            // unpaired surrogate) with Jackson's parser
            LeanJsonParser text = LeanJsonParser.ofText(json);
            String fromText = text == null ? "refused" : outcome(text);
            if (!fromText.equals("refused")) {
                assertEquals(visible(outcome(DEFAULT.createParser(json))), visible(fromText), visible(json) + " (as a String)");
            }
            refused += jackson.startsWith("refused") ? 1 : 0;
        }
        assertTrue(refused > 1000, "only " + refused + " broken documents");
    }

    @Test
    void oddUtf8IsRefusedWhereJacksonRefusesIt() throws IOException {
        // the lean parser may refuse more (overlong forms, encoded surrogates): Json then reads with Jackson's
        int[][] cases = {{0xC3, 0x28}, {0xE2, 0x82}, {0x80}, {0xFF}, {0xF0, 0x9F, 0x98}, {0xE2, 0x28, 0xA1}, {0xF0, 0x28, 0x8C, 0x28}};
        for (int[] c : cases) {
            byte[] doc = new byte[c.length + 2];
            doc[0] = '"';
            for (int i = 0; i < c.length; i++) {
                doc[i + 1] = (byte) c[i];
            }
            doc[doc.length - 1] = '"';
            assertTrue(outcome(DEFAULT.createParser(doc)).startsWith("refused"), java.util.Arrays.toString(c));
            assertTrue(outcome(LeanJsonParser.of(doc)).startsWith("refused"), java.util.Arrays.toString(c));
        }
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertEquals(outcome(DEFAULT.createParser(bom)), outcome(LeanJsonParser.of(bom)));
    }

    @Test
    void documentsTheLeanParserRefusesReadThroughJsonAsJacksonReadsThem() throws IOException {
        // Jackson's char parser takes a hex digit from a non-ASCII char's low byte (U+6033 as '3'); the lean one refuses
        String quirk = "{\"a\":\"\\u05C\u6033\"}";
        assertEquals(Json.mapper().readTree(quirk), Json.tree(quirk));
        assertEquals("\u05c3", Json.tree(quirk).get("a").textValue());
        // an overlong UTF-8 form and an encoded surrogate: whatever Jackson makes of them, Json makes the same
        for (byte[] odd : List.of(new byte[] {'"', (byte) 0xC1, (byte) 0xBF, '"'}, new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'})) {
            String jackson = outcome(DEFAULT.createParser(odd));
            String ours;
            try {
                ours = "VALUE_STRING null " + Json.tree(odd).textValue() + "\n";
            } catch (java.io.UncheckedIOException e) {
                ours = "refused";
            }
            assertEquals(visible(jackson), visible(ours), java.util.Arrays.toString(odd));
        }
        // a broken document fails with Jackson's own error, message and location
        for (String broken : List.of("{\"a\":1,}", "[1 2]", "{\"a\":tru}", "[\"x\u0001\"]", "[".repeat(1001))) {
            Exception mapper = assertThrows(Exception.class, () -> Json.mapper().readTree(broken), broken);
            Exception ours = assertThrows(Exception.class, () -> Json.tree(broken), broken);
            Throwable cause = ours instanceof java.io.UncheckedIOException u ? u.getCause() : ours;
            assertEquals(mapper.getClass(), cause.getClass(), broken);
            assertEquals(mapper.getMessage(), cause.getMessage(), broken);
        }
    }

    @Test
    void nestingPastJacksonsLimitIsRefusedAsItsConstraint() throws IOException {
        String ok = "[".repeat(1000) + "]".repeat(1000);
        assertEquals(outcome(DEFAULT.createParser(ok)), outcome(LeanJsonParser.ofText(ok)));
        String deep = "[".repeat(1001) + "]".repeat(1001);
        assertThrows(StreamConstraintsException.class, () -> drain(DEFAULT.createParser(deep)));
        assertThrows(StreamConstraintsException.class, () -> drain(LeanJsonParser.ofText(deep)));
        String deepObjects = "{\"a\":".repeat(1001) + "1" + "}".repeat(1001);
        assertThrows(StreamConstraintsException.class, () -> drain(LeanJsonParser.ofText(deepObjects)));
        String longNumber = "[" + "9".repeat(1001) + "]";
        assertThrows(StreamConstraintsException.class, () -> drain(DEFAULT.createParser(longNumber)));
        assertThrows(StreamConstraintsException.class, () -> drain(LeanJsonParser.ofText(longNumber)));
        assertEquals(outcome(DEFAULT.createParser("[" + "9".repeat(1000) + "]")), outcome(LeanJsonParser.ofText("[" + "9".repeat(1000) + "]")));
    }

    @Test
    void skippingChildrenAndClosingLeaveTheParserWhereJacksonsIs() throws IOException {
        String json = "{\"a\":{\"b\":[1,{\"c\":2}],\"d\":\"e\"},\"f\":[[]],\"g\":3}";
        JsonParser j = DEFAULT.createParser(json);
        JsonParser l = LeanJsonParser.ofText(json);
        for (int i = 0; i < 4; i++) {
            assertEquals(j.nextToken(), l.nextToken());
            assertEquals(j.currentName(), l.currentName());
            j.skipChildren();
            l.skipChildren();
            assertEquals(j.currentToken(), l.currentToken());
            assertEquals(j.currentName(), l.currentName());
        }
        assertEquals(j.nextFieldName(), l.nextFieldName());
        assertEquals(j.nextValue(), l.nextValue());
        j.close();
        l.close();
        assertTrue(l.isClosed());
        assertNull(l.nextToken());
        assertEquals(j.nextToken(), l.nextToken());
    }

    /** Walks both parsers in step; the number of tokens compared. */
    private static int compare(String context, JsonParser jackson, JsonParser lean, Random access) throws IOException {
        int n = 0;
        try (jackson; lean) {
            while (true) {
                JsonToken t = jackson.nextToken();
                assertEquals(t, lean.nextToken(), context);
                if (t == null) {
                    return n;
                }
                n++;
                String at = context + " token " + n + " " + t;
                assertEquals(jackson.currentName(), lean.currentName(), at);
                assertEquals(jackson.currentTokenId(), lean.currentTokenId(), at);
                if (t.isNumeric()) {
                    // as callers use them: maybe the type, text or isNaN first, then one value accessor (a second only
                    // after those whose state Jackson keeps consistent), then the type. Not getBigIntegerValue on a
                    // float: Jackson's there can return an earlier token's value (a BigDecimal it kept).
                    int first = access.nextInt(4) == 0 ? 0 : access.nextInt(3) == 0 ? 8 : access.nextInt(2) == 0 ? 9 : -1;
                    int[] ops = {first, valueAccessor(access, t), -1, 0};
                    if (ops[1] == 1 || ops[1] == 2 || ops[1] == 5 || ops[1] == 6 || ops[1] == 7) {
                        ops[2] = valueAccessor(access, t);
                    }
                    for (int op : ops) {
                        if (op >= 0) {
                            assertEquals(access(jackson, op), access(lean, op), at + " accessors " + java.util.Arrays.toString(ops));
                        }
                    }
                }
                assertEquals(jackson.getText(), lean.getText(), at);
                assertEquals(jackson.getValueAsString(), lean.getValueAsString(), at);
                assertEquals(jackson.getValueAsString("dflt"), lean.getValueAsString("dflt"), at);
                assertEquals(jackson.isExpectedStartArrayToken(), lean.isExpectedStartArrayToken(), at);
                assertEquals(jackson.isExpectedStartObjectToken(), lean.isExpectedStartObjectToken(), at);
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    assertEquals(jackson.getBooleanValue(), lean.getBooleanValue(), at);
                }
            }
        }
    }

    private static int valueAccessor(Random access, JsonToken t) {
        int op = 1 + access.nextInt(7);
        return op == 3 && t == JsonToken.VALUE_NUMBER_FLOAT ? 6 : op;
    }

    /** One number accessor's result, or the kind of exception it threw. */
    private static Object access(JsonParser p, int op) {
        try {
            Object v = switch (op) {
                case 0 -> p.getNumberType();
                case 1 -> p.getIntValue();
                case 2 -> p.getLongValue();
                case 3 -> p.getBigIntegerValue();
                case 4 -> p.getFloatValue();
                case 5 -> p.getDoubleValue();
                case 6 -> p.getDecimalValue();
                case 7 -> p.getNumberValue();
                case 8 -> p.getText();
                default -> p.isNaN();
            };
            return v == null ? null : v.getClass().getSimpleName() + ":" + v;
        } catch (Exception e) {
            return "threw " + e.getClass().getName();
        }
    }

    /** Every token of a document with its name and text, or that it was refused (and as what). */
    private static String outcome(JsonParser p) {
        StringBuilder s = new StringBuilder();
        try (p) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                s.append(t).append(' ').append(p.currentName()).append(' ').append(p.getText());
                if (t.isNumeric()) {
                    s.append(' ').append(p.getNumberType());
                }
                s.append('\n');
            }
            return s.toString();
        } catch (StreamConstraintsException e) {
            return "refused: too long";
        } catch (IOException e) {
            return "refused";
        }
    }

    /** {@code s} with every character outside printable ASCII as a backslash-u escape (for messages). */
    private static String visible(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F || c == '\n' ? String.valueOf(c) : "<" + Integer.toHexString(c) + ">");
        }
        return out.toString();
    }

    private static void drain(JsonParser p) throws IOException {
        try (p) {
            while (p.nextToken() != null) {
                p.getText();
            }
        }
    }

    private static void space(Random random, StringBuilder doc) {
        if (random.nextInt(3) == 0) {
            for (int n = random.nextInt(3); n >= 0; n--) {
                doc.append(" \t\n\r".charAt(random.nextInt(4)));
            }
        }
    }

    private static void value(Random random, StringBuilder doc, int depth) {
        int kind = depth == 0 ? (random.nextInt(6) == 0 ? 2 + random.nextInt(6) : random.nextInt(2))
                : depth > 6 ? 2 + random.nextInt(6) : random.nextInt(8);
        switch (kind) {
            case 0 -> {
                doc.append('{');
                int n = random.nextInt(7);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        doc.append(',');
                    }
                    space(random, doc);
                    quoted(random, doc, randomText(random, false));
                    space(random, doc);
                    doc.append(':');
                    space(random, doc);
                    value(random, doc, depth + 1);
                    space(random, doc);
                }
                doc.append('}');
            }
            case 1 -> {
                doc.append('[');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        doc.append(',');
                    }
                    space(random, doc);
                    value(random, doc, depth + 1);
                    space(random, doc);
                }
                doc.append(']');
            }
            case 2, 3 -> quoted(random, doc, randomText(random, true));
            case 4 -> doc.append(randomInt(random));
            case 5 -> doc.append(randomFloat(random));
            case 6 -> doc.append(random.nextBoolean() ? "true" : "false");
            default -> doc.append(random.nextInt(3) == 0 ? "null" : randomInt(random));
        }
    }

    private static String randomInt(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> INTS[random.nextInt(INTS.length)];
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
            default -> (random.nextBoolean() ? "-" : "") + (1 + random.nextInt(9)) + digits(random, random.nextInt(30));
        };
    }

    private static String randomFloat(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> FLOATS[random.nextInt(FLOATS.length)];
            case 1 -> Double.toString((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
            case 2 -> Float.toString((float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20) - 10)));
            case 3 -> Double.toString(Double.longBitsToDouble(random.nextLong())).replace("Infinity", "1e999").replace("NaN", "0.5");
            default -> {
                StringBuilder s = new StringBuilder(random.nextBoolean() ? "-" : "");
                s.append(random.nextInt(4) == 0 ? "0" : (1 + random.nextInt(9)) + digits(random, random.nextInt(12)));
                boolean fraction = random.nextBoolean();
                if (fraction) {
                    s.append('.').append(digits(random, 1 + random.nextInt(25)));
                }
                if (!fraction || random.nextBoolean()) {
                    s.append(random.nextBoolean() ? 'e' : 'E');
                    int sign = random.nextInt(3);
                    s.append(sign == 0 ? "" : sign == 1 ? "+" : "-").append(digits(random, 1 + random.nextInt(3)));
                }
                yield s.toString();
            }
        };
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** Text with the characters JSON treats specially, non-ASCII ones, pairs and (when {@code lone}) unpaired surrogates. */
    static String randomText(Random random, boolean lone) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(12)) {
                case 0 -> s.append((char) random.nextInt(0x20));
                case 1 -> s.append("\"\\/".charAt(random.nextInt(3)));
                case 2 -> s.append("\u007f\u0080\u00e9\u00ff\u2028\u2029\ufeff\uffff\u4e2d\u0627".charAt(random.nextInt(10)));
                case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a surrogate pair
                case 4 -> {
                    if (lone) {
                        s.append((char) (0xD800 + random.nextInt(0x800)));
                    } else {
                        s.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
                    }
                }
                default -> s.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return s.toString();
    }

    /** {@code text} as a JSON string, each character escaped or not at random (escaped where JSON requires it). */
    private static void quoted(Random random, StringBuilder doc, String text) {
        doc.append('"');
        boolean escapeLow = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            boolean must = c < 0x20 || c == '"' || c == '\\' || (Character.isLowSurrogate(c) && escapeLow)
                    || (Character.isSurrogate(c) && !paired); // an unpaired one only as an escape
            boolean escape = must || (!Character.isLowSurrogate(c) && random.nextInt(6) == 0);
            escapeLow = Character.isHighSurrogate(c) && escape; // a pair is escaped whole or not at all
            if (escape) {
                switch (random.nextInt(3)) {
                    case 0 -> doc.append(String.format("\\u%04x", (int) c));
                    case 1 -> doc.append(String.format("\\u%04X", (int) c));
                    default -> {
                        String shortForm = switch (c) {
                            case '"' -> "\\\"";
                            case '\\' -> "\\\\";
                            case '/' -> "\\/";
                            case '\b' -> "\\b";
                            case '\f' -> "\\f";
                            case '\n' -> "\\n";
                            case '\r' -> "\\r";
                            case '\t' -> "\\t";
                            default -> String.format("\\u%04x", (int) c);
                        };
                        doc.append(shortForm);
                    }
                }
            } else {
                doc.append(c);
            }
        }
        doc.append('"');
    }

    // ---------------------------------------------------------------- writing

    interface Writes {
        void to(JsonGenerator g) throws IOException;
    }

    @Test
    void randomWriteSequencesWriteJacksonsBytesAndCharsWithJsonsAndTheDefaultSettings() throws IOException {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < DOCUMENTS; i++) {
            List<Writes> calls = new ArrayList<>();
            List<String> described = new ArrayList<>();
            int roots = random.nextInt(8) == 0 ? 2 : 1;
            for (int r = 0; r < roots; r++) {
                writes(random, calls, described, 0);
            }
            boolean unclosed = random.nextInt(10) == 0;
            if (unclosed && calls.size() > 1) {
                calls.remove(calls.size() - 1); // an open container: close() ends it, as Jackson's AUTO_CLOSE_JSON_CONTENT
                described.remove(described.size() - 1);
            }
            String context = "seed " + SEED + ", sequence " + i + ": " + described;
            for (boolean json : new boolean[] {true, false}) {
                JsonFactory f = json ? JSON : DEFAULT;
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                String expectedFailure = run(f.createGenerator(expected), calls);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                String gotFailure = run(LeanJsonGenerator.of(got, json, !json), calls);
                assertEquals(expectedFailure, gotFailure, context);
                assertArrayEquals(expected.toByteArray(), got.toByteArray(), () -> context + "\n jackson: "
                        + expected.toString(StandardCharsets.UTF_8) + "\n lean:    " + got.toString(StandardCharsets.UTF_8));
                StringWriter expectedChars = new StringWriter();
                expectedFailure = run(f.createGenerator(expectedChars), calls);
                StringWriter gotChars = new StringWriter();
                gotFailure = run(LeanJsonGenerator.of(gotChars, json, !json), calls);
                assertEquals(expectedFailure, gotFailure, context);
                assertEquals(expectedChars.toString(), gotChars.toString(), context);
            }
        }
    }

    @Test
    void largeDocumentsPastTheBuffersWriteAndReadAsJacksons() throws IOException {
        Random random = new Random(SEED + 3);
        List<Writes> calls = new ArrayList<>();
        calls.add(JsonGenerator::writeStartArray);
        for (int i = 0; i < 60; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(600); n > 0; n--) {
                s.append(randomText(random, true));
            }
            String text = s.toString();
            calls.add(g -> g.writeString(text));
            long v = random.nextLong();
            calls.add(g -> g.writeNumber(v));
        }
        calls.add(JsonGenerator::writeEndArray);
        for (boolean json : new boolean[] {true, false}) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            run((json ? JSON : DEFAULT).createGenerator(expected), calls);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            run(LeanJsonGenerator.of(got, json, !json), calls);
            assertTrue(expected.size() > 100_000, "only " + expected.size() + " bytes");
            assertArrayEquals(expected.toByteArray(), got.toByteArray());
            StringWriter expectedChars = new StringWriter();
            run((json ? JSON : DEFAULT).createGenerator(expectedChars), calls);
            StringWriter gotChars = new StringWriter();
            run(LeanJsonGenerator.of(gotChars, json, !json), calls);
            assertEquals(expectedChars.toString(), gotChars.toString());
            compare("a large document", DEFAULT.createParser(got.toByteArray()), LeanJsonParser.of(got.toByteArray()), new Random(SEED));
        }
    }

    @Test
    void misplacedWritesFailAsJacksonsDo() throws IOException {
        List<List<Writes>> cases = List.of(
                List.of(JsonGenerator::writeStartObject, g -> g.writeString("x")),
                List.of(JsonGenerator::writeStartObject, g -> g.writeFieldName("a"), g -> g.writeFieldName("b")),
                List.of(JsonGenerator::writeStartArray, g -> g.writeFieldName("a")),
                List.of(g -> g.writeFieldName("a")),
                List.of(JsonGenerator::writeStartArray, JsonGenerator::writeEndObject),
                List.of(JsonGenerator::writeStartObject, JsonGenerator::writeEndArray),
                List.of(JsonGenerator::writeEndArray),
                List.of(g -> g.writeNumber(new BigDecimal("1E+10000"))),
                List.of(g -> g.writeNumber((BigDecimal) null), g -> g.writeNumber((BigInteger) null), g -> g.writeString((String) null)),
                List.of(g -> g.writeNumber(Double.NaN), g -> g.writeNumber(Float.NEGATIVE_INFINITY), g -> g.writeNumber((short) 3)),
                List.of(JsonGenerator::writeStartObject, g -> g.writeStringField("a", "b"), g -> g.writeNumberField("n", 1),
                        g -> g.writeBooleanField("t", true), g -> g.writeObjectFieldStart("o"), g -> g.writeArrayFieldStart("l"),
                        g -> g.writeObject(List.of()), g -> g.writeObject(7L), g -> g.writeObject(new byte[] {1, 2}), g -> g.writeRaw("  ")));
        for (List<Writes> calls : cases) {
            for (boolean json : new boolean[] {true, false}) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                String expectedFailure = run((json ? JSON : DEFAULT).createGenerator(expected), calls);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                String gotFailure = run(LeanJsonGenerator.of(got, json, !json), calls);
                assertEquals(expectedFailure, gotFailure, calls.size() + " calls");
                assertEquals(expected.toString(StandardCharsets.UTF_8), got.toString(StandardCharsets.UTF_8));
            }
        }
    }

    /** Runs the calls and closes the generator; the exception kind a call threw, or null. */
    private static String run(JsonGenerator g, List<Writes> calls) {
        String failure = null;
        try {
            for (Writes w : calls) {
                w.to(g);
            }
        } catch (Exception e) {
            failure = e.getClass().getName();
        }
        try {
            g.close();
        } catch (Exception e) {
            failure = failure == null ? "close: " + e.getClass().getName() : failure;
        }
        return failure;
    }

    /** Random write calls for one value (as Json's codec and AwsJson make them). */
    private static void writes(Random random, List<Writes> calls, List<String> described, int depth) {
        int kind = depth > 5 ? 2 + random.nextInt(12) : random.nextInt(14);
        switch (kind) {
            case 0 -> {
                calls.add(JsonGenerator::writeStartObject);
                described.add("{");
                for (int n = random.nextInt(5); n > 0; n--) {
                    String name = randomText(random, true);
                    calls.add(g -> g.writeFieldName(name));
                    described.add("name " + name);
                    writes(random, calls, described, depth + 1);
                }
                calls.add(JsonGenerator::writeEndObject);
                described.add("}");
            }
            case 1 -> {
                calls.add(JsonGenerator::writeStartArray);
                described.add("[");
                for (int n = random.nextInt(5); n > 0; n--) {
                    writes(random, calls, described, depth + 1);
                }
                calls.add(JsonGenerator::writeEndArray);
                described.add("]");
            }
            case 2, 3 -> {
                String s = randomText(random, true);
                calls.add(g -> g.writeString(s));
                described.add("string " + s);
            }
            case 4 -> {
                int v = random.nextBoolean() ? random.nextInt() : random.nextInt(100) - 50;
                calls.add(g -> g.writeNumber(v));
                described.add("int " + v);
            }
            case 5 -> {
                long v = random.nextLong() >> random.nextInt(64);
                calls.add(g -> g.writeNumber(v));
                described.add("long " + v);
            }
            case 6 -> {
                BigInteger v = new BigInteger(1 + random.nextInt(200), random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
                calls.add(g -> g.writeNumber(v));
                described.add("bigint " + v);
            }
            case 7, 8 -> {
                BigDecimal v = random.nextInt(4) == 0 ? new BigDecimal(FLOATS[random.nextInt(FLOATS.length)])
                        : new BigDecimal(new BigInteger(1 + random.nextInt(100), random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)),
                        random.nextInt(60) - 30);
                calls.add(g -> g.writeNumber(v));
                described.add("decimal " + v);
            }
            case 9 -> {
                double v = switch (random.nextInt(4)) {
                    case 0 -> Double.longBitsToDouble(random.nextLong());
                    case 1 -> new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                            Double.MAX_VALUE, 1e7, 1e-3, 0.001, 1234567.0, 1e21}[random.nextInt(12)];
                    default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
                };
                calls.add(g -> g.writeNumber(v));
                described.add("double " + v);
            }
            case 10 -> {
                float v = random.nextBoolean() ? Float.intBitsToFloat(random.nextInt()) : (float) ((random.nextDouble() - 0.5) * 1e6);
                calls.add(g -> g.writeNumber(v));
                described.add("float " + v);
            }
            case 11 -> {
                boolean v = random.nextBoolean();
                calls.add(g -> g.writeBoolean(v));
                described.add("boolean " + v);
            }
            case 12 -> {
                byte[] v = new byte[random.nextInt(20)];
                random.nextBytes(v);
                calls.add(g -> g.writeBinary(v));
                described.add("binary " + v.length);
            }
            default -> {
                calls.add(JsonGenerator::writeNull);
                described.add("null");
            }
        }
    }

    @Test
    void aBase64MemberReadsBackAsJacksonReadsIt() throws IOException {
        byte[] data = {1, 2, 3, (byte) 250, 0, 77};
        String json = "{\"b\":\"" + Base64Variants.MIME_NO_LINEFEEDS.encode(data) + "\"}";
        JsonParser p = LeanJsonParser.ofText(json);
        p.nextToken();
        p.nextToken();
        p.nextToken();
        assertArrayEquals(data, p.getBinaryValue());
        JsonParser bad = LeanJsonParser.ofText("[\"@@@\"]");
        bad.nextToken();
        bad.nextToken();
        assertThrows(IOException.class, bad::getBinaryValue);
    }
}
