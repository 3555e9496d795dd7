package com.socialwire.shared;

import java.util.function.Supplier;

/** A value built once, on first use, thread-safely: for clients a cold start may not need. */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    public static <T> Lazy<T> of(Supplier<T> factory) {
        return factory instanceof Lazy<T> lazy ? lazy : new Lazy<>(factory);
    }

    /** Whether the value has been built (a test that a cold start did not build it). */
    public boolean isBuilt() {
        return value != null;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = factory.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
