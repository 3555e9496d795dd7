package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates in the local stores what template.yaml declares — the DynamoDB table(s) with their keys,
 * GSIs and TTL, the SQS queues with their DLQs and redrive policies, the S3 bucket(s) — through
 * the same AWS SDK calls a deployment tool would make.
 */
public final class Provisioner {

    private final Template template;
    private final LocalStores stores;

    public Provisioner(Template template, LocalStores stores) {
        this.template = template;
        this.stores = stores;
    }

    public LocalResources provision(Map<String, String> parameterValues) {
        LocalResources res = new LocalResources();
        res.conditions(Template.map(template.raw().getOrDefault("Conditions", Map.of())));
        Map<String, Object> defaults = template.parameterDefaults();
        defaults.forEach((k, v) -> res.parameter(k, parameterValues.getOrDefault(k, v == null ? "" : v.toString())));
        parameterValues.forEach(res::parameter);
        try (DynamoDbClient db = configure(DynamoDbClient.builder(), stores.dynamoEndpoint()).build();
             SqsClient sqs = configure(SqsClient.builder(), stores.sqsEndpoint()).build();
             S3Client s3 = configure(S3Client.builder(), stores.s3Endpoint()).forcePathStyle(true).build()) {
            template.resourcesOfType("AWS::DynamoDB::Table").forEach((id, r) -> createTable(db, id, res));
            createQueues(sqs, res);
            template.resourcesOfType("AWS::S3::Bucket").forEach((id, r) -> {
                String name = bucketName(id);
                try {
                    s3.createBucket(b -> b.bucket(name));
                } catch (BucketAlreadyOwnedByYouException exists) {
                    // kept on disk from an earlier run
                }
                res.bucket(id, name);
            });
        }
        // KMS keys are served by the local KMS under a fixed id per logical id, so data kept on disk stays readable
        template.resourcesOfType("AWS::KMS::Key").forEach((id, r) -> res.kmsKey(id, kmsKeyId(id)));
        // Resources with no local store behind them resolve to nothing; config then falls back to local mechanisms.
        template.resources().forEach((id, r) -> {
            String type = String.valueOf(r.get("Type"));
            if (type.startsWith("AWS::KMS::Alias") || type.startsWith("AWS::Logs::") || type.startsWith("AWS::Serverless::HttpApi")) {
                res.ref(id, "");
            }
        });
        return res;
    }

    public static String tableName(String logicalId) {
        return "socialwire-" + logicalId;
    }

    public static String queueName(String logicalId) {
        return "socialwire-" + logicalId;
    }

    public static String kmsKeyId(String logicalId) {
        return java.util.UUID.nameUUIDFromBytes(("socialwire-" + logicalId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    public static String bucketName(String logicalId) {
        return "socialwire-" + logicalId.toLowerCase(Locale.ROOT);
    }

    private void createTable(DynamoDbClient db, String id, LocalResources res) {
        Map<String, Object> p = template.properties(id);
        String name = tableName(id);
        List<AttributeDefinition> attrs = new ArrayList<>();
        for (Object o : Template.list(p.get("AttributeDefinitions"))) {
            Map<String, Object> a = Template.map(o);
            attrs.add(AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                    .attributeType((String) a.get("AttributeType")).build());
        }
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Object o : Template.list(p.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> g = Template.map(o);
            Map<String, Object> proj = Template.map(g.get("Projection"));
            Projection.Builder projection = Projection.builder().projectionType(ProjectionType.fromValue(
                    String.valueOf(proj.getOrDefault("ProjectionType", "ALL"))));
            if (proj.containsKey("NonKeyAttributes")) {
                projection.nonKeyAttributes(Template.list(proj.get("NonKeyAttributes")).stream().map(String::valueOf).toList());
            }
            gsis.add(GlobalSecondaryIndex.builder().indexName((String) g.get("IndexName"))
                    .keySchema(keys(g.get("KeySchema"))).projection(projection.build()).build());
        }
        try {
            db.createTable(b -> {
                b.tableName(name).attributeDefinitions(attrs).keySchema(keys(p.get("KeySchema")))
                        .billingMode(BillingMode.PAY_PER_REQUEST);
                if (!gsis.isEmpty()) {
                    b.globalSecondaryIndexes(gsis);
                }
            });
            Map<String, Object> ttl = Template.map(p.get("TimeToLiveSpecification"));
            if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
                db.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t
                        .attributeName((String) ttl.get("AttributeName")).enabled(true)));
            }
        } catch (ResourceInUseException exists) {
            // kept on disk from an earlier run: its indexes become the template's, as a deployed stack's do
            reconcileIndexes(db, name, attrs, gsis);
        }
        res.table(id, name);
    }

    /**
     * Creates the template's indexes a table kept on disk lacks (backfilled from its items) and deletes
     * those the template no longer has, one index per update as CloudFormation does (README, Deploy).
     */
    private static void reconcileIndexes(DynamoDbClient db, String name, List<AttributeDefinition> attrs, List<GlobalSecondaryIndex> gsis) {
        List<String> existing = db.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().stream()
                .map(software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription::indexName).toList();
        List<String> wanted = gsis.stream().map(GlobalSecondaryIndex::indexName).toList();
        for (GlobalSecondaryIndex g : gsis) {
            if (!existing.contains(g.indexName())) {
                db.updateTable(b -> b.tableName(name).attributeDefinitions(attrs).globalSecondaryIndexUpdates(u -> u.create(c -> c
                        .indexName(g.indexName()).keySchema(g.keySchema()).projection(g.projection()))));
                awaitIndexes(db, name);
            }
        }
        for (String old : existing) {
            if (!wanted.contains(old)) {
                db.updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName(old))));
                awaitIndexes(db, name);
            }
        }
    }

    /** Until no index of the table is being created (backfilled) or deleted: DynamoDB takes one such change at a time. */
    private static void awaitIndexes(DynamoDbClient db, String name) {
        for (int i = 0; i < 6000; i++) {
            boolean busy = db.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().stream()
                    .anyMatch(g -> g.indexStatus() != software.amazon.awssdk.services.dynamodb.model.IndexStatus.ACTIVE);
            if (!busy) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the indexes of " + name, e);
            }
        }
        throw new IllegalStateException("the indexes of " + name + " did not settle in 5 minutes");
    }

    private static List<KeySchemaElement> keys(Object schema) {
        List<KeySchemaElement> out = new ArrayList<>();
        for (Object o : Template.list(schema)) {
            Map<String, Object> k = Template.map(o);
            out.add(KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                    .keyType((String) k.get("KeyType")).build());
        }
        return out;
    }

    /** Queues without a redrive policy first (the DLQs), so redrive targets exist when referenced. */
    private void createQueues(SqsClient sqs, LocalResources res) {
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        List<String> order = new ArrayList<>();
        queues.forEach((id, r) -> {
            if (!template.properties(id).containsKey("RedrivePolicy")) {
                order.add(id);
            }
        });
        queues.keySet().stream().filter(id -> !order.contains(id)).forEach(order::add);
        for (String id : order) {
            Map<String, Object> p = template.properties(id);
            boolean fifo = Boolean.TRUE.equals(p.get("FifoQueue"));
            String name = queueName(id) + (fifo ? ".fifo" : "");
            Map<QueueAttributeName, String> attrs = new HashMap<>();
            copy(p, "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT, attrs);
            copy(p, "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD, attrs);
            copy(p, "DelaySeconds", QueueAttributeName.DELAY_SECONDS, attrs);
            copy(p, "ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, attrs);
            if (fifo) {
                attrs.put(QueueAttributeName.FIFO_QUEUE, "true");
                copy(p, "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, attrs);
            }
            Map<String, Object> redrive = Template.map(p.get("RedrivePolicy"));
            if (!redrive.isEmpty()) {
                ObjectNode policy = Json.object();
                policy.put("deadLetterTargetArn", res.resolve(redrive.get("deadLetterTargetArn")));
                policy.put("maxReceiveCount", Template.number(redrive.get("maxReceiveCount")));
                attrs.put(QueueAttributeName.REDRIVE_POLICY, Json.write(policy));
            }
            String url = sqs.createQueue(b -> b.queueName(name).attributes(attrs)).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            res.queue(id, url, arn, name);
        }
    }

    private static void copy(Map<String, Object> p, String key, QueueAttributeName name, Map<QueueAttributeName, String> attrs) {
        if (p.containsKey(key)) {
            attrs.put(name, p.get(key).toString());
        }
    }

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> B configure(B builder, URI endpoint) {
        return builder.region(Region.of(LocalStores.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalStores.ACCESS_KEY, LocalStores.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint);
    }
}
