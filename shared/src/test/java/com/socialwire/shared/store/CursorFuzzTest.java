package com.socialwire.shared.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.socialwire.shared.http.ApiException;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the {@code ?cursor=} of every list: whatever the caller sends, {@link Table#query} either refuses it with a
 * 4xx {@link ApiException} or hands DynamoDB a start key for that list; never another exception, never a hang. The
 * table's client is not needed to tell: reaching it ends the case ({@link Reached}). {@code mvn verify} replays the
 * kept inputs in {@code CursorFuzzTestInputs/}; see the README for a real fuzzing session.
 */
class CursorFuzzTest {

    /** Thrown instead of a DynamoDB query: the cursor was accepted. */
    private static final class Reached extends RuntimeException {
        Reached() {
            super(null, null, false, false);
        }
    }

    private static final Table TABLE = new Table(() -> {
        throw new Reached();
    }, "socialwire-fuzz");

    @FuzzTest
    void anyCursorIsRefusedWithA4xxOrOpensThatList(byte[] input) {
        String cursor = new String(input, StandardCharsets.UTF_8);
        try {
            TABLE.query(null, Table.PK, "TENANT#t_fuzz", 20, cursor, true);
        } catch (Reached accepted) {
            // a cursor of this list: DynamoDB would get its start key
        } catch (ApiException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status() + ": " + e.getMessage());
        }
    }
}
