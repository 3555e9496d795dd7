package com.socialwire.shared.jobs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqsBatchTest {

    @Test
    void reportsOnlyTheMessagesThatFailedAndHandlesEveryOther() {
        List<String> handled = new ArrayList<>();
        SqsBatch batch = new SqsBatch(m -> {
            if (m.body().contains("boom")) {
                throw new IllegalStateException("transient");
            }
            handled.add(m.messageId());
        });
        SQSBatchResponse r = batch.process(Json.tree("""
                {"Records":[
                  {"messageId":"m1","body":"{\\"ok\\":1}","attributes":{"ApproximateReceiveCount":"1"}},
                  {"messageId":"m2","body":"boom","attributes":{"ApproximateReceiveCount":"3"}},
                  {"messageId":"m3","body":"{}","attributes":{"ApproximateReceiveCount":"1"}}]}
                """));
        assertEquals(List.of("m1", "m3"), handled);
        assertEquals(List.of("m2"), r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", Json.write(r));
    }
}
