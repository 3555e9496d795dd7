package com.socialwire.shared.social;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything written to stdout (where the JSON log lines go) from the first {@link #install} on, so a test can check
 * that no secret reached a log line. Install it before the first connector class is loaded: a logger keeps the
 * stdout it was made with.
 */
public final class LogCapture {

    private static final ByteArrayOutputStream BYTES = new ByteArrayOutputStream();
    private static boolean installed;

    private LogCapture() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        PrintStream original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (BYTES) {
                    BYTES.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (BYTES) {
                    BYTES.write(b, off, len);
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        installed = true;
    }

    /** All captured output so far. */
    public static String text() {
        synchronized (BYTES) {
            return BYTES.toString(StandardCharsets.UTF_8);
        }
    }
}
