package com.socialwire.shared;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Json's trees and reads without the ObjectMapper against the mapper they replace: request bodies (the untrusted
 * path, whose exceptions ApiRequest turns into the SPEC §4 400/422 envelopes), stored documents and events parse
 * to equal trees or fail with the same kind of exception at the same place; what the codec cannot do fails loudly.
 */
class JsonTreeCodecTest {

    private static final long SEED = Long.getLong("seed", 20261204L);

    /** The mapper request bodies went through: Json's mapper with number tokens bounded. */
    private static final ObjectMapper UNTRUSTED = Json.mapper().copyWith(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Json.MAX_NUMBER_CHARS).build()).build());

    @Test
    void bodiesParseToTheMappersTreeOrFailTheSameWayAtTheSamePlace() {
        List<String> inputs = new ArrayList<>(List.of("", " ", "\n", "null", "true", "1", "-0", "1.0", "1e3", "1E+2", "0.1e-2",
                "\"s\"", "{}", "[]", "{} ", "{} {}", "{}x", "{} 1", "{}\n[", "{\"a\":1}{\"b\":2}", "{\"a\":1,}", "{\"a\"}",
                "{\"a\":1,\"a\":2,\"b\":3}", "{\"a\":{\"x\":1},\"b\":2,\"a\":[1]}", "[1,2,]", "[1 2]", "{'a':1}", "{a:1}",
                "{\"a\":NaN}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"\\x\"}",
                "{\"a\":\"\u0001\"}", "{\"a\":\"\\u00e9\\ud83d\\ude00\"}", "{\"a\":9223372036854775807,\"b\":9223372036854775808}",
                "{\"a\":2147483647,\"b\":2147483648,\"c\":-2147483649}", "{\"a\":1.10,\"b\":100.000,\"c\":0.000}",
                "{\"a\":1e-11234567890}", "{\"a\":1E+99999999999}", "{\"a\":" + "9".repeat(64) + "}",
                "{\"a\":" + "9".repeat(65) + "}", "{\"a\":0." + "1".repeat(70) + "}", "{\"a\":1e" + "1".repeat(70) + "}",
                "[".repeat(999) + "]".repeat(999), "[".repeat(1001) + "]".repeat(1001), "{\"a\":[" + "{\"b\":".repeat(20) + "1"
                        + "}".repeat(20) + "]}", "/* c */{}", "{\"a\":true,\"b\":false,\"c\":null}", "\uFEFF{}", "{\"a\":1}\u0000"));
        Random random = new Random(SEED);
        String alphabet = "{}[]:,\"\\ 0123456789.eE+-abtrufnl\n";
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            if (random.nextBoolean()) {
                s.append(inputs.get(random.nextInt(inputs.size())));
                s.insert(random.nextInt(s.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
            } else {
                for (int n = random.nextInt(20); n > 0; n--) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            inputs.add(s.toString());
        }
        for (String input : inputs) {
            byte[] body = input.getBytes(StandardCharsets.UTF_8);
            assertSameOutcome(input, () -> UNTRUSTED.readTree(body), () -> Json.untrustedTree(body));
            assertSameOutcome(input, () -> Json.mapper().readTree(body), () -> Json.tree(body));
            assertSameOutcome(input, () -> Json.mapper().readTree(input), () -> Json.tree(input));
        }
    }

    interface Parse {
        JsonNode get() throws IOException;
    }

    private static void assertSameOutcome(String input, Parse mapper, Parse codec) {
        JsonNode expected;
        try {
            expected = mapper.get();
        } catch (Exception e) {
            Throwable refused = null;
            try {
                JsonNode got = codec.get();
                fail(input + ": the mapper refused it (" + e + ") but the codec read " + got);
            } catch (Exception c) {
                refused = c instanceof UncheckedIOException u ? u.getCause() : c;
            }
            Throwable mapperCause = e instanceof UncheckedIOException u ? u.getCause() : e;
            // ApiRequest's catches: too-long number (422), malformed (400 with line/column), other IO, NumberFormatException (422)
            assertEquals(kind(mapperCause), kind(refused), input + ": " + mapperCause + " / " + refused);
            if (mapperCause instanceof JsonProcessingException m && !(mapperCause instanceof StreamConstraintsException)) {
                JsonLocation l = m.getLocation();
                JsonLocation r = ((JsonProcessingException) refused).getLocation();
                assertEquals(l == null ? null : l.getLineNr() + ":" + l.getColumnNr(), r == null ? null : r.getLineNr() + ":" + r.getColumnNr(),
                        input + ": " + mapperCause.getMessage() + " / " + refused.getMessage());
            }
            return;
        }
        try {
            JsonNode got = codec.get();
            assertEquals(expected, got, input);
            assertEquals(expected == null ? null : expected.getNodeType(), got == null ? null : got.getNodeType(), input);
            assertEquals(Json.mapper().writeValueAsString(expected), Json.write(got), input);
        } catch (IOException | RuntimeException e) {
            fail(input + ": the mapper read " + expected + " but the codec refused it: " + e);
        }
    }

    private static String kind(Throwable e) {
        if (e instanceof StreamConstraintsException) {
            return "too long";
        }
        if (e instanceof JsonProcessingException) {
            return "malformed";
        }
        if (e instanceof IOException) {
            return "io";
        }
        return e.getClass().getName();
    }

    @Test
    void decimalsStayExactAndPlainThroughTreesAndRecords() {
        JsonNode tree = Json.tree("{\"price\":1.10,\"big\":1E+3,\"tiny\":0.0000001}");
        assertEquals("{\"price\":1.10,\"big\":1000,\"tiny\":0.0000001}", Json.write(tree));
        assertEquals(new BigDecimal("1.10"), tree.get("price").decimalValue());
        assertEquals(new Money(new BigDecimal("1.10"), 3L), Json.read("{\"amount\":1.10,\"cents\":3}", Money.class));
        assertEquals("{\"amount\":1000,\"cents\":0}", Json.write(new Money(new BigDecimal("1E+3"), 0L)));
    }

    record Money(BigDecimal amount, long cents) {
    }

    record Holder(Optional<String> maybe) {
    }

    record Bytes(byte[] raw) {
    }

    record Keys(Map<Instant, String> byTime) {
    }

    enum Plain { ONE }

    /** Not a record, enum, Instant, collection, map, number, string or tree: the mapper wrote it as a bean. */
    static final class Bean {
        public String getName() {
            return "x";
        }
    }

    @Test
    void whatTheCodecCannotDoFailsLoudlyInsteadOfGuessing() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Bean()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Holder(Optional.of("x"))));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Bytes(new byte[] {1})));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(Instant.EPOCH, "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.read("{}", Holder.class));
        assertThrows(IllegalArgumentException.class, () -> Json.read("{}", Bytes.class));
        assertThrows(IllegalArgumentException.class, () -> Json.read("{}", Keys.class));
        assertThrows(IllegalArgumentException.class, () -> Json.read("{}", Bean.class));
    }

    /** MediaProcessorHandler answers a tree whose items are records added with addPOJO: the codec refused the POJONode. */
    @Test
    void aTreeHoldingRecordsAsPojosWritesThemAsTheMapperDid() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode result = Json.object();
        result.putArray("results").addPOJO(new Money(new BigDecimal("2.50"), 7L)).addPOJO(null).addPOJO(List.of("x", 1));
        result.putPOJO("at", Instant.parse("2026-12-04T18:40:00Z"));
        assertEquals(Json.mapper().writeValueAsString(result), Json.write(result));
        assertEquals("{\"results\":[{\"amount\":2.50,\"cents\":7},null,[\"x\",1]],\"at\":\"2026-12-04T18:40:00Z\"}", Json.write(result));
    }

    @Test
    void badDocumentsAreErrorsAsTheMappersWere() {
        for (String json : List.of("", "{} {}", "{\"amount\":\"x\"}", "{\"cents\":1.5e400x}", "[1]", "\"s\"",
                "{\"cents\":9223372036854775808}")) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Json.read(json, Money.class), json);
            assertInstanceOf(JsonProcessingException.class, e.getCause(), json);
            assertThrows(Exception.class, () -> Json.mapper().readValue(json, Money.class), json);
        }
        assertEquals(null, Json.read("null", Money.class));
        assertThrows(UncheckedIOException.class, () -> Json.read("\"TWO\"", Plain.class));
        assertEquals(Plain.ONE, Json.read("\"ONE\"", Plain.class));
        assertTrue(Json.tree("").isMissingNode());
    }
}
