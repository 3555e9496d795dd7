package com.socialwire.shared.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.socialwire.shared.json.LeanJsonGenerator;
import com.socialwire.shared.json.LeanJsonParser;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.Buildable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS JSON protocols (awsJson1_0: DynamoDB, SQS; awsJson1_1: KMS) for any SDK model object, driven by the model's own metadata rather than
 * per-operation code: {@link SdkPojo#sdkFields()} names each member on the wire ({@code locationName}), says its
 * type and reads it; a builder of the model is itself an {@code SdkPojo} whose fields set its members. Members the
 * caller never set (null, or the SDK's auto-constructed empty list/map) are not written, as the SDK's marshaller
 * does; members the answer does not carry stay unset, so {@code hasItem()} and friends mean what they mean with the
 * SDK. Instants are epoch seconds, blobs base64. Jackson's streaming API only (no databind), on our lean parser and generator.
 */
final class AwsJson {

    /**
     * A parser of an AWS answer: our lean one ({@code new JsonFactory()}'s init and parser classes cost a function
     * ~30 ms at its first request); it reads what a default JsonFactory's parser reads.
     */
    static JsonParser parser(byte[] json) {
        return LeanJsonParser.of(json);
    }

    /** A generator of a request body, writing what a default JsonFactory's generator writes (decimals as toString). */
    static JsonGenerator generator(OutputStream out) {
        return LeanJsonGenerator.of(out, false, true);
    }

    /** Per model class: wire name to field. */
    private static final Map<Class<?>, Map<String, SdkField<?>>> FIELDS = new ConcurrentHashMap<>();

    private AwsJson() {
    }

    /** The request body of {@code pojo}. */
    static byte[] write(SdkPojo pojo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = generator(out)) {
            writePojo(g, pojo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads a JSON object into {@code builder} (a model builder) and builds it; unknown members are skipped. */
    @SuppressWarnings("unchecked")
    static <T> T read(byte[] json, SdkPojo builder) {
        try (JsonParser p = parser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return (T) ((Buildable) builder).build(); // an empty body: an answer with nothing in it
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object, got " + first);
            }
            return (T) readPojo(p, builder);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable AWS answer: " + e.getMessage(), e);
        }
    }

    private static void writePojo(JsonGenerator g, SdkPojo pojo) throws IOException {
        g.writeStartObject();
        for (SdkField<?> f : pojo.sdkFields()) {
            Object v = f.getValueOrDefault(pojo);
            if (unset(v)) {
                continue;
            }
            g.writeFieldName(f.locationName());
            writeValue(g, f, v);
        }
        g.writeEndObject();
    }

    private static boolean unset(Object v) {
        return v == null || v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>;
    }

    private static void writeValue(JsonGenerator g, SdkField<?> f, Object v) throws IOException {
        MarshallingKnownType type = f.marshallingType().getKnownType();
        switch (type) {
            case STRING -> g.writeString((String) v);
            case INTEGER, LONG, SHORT, BYTE -> g.writeNumber(((Number) v).longValue());
            case FLOAT, DOUBLE -> g.writeNumber(((Number) v).doubleValue());
            case BIG_DECIMAL -> g.writeNumber((BigDecimal) v);
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case INSTANT -> g.writeNumber(BigDecimal.valueOf(((Instant) v).toEpochMilli(), 3));
            case SDK_BYTES -> g.writeBinary(((SdkBytes) v).asByteArrayUnsafe());
            case SDK_POJO -> writePojo(g, (SdkPojo) v);
            case LIST -> {
                SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
                g.writeStartArray();
                for (Object e : (List<?>) v) {
                    if (e == null) {
                        g.writeNull();
                    } else {
                        writeValue(g, member, e);
                    }
                }
                g.writeEndArray();
            }
            case MAP -> {
                SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (e.getValue() != null) {
                        g.writeFieldName((String) e.getKey());
                        writeValue(g, value, e.getValue());
                    }
                }
                g.writeEndObject();
            }
            default -> throw new UnsupportedOperationException("member " + f.memberName() + " of type " + type + " is not supported");
        }
    }

    private static Object readPojo(JsonParser p, SdkPojo builder) throws IOException {
        Map<String, SdkField<?>> fields = fields(builder);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            SdkField<?> f = fields.get(p.currentName());
            JsonToken t = p.nextToken();
            if (f == null || t == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            Object v = readValue(p, f);
            if (v != null) {
                f.set(builder, v);
            }
        }
        return ((Buildable) builder).build();
    }

    private static Object readValue(JsonParser p, SdkField<?> f) throws IOException {
        return switch (f.marshallingType().getKnownType()) {
            case STRING -> p.getText();
            case INTEGER -> p.getIntValue();
            case LONG -> p.getLongValue();
            case SHORT -> p.getShortValue();
            case BYTE -> p.getByteValue();
            case FLOAT -> p.getFloatValue();
            case DOUBLE -> p.getDoubleValue();
            case BIG_DECIMAL -> p.getDecimalValue();
            case BOOLEAN -> p.getBooleanValue();
            case INSTANT -> Instant.ofEpochMilli(p.getDecimalValue().movePointRight(3).longValue());
            case SDK_BYTES -> SdkBytes.fromByteArrayUnsafe(p.getBinaryValue());
            case SDK_POJO -> readPojo(p, f.constructor().get());
            case LIST -> {
                SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(p.currentToken() == JsonToken.VALUE_NULL ? null : readValue(p, member));
                }
                yield out;
            }
            case MAP -> {
                SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> out = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    out.put(key, readValue(p, value));
                }
                yield out;
            }
            default -> {
                p.skipChildren();
                yield null;
            }
        };
    }

    private static Map<String, SdkField<?>> fields(SdkPojo pojo) {
        return FIELDS.computeIfAbsent(pojo.getClass(), c -> {
            Map<String, SdkField<?>> byName = new HashMap<>();
            for (SdkField<?> f : pojo.sdkFields()) {
                byName.put(f.unmarshallLocationName() != null ? f.unmarshallLocationName() : f.locationName(), f);
            }
            return byName;
        });
    }

    /** The top-level string members {@code names} of a JSON object (an error answer's {@code __type} and message). */
    static Map<String, String> strings(byte[] json, List<String> names) {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = parser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING && names.contains(name)) {
                    out.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON (a proxy's HTML page): the caller says what it can from the status
        }
        return out;
    }
}
