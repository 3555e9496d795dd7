package com.socialwire.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.jobs.RunningJobs;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The owner's metrics say how each job queue is doing — pending, processing, completed, failed, stale — and how deep each
 * DLQ is (the media processor's too), from the queues (ElasticMQ) and the running-job index (DynamoDB Local), no Scan.
 */
class QueueHealthIT {

    static final LocalEnvironment env = LocalEnvironment.shared();

    @Test
    void metricsShowQueueHealthAndEveryDlqsDepth() {
        FunctionClient system = new FunctionClient(env, "SystemFunction");
        // what a failing worker's redrive puts there: sent here as the stores' own (unrestricted) identity
        LeanSqs sqs = LeanSqs.of(new AwsClients(env.functionConfig("SystemFunction").with("LOCAL_ACCESS_KEY_ID", LocalStores.ACCESS_KEY)
                .with("LOCAL_SECRET_ACCESS_KEY", LocalStores.SECRET_KEY)));
        sqs.send(env.resources().queueUrl("CommentsDLQ"), "{\"failed\":\"for good\"}", null);
        sqs.send(env.resources().queueUrl("MediaProcessorFailureDLQ"), "{\"failed\":\"for good\"}", null);
        sqs.send(env.resources().queueUrl("ContentQueue"), "{\"tenantId\":\"tnt_x\",\"jobId\":\"job_pending\"}", null);
        // two content jobs running as the posts context stores them: one within its deadline, one past it (the sweep's)
        Config config = env.functionConfig("ContentWorkerFunction");
        Table table = new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME"));
        Instant now = Instant.now();
        running(table, "job_QueueHealthRunning0001", now.plus(Duration.ofMinutes(30)));
        running(table, "job_QueueHealthStale000001", now.minus(Duration.ofHours(3)));

        FunctionClient.Response r = system.call("GET", "/v1/ops/metrics", env.ownerKey(), null);

        assertEquals(200, r.status(), r.body());
        JsonNode m = r.json();
        assertEquals(1, m.path("dlqDepths").path("comments").asLong(), m.toString());
        assertEquals(1, m.path("dlqDepths").path("media_failures").asLong(), m.toString());
        for (String dlq : new String[] {"comments", "dms", "content", "reports", "media_failures"}) {
            assertTrue(m.path("dlqDepths").has(dlq), dlq + " in " + m.path("dlqDepths"));
        }
        JsonNode content = m.path("jobs").path("content");
        assertEquals(1, content.path("pending").asLong(), content.toString());
        assertEquals(1, content.path("processing").asLong(), content.toString());
        assertEquals(1, content.path("stale").asLong(), content.toString());
        assertEquals(0, content.path("failed").asLong(), content.toString());
        assertTrue(content.has("completed") && content.path("completed").isNull(), "no platform-wide count is kept: null, never 0");
        JsonNode reports = m.path("jobs").path("reports");
        for (String k : new String[] {"pending", "processing", "completed", "failed", "stale"}) {
            assertTrue(reports.has(k), k + " in " + reports);
        }
    }

    static void running(Table table, String jobId, Instant deadline) {
        table.put(new Write.Put(Item.create().s(Table.PK, "TENANT#tnt_QueueHealth00000000001").s(Table.SK, "CONTENTJOB#" + jobId)
                .s("type", "content_job").s("id", jobId).s("status", "in_progress")
                .s(Table.GSI2PK, RunningJobs.bucket(RunningJobs.CONTENT, deadline))
                .s(Table.GSI2SK, RunningJobs.sortKey(deadline, "tnt_QueueHealth00000000001", jobId)).build()));
    }
}
