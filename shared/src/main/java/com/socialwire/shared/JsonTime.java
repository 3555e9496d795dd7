package com.socialwire.shared;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The JSON form of the one java.time type our records and maps carry, {@link Instant}: an ISO-8601
 * string out ({@code 2026-12-04T15:20:13.123Z}), and in whatever jackson-datatype-jsr310 accepted
 * (that string with a {@code +00:00}-style or other offset, epoch seconds as a number or a string of
 * digits, with an optional fraction; blank is null). It replaces jsr310's JavaTimeModule, which built
 * ~60 (de)serialisers and their formatters at every cold start for types we never write. Any other
 * java.time type still fails loudly in Jackson ("not supported by default") rather than turning into
 * a bean.
 */
final class JsonTime {

    private JsonTime() {
    }

    static SimpleModule module() {
        return new SimpleModule("socialwire-time", Version.unknownVersion())
                .addSerializer(Instant.class, new InstantSerializer())
                .addDeserializer(Instant.class, new InstantDeserializer())
                .addKeyDeserializer(Instant.class, new InstantKeyDeserializer());
    }

    /**
     * Reads an Instant from a JSON string as jsr310 did: blank is null; digits with an optional leading
     * {@code -} and at most one dot are epoch seconds (its length bounded as a number token is); else
     * ISO-8601, with a zero offset ({@code +00}, {@code +0000}, {@code +00:00}) read as {@code Z}.
     */
    static Instant fromString(String raw, JsonParser p) throws IOException {
        String text = raw.trim();
        if (text.isEmpty()) {
            return null;
        }
        int dots = periods(text);
        try {
            if (dots == 0) {
                p.streamReadConstraints().validateIntegerLength(text.length());
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            if (dots == 1) {
                p.streamReadConstraints().validateFPLength(text.length());
                return fromSeconds(new BigDecimal(text));
            }
        } catch (NumberFormatException e) {
            // not a number after all: the ISO parse below refuses it
        }
        return IsoInstant.parse(zeroOffsetAsZ(text));
    }

    /**
     * Epoch seconds with a fraction, split as jsr310's DecimalUtils did: a value under a nanosecond or
     * with a huge exponent is the epoch; otherwise the whole seconds and the nanoseconds beside them.
     */
    static Instant fromSeconds(BigDecimal seconds) {
        BigDecimal nanoseconds = seconds.scaleByPowerOfTen(9);
        if (nanoseconds.precision() - nanoseconds.scale() <= 0 || seconds.scale() < -63) {
            return Instant.ofEpochSecond(0, 0);
        }
        long whole = seconds.longValue();
        int nanos = nanoseconds.subtract(BigDecimal.valueOf(whole).scaleByPowerOfTen(9)).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** The dots in {@code s} when it is digits and dots after an optional {@code -}; -1 when it is anything else. */
    private static int periods(String s) {
        int dots = 0;
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return -1;
            }
        }
        return dots;
    }

    /** jsr310 read a zero offset after the last {@code +} ({@code 00}, {@code 0000}, {@code 00:00}) as {@code Z}. */
    private static String zeroOffsetAsZ(String s) {
        int plus = s.lastIndexOf('+');
        if (plus < 0) {
            return s;
        }
        String offset = s.substring(plus + 1);
        return offset.equals("00") || offset.equals("0000") || offset.equals("00:00") ? s.substring(0, plus) + 'Z' : s;
    }

    /**
     * The Instant at the parser's current token as jsr310 read it: a whole number is epoch seconds, a decimal epoch
     * seconds with a fraction, a string as {@link #fromString}; null for any other token (and a blank string), which
     * the caller refuses. A string that is no instant throws DateTimeException.
     */
    static Instant read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochSecond(p.getLongValue());
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return fromSeconds(p.getDecimalValue());
        }
        if (t == JsonToken.VALUE_STRING) {
            return fromString(p.getText(), p);
        }
        if (t == JsonToken.VALUE_EMBEDDED_OBJECT && p.getEmbeddedObject() instanceof Instant instant) {
            return instant;
        }
        return null;
    }

    private static final class InstantSerializer extends StdScalarSerializer<Instant> {
        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(IsoInstant.format(value)); // ISO_INSTANT, as jsr310 wrote it with WRITE_DATES_AS_TIMESTAMPS off
        }
    }

    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                Instant read = read(p);
                return read != null || p.currentToken() == JsonToken.VALUE_STRING ? read : (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            } catch (DateTimeException e) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw e;
                }
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(),
                        "Failed to deserialize java.time.Instant: (%s) %s", e.getClass().getName(), e.getMessage());
            }
        }
    }

    private static final class InstantKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (key.isEmpty()) {
                return null;
            }
            try {
                return IsoInstant.parse(key);
            } catch (DateTimeException e) {
                return ctxt.handleWeirdKey(Instant.class, key, "Failed to deserialize java.time.Instant: %s", e.getMessage());
            }
        }
    }
}
