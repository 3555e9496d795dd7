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
public final class JsonLogProvider implements SLF4JServiceProvider {

    private MDCAdapter mdc;
    private IMarkerFactory markers;
    private ILoggerFactory loggers;

    @Override
    public void initialize() {
        mdc = new BasicMDCAdapter();
        markers = new BasicMarkerFactory();
        LogLevels levels = LogLevels.fromEnvironment();
        ConcurrentMap<String, JsonLogger> byName = new ConcurrentHashMap<>();
        loggers = name -> byName.computeIfAbsent(name, n -> new JsonLogger(n, levels.of(n), mdc, null));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
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
