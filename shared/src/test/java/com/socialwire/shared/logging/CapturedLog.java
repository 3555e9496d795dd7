package com.socialwire.shared.logging;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The functions' real JSON logger, at every level, writing into memory: a test hands it to the code it checks and
 * reads the lines back, to prove that no secret reaches a log line.
 */
public final class CapturedLog {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Logger logger = new JsonLogger("captured", Level.TRACE, new BasicMDCAdapter(),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    public Logger logger() {
        return logger;
    }

    /** The JSON lines written so far. */
    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
