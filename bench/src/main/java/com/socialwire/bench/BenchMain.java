package com.socialwire.bench;

/** How every benchmark's main ends: exit 0 after its report, 1 with the stack trace (embedded stores leave non-daemon threads). */
public final class BenchMain {

    /** A benchmark body. */
    @FunctionalInterface
    public interface Body {
        void run(String[] args) throws Exception;
    }

    private BenchMain() {
    }

    public static void run(String[] args, Body body) {
        try {
            body.run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
