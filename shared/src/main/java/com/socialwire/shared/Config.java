package com.socialwire.shared;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one configuration source: environment variables, as set by template.yaml on AWS.
 *
 * <p>The local runtime runs many functions in one JVM, each with its own environment from
 * template.yaml. It hands each function its environment through {@link #withOverlay} while the
 * function's no-arg constructor runs; handlers read config only at construction, so the overlay
 * never leaks into a request.
 */
public final class Config {

    private static final ThreadLocal<Map<String, String>> OVERLAY = new ThreadLocal<>();

    private final Map<String, String> values;

    private Config(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The configuration of this process: the environment, plus the local runtime's overlay if one is active. */
    public static Config fromEnvironment() {
        Map<String, String> merged = new HashMap<>(System.getenv());
        Map<String, String> overlay = OVERLAY.get();
        if (overlay != null) {
            merged.putAll(overlay);
        }
        return new Config(merged);
    }

    public static Config of(Map<String, String> values) {
        return new Config(values);
    }

    /** Runs {@code action} with {@code env} laid over the process environment for this thread. */
    public static <T> T withOverlay(Map<String, String> env, java.util.function.Supplier<T> action) {
        Map<String, String> previous = OVERLAY.get();
        OVERLAY.set(env);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                OVERLAY.remove();
            } else {
                OVERLAY.set(previous);
            }
        }
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(get(name, null));
    }

    public String require(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new IllegalStateException("missing configuration " + name);
        }
        return v;
    }

    public String get(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public long getLong(String name, long fallback) {
        String v = get(name, null);
        return v == null ? fallback : Long.parseLong(v);
    }

    public boolean getBoolean(String name, boolean fallback) {
        String v = get(name, null);
        return v == null ? fallback : Boolean.parseBoolean(v);
    }

    public Config with(String name, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        return new Config(copy);
    }
}
