package com.socialwire.shared.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The functions' SLF4J backend (found through META-INF/services): one JSON line per event on stdout, the
 * MDC's fields beside level and message ({@link JsonLogger}). It replaces log4j2 + Powertools' log4j
 * layout, which loaded about 800 classes and took 300-800 ms of every cold start (scripts/coldstart
 * --breakdown), for the same fields.
 */
public final class JsonLogProvider implements SLF4JServiceProvider, ILoggerFactory {

    private MDCAdapter mdc;
    private IMarkerFactory markers;
    private LogLevels levels;
    private final ConcurrentMap<String, JsonLogger> byName = new ConcurrentHashMap<>();

    @Override
    public void initialize() {
        mdc = new BasicMDCAdapter();
        markers = new BasicMarkerFactory();
        levels = LogLevels.fromEnvironment();
    }

    /** The provider is its own logger factory (no lambda for it: each would spin a class at every cold start). */
    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    /** One logger per name. */
    @Override
    public org.slf4j.Logger getLogger(String name) {
        JsonLogger logger = byName.get(name);
        if (logger == null) {
            JsonLogger made = new JsonLogger(name, levels.of(name), mdc, null);
            logger = byName.putIfAbsent(name, made);
            if (logger == null) {
                logger = made;
            }
        }
        return logger;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
