package com.socialwire.shared.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import com.socialwire.shared.IsoInstant;

import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line, Powertools' shape: {@code level}, {@code message}, the MDC's fields
 * ({@code function_request_id}, {@code cold_start}, {@code correlation_id}, ... as {@link LambdaLogging}
 * and the handlers set them), {@code service}, {@code timestamp}, {@code logger}, and {@code error} with
 * name, message and stack for a throwable. Written by hand: logging must not wait for Jackson.
 */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private static final String SERVICE = System.getenv("POWERTOOLS_SERVICE_NAME");

    private final transient Level threshold;
    private final transient MDCAdapter mdc;
    /** Where lines go; null: {@code System.out} as it is at each line (a test that captures it sees every logger). */
    private final transient PrintStream out;

    JsonLogger(String name, Level threshold, MDCAdapter mdc, PrintStream out) {
        this.name = name;
        this.threshold = threshold;
        this.mdc = mdc;
        this.out = out;
    }

    private boolean on(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        var formatted = MessageFormatter.basicArrayFormat(pattern, arguments);
        Throwable error = throwable != null ? throwable : MessageFormatter.getThrowableCandidate(arguments);
        (out != null ? out : System.out).println(line(level, formatted, mdc.getCopyOfContextMap(), error, Instant.now()));
    }

    String line(Level level, String message, Map<String, String> context, Throwable error, Instant at) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "level", level.name());
        field(json, "message", message == null ? "" : message);
        if (context != null) {
            for (var e : context.entrySet()) {
                if (e.getKey().equals("cold_start")) {
                    json.append(",\"cold_start\":").append(Boolean.parseBoolean(e.getValue()));
                } else {
                    field(json, e.getKey(), e.getValue());
                }
            }
        }
        if (SERVICE != null) {
            field(json, "service", SERVICE);
        }
        field(json, "timestamp", IsoInstant.format(at));
        field(json, "logger", name);
        if (error != null) {
            StringWriter stack = new StringWriter();
            error.printStackTrace(new PrintWriter(stack));
            json.append(",\"error\":{");
            quoted(json.append("\"name\":"), error.getClass().getName());
            quoted(json.append(",\"message\":"), String.valueOf(error.getMessage()));
            quoted(json.append(",\"stack\":"), stack.toString());
            json.append('}');
        }
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String key, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        quoted(json, key).append(':');
        quoted(json, value);
    }

    /** Appends {@code s} as a JSON string (RFC 8259 escapes; control characters as \\u00XX). */
    static StringBuilder quoted(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
