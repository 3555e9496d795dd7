package com.socialwire.shared.jobs;

import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class SqsBatchPrimingTest {

    @Test
    void primingRunsAnEmptyBatchThroughTheEntryAndHandlesNoMessage() throws Exception {
        SqsBatch batch = new SqsBatch(Duration.ZERO, m -> fail("priming handed a message to the worker: " + m));
        assertEquals(0, Json.tree(batch.prime()).path("batchItemFailures").size());
    }
}
