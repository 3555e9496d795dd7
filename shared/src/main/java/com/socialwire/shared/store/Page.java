package com.socialwire.shared.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** One page of a list: its items and the opaque cursor of the next page, or null at the end. */
public record Page<T>(List<T> items, String nextCursor) {

    public <R> Page<R> map(Function<T, R> f) {
        List<R> mapped = new ArrayList<>(items.size());
        for (T item : items) {
            mapped.add(f.apply(item));
        }
        return new Page<>(Collections.unmodifiableList(mapped), nextCursor);
    }
}
