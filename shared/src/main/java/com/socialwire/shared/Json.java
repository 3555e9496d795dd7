package com.socialwire.shared;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.json.LeanJsonGenerator;
import com.socialwire.shared.json.LeanJsonParser;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one JSON mechanism: camelCase, ISO-8601 instants, nulls kept so shapes are predictable, decimals exact and
 * plain. Values (records, enums, Instants, maps, lists, strings, numbers, booleans, JsonNode trees) are read and
 * written by {@link JsonCodec} on Jackson's streaming parser and generator API (trusted JSON through our lean
 * implementations of it, bodies from the outside through Jackson's own parser), byte for byte as the ObjectMapper
 * configured below does (RecordCodecEquivalenceTest holds them to it): building that mapper and introspecting our
 * records was ~650 classes and most of a function's cold start above hello-world. The mapper is kept as the
 * reference the codec is checked against and for local tools ({@link #mapper()}); function code never builds it.
 */
public final class Json {

    /**
     * Jackson's streaming factory with the mapper's generator settings, built on its first use: trusted JSON is read
     * and written by {@link LeanJsonParser} and {@link LeanJsonGenerator} (Jackson's factory, parser and generator
     * classes cost every function ~45 ms at its first request); Jackson's parser reads again only a trusted document
     * the lean parser refused, so that what such a document gives (its value, or its exact error) stays Jackson's.
     */
    private static final class Jackson {
        static final JsonFactory STREAMS = JsonFactory.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .build();
    }

    /** Longest number token a request body may hold; a longer one is refused before it is converted. */
    public static final int MAX_NUMBER_CHARS = 64;

    /** The factory for bodies from the outside: number tokens are bounded before they become BigDecimals. */
    private static final class Untrusted {
        static final JsonFactory STREAMS = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_CHARS).build())
                .build();
    }

    /** The tree nodes' factory: decimals kept exact. */
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The reference mapper, built on its first use (a class of its own so that loading Json does not build it). */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(JsonTime.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // money and budgets stay exact decimals, in and out, and never turn into 1E+1
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(NODES)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    }

    private Json() {
    }

    /**
     * The ObjectMapper the codec is equivalent to: for tests and local tools (pretty printing, generic reads).
     * Function code never calls it; building it costs a cold start ~650 classes.
     */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static String write(Object value) {
        try {
            StringWriter out = new StringWriter();
            writeAndClose(LeanJsonGenerator.of(out, true, false), value);
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeAndClose(LeanJsonGenerator.of(out, true, false), value);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code value} as a tree, as the mapper's valueToTree (through its JSON: numbers become the nodes a parse makes). */
    public static JsonNode toTree(Object value) {
        return value instanceof JsonNode node ? node : tree(bytes(value));
    }

    /** Parses trusted JSON (our own stored documents, events from AWS); a failure is a bug, not bad input. */
    public static JsonNode tree(String json) {
        LeanJsonParser lean = LeanJsonParser.ofText(json);
        if (lean != null) {
            try (JsonParser p = lean) {
                return JsonCodec.readTree(p, NODES);
            } catch (IOException | NumberFormatException refused) {
                // read again by Jackson's parser below: its value, or its error
            }
        }
        try (JsonParser p = Jackson.STREAMS.createParser(json)) {
            return JsonCodec.readTree(p, NODES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(byte[] json) {
        try {
            return treeOf(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a whole trusted document from {@code in} (an event Lambda hands a handler), and closes it. */
    public static JsonNode tree(InputStream in) throws IOException {
        byte[] json;
        try (in) {
            json = in.readAllBytes();
        }
        return treeOf(json);
    }

    private static JsonNode treeOf(byte[] json) throws IOException {
        try (JsonParser p = LeanJsonParser.of(json)) {
            return JsonCodec.readTree(p, NODES);
        } catch (IOException | NumberFormatException refused) {
            // read again by Jackson's parser below: its value, or its error
        }
        try (JsonParser p = Jackson.STREAMS.createParser(json)) {
            return JsonCodec.readTree(p, NODES);
        }
    }

    /**
     * Parses a body from the outside as the mapper's readTree did, number tokens bounded to {@link #MAX_NUMBER_CHARS}:
     * a too-long number is a StreamConstraintsException, malformed JSON or anything after the value a
     * JsonProcessingException with its location, an exponent past the int range Jackson's NumberFormatException.
     */
    public static JsonNode untrustedTree(byte[] json) throws IOException {
        try (JsonParser p = Untrusted.STREAMS.createParser(json)) {
            return JsonCodec.readTree(p, NODES);
        }
    }

    /** Reads trusted JSON (a stored document, a queued job) as {@code type}. */
    public static <T> T read(String json, Class<T> type) {
        LeanJsonParser lean = LeanJsonParser.ofText(json);
        if (lean != null) {
            try (JsonParser p = lean) {
                return JsonCodec.read(p, type);
            } catch (IOException | NumberFormatException refused) {
                // read again by Jackson's parser below: its value, or its error
            }
        }
        try (JsonParser p = Jackson.STREAMS.createParser(json)) {
            return JsonCodec.read(p, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A streaming parser of trusted UTF-8 JSON (an event from AWS), for reading an envelope without the mapper: the
     * whole of {@code in} is read now, and {@code in} is closed with the parser.
     */
    public static JsonParser parser(InputStream in) throws IOException {
        return LeanJsonParser.of(in.readAllBytes(), in);
    }

    /** A streaming generator with the mapper's settings, for writing an envelope without the mapper; closing it leaves {@code out} open. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return LeanJsonGenerator.of(out, true, false);
    }

    private static void writeAndClose(JsonGenerator g, Object value) throws IOException {
        try (g) {
            JsonCodec.write(g, value);
        }
    }
}
