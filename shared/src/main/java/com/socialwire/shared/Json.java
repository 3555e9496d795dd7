package com.socialwire.shared;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper: camelCase, ISO-8601 instants, nulls kept so shapes are predictable. Plain values
 * (maps, lists, strings, booleans, whole numbers, decimals) are written by Jackson's streaming generator,
 * as the mapper writes them, so a request that answers only those (a health check, an error envelope)
 * never builds the mapper: that is a third of a small function's cold start.
 */
public final class Json {

    /**
     * The streaming factory: the mapper's generator settings, without the mapper. A generator leaves the
     * stream it writes to open (HttpApi writes Lambda's output stream, which it did not open).
     */
    private static final JsonFactory STREAMS = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /** The tree nodes' factory: decimals kept exact. */
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The mapper, built on its first use (a class of its own so that loading Json does not build it). */
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

    /** The mapper for request bodies, built on their first use: a request without a body never copies the mapper. */
    private static final class Untrusted {
        /** The same mapper for bodies from the outside: number tokens are bounded before they become BigDecimals. */
        static final ObjectMapper MAPPER = Mapper.MAPPER.copyWith(JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxNumberLength(MAX_NUMBER_CHARS).build())
                .build());
    }

    /** Longest number token a request body may hold; a longer one is refused before it is converted. */
    public static final int MAX_NUMBER_CHARS = 64;

    private Json() {
    }

    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    /** The mapper for request bodies: {@link #mapper()} with bounded number tokens. */
    public static ObjectMapper untrusted() {
        return Untrusted.MAPPER;
    }

    public static ObjectNode object() {
        return NODES.objectNode(); // as the mapper's createObjectNode(), without building the mapper
    }

    public static String write(Object value) {
        try {
            if (!isPlain(value, 0)) {
                return Mapper.MAPPER.writeValueAsString(value);
            }
            StringWriter out = new StringWriter();
            writePlainAndClose(STREAMS.createGenerator(out), value);
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            if (!isPlain(value, 0)) {
                return Mapper.MAPPER.writeValueAsBytes(value);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writePlainAndClose(STREAMS.createGenerator(out), value);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses trusted JSON (our own stored documents, events from AWS); a failure is a bug, not bad input. */
    public static JsonNode tree(String json) {
        try {
            return Mapper.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(byte[] json) {
        try {
            return Mapper.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return Mapper.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T convert(Object value, Class<T> type) {
        return Mapper.MAPPER.convertValue(value, type);
    }

    /** A streaming parser of trusted JSON (an event from AWS), for reading an envelope without the mapper. */
    public static JsonParser parser(InputStream in) throws IOException {
        return STREAMS.createParser(in);
    }

    /** A streaming generator with the mapper's settings, for writing an envelope without the mapper; closing it leaves {@code out} open. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return STREAMS.createGenerator(out);
    }

    /** How deep a plain value may nest before it is left to the mapper (which bounds nesting itself). */
    private static final int PLAIN_DEPTH = 50;

    /**
     * Whether the mapper would write {@code value} exactly as {@link #writePlain} does: null, a String,
     * Boolean, Integer, Long or BigDecimal, a Map with String keys or a List of such values. Anything else
     * (records, enums, Instants, JsonNodes, other numbers) is the mapper's.
     */
    private static boolean isPlain(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigDecimal) {
            return true;
        }
        if (depth >= PLAIN_DEPTH) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || !isPlain(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object v : list) {
                if (!isPlain(v, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static void writePlainAndClose(JsonGenerator g, Object value) throws IOException {
        try (g) {
            writePlain(g, value);
        }
    }

    private static void writePlain(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case BigDecimal d -> g.writeNumber(d);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    writePlain(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object v : list) {
                    writePlain(g, v);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a plain value: " + value.getClass().getName());
        }
    }
}
