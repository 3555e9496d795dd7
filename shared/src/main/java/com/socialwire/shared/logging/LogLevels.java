package com.socialwire.shared.logging;

import org.slf4j.event.Level;

import java.util.Locale;

/**
 * Which levels are written: our own loggers ({@code com.socialwire.*}) at {@code LOG_LEVEL}, else
 * {@code POWERTOOLS_LOG_LEVEL}, else INFO; every library at WARN (as the log4j2.xml this replaces).
 */
record LogLevels(Level own, Level libraries) {

    static LogLevels fromEnvironment() {
        String own = System.getenv("LOG_LEVEL");
        if (own == null || own.isBlank()) {
            own = System.getenv("POWERTOOLS_LOG_LEVEL");
        }
        return new LogLevels(parse(own, Level.INFO), Level.WARN);
    }

    Level of(String loggerName) {
        return loggerName.startsWith("com.socialwire") ? own : libraries;
    }

    static Level parse(String name, Level fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "WARNING" -> Level.WARN;
            case "FATAL", "CRITICAL" -> Level.ERROR;
            default -> {
                try {
                    yield Level.valueOf(n);
                } catch (IllegalArgumentException e) {
                    yield fallback;
                }
            }
        };
    }
}
