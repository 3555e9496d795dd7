package com.socialwire.shared.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import software.amazon.awssdk.core.exception.SdkClientException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.socialwire.shared.store.Write;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalTableResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteResourcePolicyRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteResourcePolicyResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeEndpointsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeGlobalTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeGlobalTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeGlobalTableSettingsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeGlobalTableSettingsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeImportRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeImportResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableReplicaAutoScalingRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableReplicaAutoScalingResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.DisableKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.DisableKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionResponse;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetResourcePolicyRequest;
import software.amazon.awssdk.services.dynamodb.model.GetResourcePolicyResponse;
import software.amazon.awssdk.services.dynamodb.model.ImportTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ImportTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListExportsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListExportsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListGlobalTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListGlobalTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListImportsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListImportsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.dynamodb.model.PutResourcePolicyResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.SearchVectorsRequest;
import software.amazon.awssdk.services.dynamodb.model.SearchVectorsResponse;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TagResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateGlobalTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateGlobalTableResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateGlobalTableSettingsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateGlobalTableSettingsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableReplicaAutoScalingRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableReplicaAutoScalingResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * A DynamoDB client that speaks DynamoDB's JSON protocol itself, behind the SDK's own {@link DynamoDbClient}
 * interface, so every caller ({@code Table}, the stores, the ledger, consumer-builder calls, {@code queryPaginator})
 * is unchanged while a function's first request no longer builds the SDK's client (endpoint rules, auth scheme
 * resolution, interceptor chain, protocol marshallers, its shaded Jackson, retry and checksum machinery: ~2,000
 * classes and ~0.8 s of a cold start). Requests and answers are the SDK's model objects, (un)marshalled through
 * their own field metadata ({@link AwsJson}); errors are the SDK's exception types with the status, error code,
 * message and request id the SDK would give them; requests go through the one transport of the lean clients
 * ({@link AwsJsonClient}: signed with {@link SigV4}, over {@code HttpURLConnection}), to {@code DYNAMODB_ENDPOINT} when set.
 * Throttling, 5xx and I/O failures are retried as the SDK's standard mode does for DynamoDB (9 attempts, full-jitter
 * exponential backoff from 25 ms); a failed condition or a bad request never is. Operations the code does not use
 * throw {@link UnsupportedOperationException} naming the operation.
 */
public final class LeanDynamoDb extends LeanClient implements DynamoDbClient {

    static final int MAX_ATTEMPTS = 9;
    static final long BASE_DELAY_MS = 25;
    static final AwsJsonClient.Service SERVICE = new AwsJsonClient.Service("DynamoDb", "dynamodb", "DynamoDB_20120810.",
            "application/x-amz-json-1.0", MAX_ATTEMPTS, BASE_DELAY_MS, true, false,
            "software.amazon.awssdk.services.dynamodb.model", DynamoDbException::builder);

    public LeanDynamoDb(URI endpoint, String region, AwsCredentialsProvider credentials, List<AwsCallObserver> observers, Clock clock) {
        this(new AwsJsonClient(SERVICE, endpoint, region, credentials, observers, clock, AwsJsonClient.AnswerCheck.NONE));
    }

    private LeanDynamoDb(AwsJsonClient client) {
        super(client);
    }

    /** With the region, credentials and {@code DYNAMODB_ENDPOINT} override of {@code aws}, and the discovered observers. */
    /**
     * Typed as the SDK's interface so that verifying {@link AwsClients} does not load this class and the interface:
     * a function whose zip does not ship this service's SDK jar must still start.
     */
    public static DynamoDbClient of(AwsClients aws) {
        return new LeanDynamoDb(AwsJsonClient.of(SERVICE, aws, "DYNAMODB_ENDPOINT", AwsJsonClient.AnswerCheck.NONE));
    }

    // --- raw calls: bodies written and answers read with Jackson's streaming API, no SDK request/response model ---

    /** What {@link #writeRaw} answers: the item after an update, or before the write when its condition failed. */
    public record RawUpdate(boolean conditionFailed, Map<String, AttributeValue> item) {
    }

    private static final Set<String> CONDITION_FAILED = Set.of("ConditionalCheckFailedException");

    /** GetItem of {@code key} ({@code projection}: the attributes to read, null for all); empty when there is no such item. */
    public Optional<Map<String, AttributeValue>> getItemRaw(String table, Map<String, AttributeValue> key, boolean consistentRead,
                                                            String projection) {
        byte[] body = json(g -> {
            g.writeStringField("TableName", table);
            g.writeFieldName("Key");
            writeItem(g, key);
            if (consistentRead) {
                g.writeBooleanField("ConsistentRead", true);
            }
            if (projection != null) {
                g.writeStringField("ProjectionExpression", projection);
            }
        });
        Map<String, AttributeValue> item = member(client.callRaw("GetItem", body, Set.of()).body(), "Item");
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * One write on its own (PutItem, UpdateItem or DeleteItem; a {@link Write.Check} is a transaction's only). A failed
     * condition throws the SDK's {@code ConditionalCheckFailedException}, built only then, unless {@code failedAsResult}.
     * With {@code returnItems} the answer holds the item after an update ({@code ReturnValues=ALL_NEW}) and a failed
     * condition the item before it ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}, also on the exception).
     */
    public RawUpdate writeRaw(String table, Write write, boolean failedAsResult, boolean returnItems) {
        String operation = switch (write) {
            case Write.Put p -> "PutItem";
            case Write.Update u -> "UpdateItem";
            case Write.Delete d -> "DeleteItem";
            case Write.Check c -> throw new IllegalArgumentException("a condition check goes in a transaction");
        };
        byte[] body = json(g -> {
            writeMembers(g, table, write);
            if (returnItems && write instanceof Write.Update) {
                g.writeStringField("ReturnValues", "ALL_NEW");
            }
            if (returnItems && write.condition() != null) {
                g.writeStringField("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
            }
        });
        AwsJsonClient.RawAnswer a = client.callRaw(operation, body, failedAsResult ? CONDITION_FAILED : Set.of());
        Map<String, AttributeValue> item = member(a.body(), a.errorCode() == null ? "Attributes" : "Item");
        return new RawUpdate(a.errorCode() != null, item == null ? Map.of() : item);
    }

    /**
     * TransactWriteItems of {@code writes}, all in {@code table}; a cancelled transaction throws the SDK's
     * {@code TransactionCanceledException} with its cancellation reasons, built only then.
     */
    public void transactWriteRaw(String table, List<Write> writes) {
        byte[] body = json(g -> {
            g.writeArrayFieldStart("TransactItems");
            for (Write w : writes) {
                g.writeStartObject();
                g.writeObjectFieldStart(switch (w) {
                    case Write.Put p -> "Put";
                    case Write.Update u -> "Update";
                    case Write.Delete d -> "Delete";
                    case Write.Check c -> "ConditionCheck";
                });
                writeMembers(g, table, w);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
        client.callRaw("TransactWriteItems", body, Set.of());
    }

    /** TransactGetItems of {@code keys} in {@code table}: each item, or an empty map where there is none, in order. */
    public List<Map<String, AttributeValue>> transactGetRaw(String table, List<Map<String, AttributeValue>> keys) {
        byte[] body = json(g -> {
            g.writeArrayFieldStart("TransactItems");
            for (Map<String, AttributeValue> k : keys) {
                g.writeStartObject();
                g.writeObjectFieldStart("Get");
                g.writeStringField("TableName", table);
                g.writeFieldName("Key");
                writeItem(g, k);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try (JsonParser p = answer(client.callRaw("TransactGetItems", body, Set.of()).body())) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("Responses")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, AttributeValue> item = Map.of();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String member = p.currentName();
                            p.nextToken();
                            if (member.equals("Item")) {
                                item = readItem(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                        items.add(item);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return items;
    }

    /** The members a write has on its own and in a transaction: table, item or key, expressions, names, values. */
    private static void writeMembers(JsonGenerator g, String table, Write w) throws IOException {
        g.writeStringField("TableName", table);
        g.writeFieldName(w instanceof Write.Put ? "Item" : "Key");
        writeItem(g, switch (w) {
            case Write.Put p -> p.item();
            case Write.Update u -> u.key();
            case Write.Delete d -> d.key();
            case Write.Check c -> c.key();
        });
        if (w instanceof Write.Update u) {
            g.writeStringField("UpdateExpression", u.update());
        }
        writeCondition(g, w.condition(), w.names(), w.values());
    }

    /** One page of a Query: its items and the key to start the next page from (null after the last page). */
    public record RawPage(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastKey) {
    }

    /**
     * Query of {@code table} ({@code index}: an index, or null for the table) for {@code keyCondition}, at most
     * {@code limit} items (null: DynamoDB's 1 MB page), from {@code startKey} (null: the first page).
     */
    public RawPage queryRaw(String table, String index, String keyCondition, Map<String, String> names,
                            Map<String, AttributeValue> values, Integer limit, Map<String, AttributeValue> startKey, boolean ascending) {
        byte[] body = json(g -> {
            g.writeStringField("TableName", table);
            if (index != null) {
                g.writeStringField("IndexName", index);
            }
            g.writeStringField("KeyConditionExpression", keyCondition);
            writeCondition(g, null, names, values);
            if (!ascending) {
                g.writeBooleanField("ScanIndexForward", false);
            }
            if (limit != null) {
                g.writeNumberField("Limit", limit);
            }
            if (startKey != null) {
                g.writeFieldName("ExclusiveStartKey");
                writeItem(g, startKey);
            }
        });
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> last = null;
        try (JsonParser p = answer(client.callRaw("Query", body, Set.of()).body())) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("Items")) {
                    readItems(p, items);
                } else if (field.equals("LastEvaluatedKey")) {
                    last = readItem(p);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return new RawPage(items, last == null || last.isEmpty() ? null : last);
    }

    /** What {@link #batchGetRaw} answers: the items found (in no particular order) and the keys left for another ask. */
    public record RawBatch(List<Map<String, AttributeValue>> items, List<Map<String, AttributeValue>> unprocessed) {
    }

    /** BatchGetItem of at most 100 {@code keys} of {@code table}. */
    public RawBatch batchGetRaw(String table, List<Map<String, AttributeValue>> keys, boolean consistentRead) {
        byte[] body = json(g -> {
            g.writeObjectFieldStart("RequestItems");
            g.writeObjectFieldStart(table);
            g.writeArrayFieldStart("Keys");
            for (Map<String, AttributeValue> k : keys) {
                writeItem(g, k);
            }
            g.writeEndArray();
            if (consistentRead) {
                g.writeBooleanField("ConsistentRead", true);
            }
            g.writeEndObject();
            g.writeEndObject();
        });
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Map<String, AttributeValue>> left = new ArrayList<>();
        try (JsonParser p = answer(client.callRaw("BatchGetItem", body, Set.of()).body())) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("Responses") || field.equals("UnprocessedKeys")) {
                    boolean found = field.equals("Responses");
                    while (p.nextToken() == JsonToken.FIELD_NAME) { // one table: ours
                        p.nextToken();
                        if (found) {
                            readItems(p, items);
                        } else {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String member = p.currentName();
                                p.nextToken();
                                if (member.equals("Keys")) {
                                    readItems(p, left);
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return new RawBatch(items, left);
    }

    /** Reads an array of items into {@code into}; the parser is on its START_ARRAY. */
    private static void readItems(JsonParser p, List<Map<String, AttributeValue>> into) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            into.add(readItem(p));
        }
    }

    /** A parser on an answer, past its START_OBJECT. */
    private static JsonParser answer(byte[] body) throws IOException {
        JsonParser p = AwsJson.JSON.createParser(body);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.close();
            throw new IOException("not a JSON object");
        }
        return p;
    }

    private static SdkClientException unreadable(IOException e) {
        return SdkClientException.builder().message("unreadable DynamoDB answer: " + e.getMessage()).cause(e).build();
    }

    /** The condition and the expression attribute names and values, each only when given. */
    private static void writeCondition(JsonGenerator g, String condition, Map<String, String> names,
                                       Map<String, AttributeValue> values) throws IOException {
        if (condition != null) {
            g.writeStringField("ConditionExpression", condition);
        }
        if (names != null && !names.isEmpty()) {
            g.writeObjectFieldStart("ExpressionAttributeNames");
            for (Map.Entry<String, String> e : names.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        if (values != null && !values.isEmpty()) {
            g.writeFieldName("ExpressionAttributeValues");
            writeItem(g, values);
        }
    }

    // --- DynamoDB's JSON of attribute values ({"S":"x"}, {"N":"1.5"}, {"B":"base64"}, ...), the SDK's AttributeValue ---

    /** Writes a map of values (an item, a key, expression attribute values) as one JSON object. */
    public static void writeItem(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    /** Writes one value; a number goes as its text, never through a double. */
    public static void writeValue(JsonGenerator g, AttributeValue v) throws IOException {
        g.writeStartObject();
        switch (v.type()) {
            case S -> g.writeStringField("S", v.s());
            case N -> g.writeStringField("N", v.n());
            case B -> g.writeStringField("B", Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe()));
            case BOOL -> g.writeBooleanField("BOOL", v.bool());
            case NUL -> g.writeBooleanField("NULL", true);
            case M -> {
                g.writeFieldName("M");
                writeItem(g, v.m());
            }
            case L -> {
                g.writeArrayFieldStart("L");
                for (AttributeValue e : v.l()) {
                    writeValue(g, e);
                }
                g.writeEndArray();
            }
            case SS -> strings(g, "SS", v.ss());
            case NS -> strings(g, "NS", v.ns());
            case BS -> {
                g.writeArrayFieldStart("BS");
                for (SdkBytes b : v.bs()) {
                    g.writeString(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("an attribute value with no type");
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String type, List<String> strings) throws IOException {
        g.writeArrayFieldStart(type);
        for (String s : strings) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** Reads a map of values; the parser is on its START_OBJECT. */
    public static Map<String, AttributeValue> readItem(JsonParser p) throws IOException {
        Map<String, AttributeValue> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, readValue(p));
        }
        return m;
    }

    /** Reads one value; the parser is on its START_OBJECT. */
    public static AttributeValue readValue(JsonParser p) throws IOException {
        AttributeValue v = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String type = p.currentName();
            p.nextToken();
            v = switch (type) {
                case "S" -> AttributeValue.fromS(p.getText());
                case "N" -> AttributeValue.fromN(p.getText());
                case "B" -> AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(p.getText())));
                case "BOOL" -> AttributeValue.fromBool(p.getBooleanValue());
                case "NULL" -> AttributeValue.fromNul(true);
                case "M" -> AttributeValue.fromM(readItem(p));
                case "L" -> {
                    List<AttributeValue> l = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        l.add(readValue(p));
                    }
                    yield AttributeValue.fromL(l);
                }
                case "SS" -> AttributeValue.fromSs(readStrings(p));
                case "NS" -> AttributeValue.fromNs(readStrings(p));
                case "BS" -> {
                    List<SdkBytes> l = new ArrayList<>();
                    for (String s : readStrings(p)) {
                        l.add(SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(s)));
                    }
                    yield AttributeValue.fromBs(l);
                }
                default -> throw new IOException("an attribute value of unknown type " + type);
            };
        }
        if (v == null) {
            throw new IOException("an attribute value with no type");
        }
        return v;
    }

    private static List<String> readStrings(JsonParser p) throws IOException {
        List<String> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            l.add(p.getText());
        }
        return l;
    }

    private interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    /** A request body: one JSON object with the members {@code members} writes. */
    private static byte[] json(Members members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = AwsJson.JSON.createGenerator(out)) {
            g.writeStartObject();
            members.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The map of attribute values an answer holds under {@code name} (null when absent); other members skipped. */
    private static Map<String, AttributeValue> member(byte[] body, String name) {
        try (JsonParser p = answer(body)) {
            Map<String, AttributeValue> found = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(name) && p.currentToken() == JsonToken.START_OBJECT) {
                    found = readItem(p);
                } else {
                    p.skipChildren();
                }
            }
            return found;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private <R> R call(String operation, SdkRequest request, Supplier<? extends SdkPojo> answer) {
        return client.call(operation, request, answer);
    }

    private static UnsupportedOperationException unsupported(String operation) {
        return AwsJsonClient.unsupported("LeanDynamoDb", operation);
    }

    // --- the operations the code uses: one line each, the protocol is generic ---

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return call("BatchGetItem", request, BatchGetItemResponse::builder);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return call("BatchWriteItem", request, BatchWriteItemResponse::builder);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return call("CreateTable", request, CreateTableResponse::builder);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return call("DeleteItem", request, DeleteItemResponse::builder);
    }

    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest request) {
        return call("DeleteTable", request, DeleteTableResponse::builder);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return call("DescribeTable", request, DescribeTableResponse::builder);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return call("GetItem", request, GetItemResponse::builder);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return call("PutItem", request, PutItemResponse::builder);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return call("Query", request, QueryResponse::builder);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return call("Scan", request, ScanResponse::builder);
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return call("TransactGetItems", request, TransactGetItemsResponse::builder);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return call("TransactWriteItems", request, TransactWriteItemsResponse::builder);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return call("UpdateItem", request, UpdateItemResponse::builder);
    }

    // --- everything else ---

    @Override
    public BatchExecuteStatementResponse batchExecuteStatement(BatchExecuteStatementRequest request) {
        throw unsupported("BatchExecuteStatement");
    }

    @Override
    public CreateBackupResponse createBackup(CreateBackupRequest request) {
        throw unsupported("CreateBackup");
    }

    @Override
    public CreateGlobalTableResponse createGlobalTable(CreateGlobalTableRequest request) {
        throw unsupported("CreateGlobalTable");
    }

    @Override
    public DeleteBackupResponse deleteBackup(DeleteBackupRequest request) {
        throw unsupported("DeleteBackup");
    }

    @Override
    public DeleteResourcePolicyResponse deleteResourcePolicy(DeleteResourcePolicyRequest request) {
        throw unsupported("DeleteResourcePolicy");
    }

    @Override
    public DescribeBackupResponse describeBackup(DescribeBackupRequest request) {
        throw unsupported("DescribeBackup");
    }

    @Override
    public DescribeContinuousBackupsResponse describeContinuousBackups(DescribeContinuousBackupsRequest request) {
        throw unsupported("DescribeContinuousBackups");
    }

    @Override
    public DescribeContributorInsightsResponse describeContributorInsights(DescribeContributorInsightsRequest request) {
        throw unsupported("DescribeContributorInsights");
    }

    @Override
    public DescribeEndpointsResponse describeEndpoints(DescribeEndpointsRequest request) {
        throw unsupported("DescribeEndpoints");
    }

    @Override
    public DescribeExportResponse describeExport(DescribeExportRequest request) {
        throw unsupported("DescribeExport");
    }

    @Override
    public DescribeGlobalTableResponse describeGlobalTable(DescribeGlobalTableRequest request) {
        throw unsupported("DescribeGlobalTable");
    }

    @Override
    public DescribeGlobalTableSettingsResponse describeGlobalTableSettings(DescribeGlobalTableSettingsRequest request) {
        throw unsupported("DescribeGlobalTableSettings");
    }

    @Override
    public DescribeImportResponse describeImport(DescribeImportRequest request) {
        throw unsupported("DescribeImport");
    }

    @Override
    public DescribeKinesisStreamingDestinationResponse describeKinesisStreamingDestination(DescribeKinesisStreamingDestinationRequest request) {
        throw unsupported("DescribeKinesisStreamingDestination");
    }

    @Override
    public DescribeLimitsResponse describeLimits(DescribeLimitsRequest request) {
        throw unsupported("DescribeLimits");
    }

    @Override
    public DescribeTableReplicaAutoScalingResponse describeTableReplicaAutoScaling(DescribeTableReplicaAutoScalingRequest request) {
        throw unsupported("DescribeTableReplicaAutoScaling");
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest request) {
        throw unsupported("DescribeTimeToLive");
    }

    @Override
    public DisableKinesisStreamingDestinationResponse disableKinesisStreamingDestination(DisableKinesisStreamingDestinationRequest request) {
        throw unsupported("DisableKinesisStreamingDestination");
    }

    @Override
    public EnableKinesisStreamingDestinationResponse enableKinesisStreamingDestination(EnableKinesisStreamingDestinationRequest request) {
        throw unsupported("EnableKinesisStreamingDestination");
    }

    @Override
    public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
        throw unsupported("ExecuteStatement");
    }

    @Override
    public ExecuteTransactionResponse executeTransaction(ExecuteTransactionRequest request) {
        throw unsupported("ExecuteTransaction");
    }

    @Override
    public ExportTableToPointInTimeResponse exportTableToPointInTime(ExportTableToPointInTimeRequest request) {
        throw unsupported("ExportTableToPointInTime");
    }

    @Override
    public GetResourcePolicyResponse getResourcePolicy(GetResourcePolicyRequest request) {
        throw unsupported("GetResourcePolicy");
    }

    @Override
    public ImportTableResponse importTable(ImportTableRequest request) {
        throw unsupported("ImportTable");
    }

    @Override
    public ListBackupsResponse listBackups(ListBackupsRequest request) {
        throw unsupported("ListBackups");
    }

    @Override
    public ListContributorInsightsResponse listContributorInsights(ListContributorInsightsRequest request) {
        throw unsupported("ListContributorInsights");
    }

    @Override
    public ListExportsResponse listExports(ListExportsRequest request) {
        throw unsupported("ListExports");
    }

    @Override
    public ListGlobalTablesResponse listGlobalTables(ListGlobalTablesRequest request) {
        throw unsupported("ListGlobalTables");
    }

    @Override
    public ListImportsResponse listImports(ListImportsRequest request) {
        throw unsupported("ListImports");
    }

    @Override
    public ListTablesResponse listTables(ListTablesRequest request) {
        throw unsupported("ListTables");
    }

    @Override
    public ListTagsOfResourceResponse listTagsOfResource(ListTagsOfResourceRequest request) {
        throw unsupported("ListTagsOfResource");
    }

    @Override
    public PutResourcePolicyResponse putResourcePolicy(PutResourcePolicyRequest request) {
        throw unsupported("PutResourcePolicy");
    }

    @Override
    public RestoreTableFromBackupResponse restoreTableFromBackup(RestoreTableFromBackupRequest request) {
        throw unsupported("RestoreTableFromBackup");
    }

    @Override
    public RestoreTableToPointInTimeResponse restoreTableToPointInTime(RestoreTableToPointInTimeRequest request) {
        throw unsupported("RestoreTableToPointInTime");
    }

    @Override
    public SearchVectorsResponse searchVectors(SearchVectorsRequest request) {
        throw unsupported("SearchVectors");
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        throw unsupported("TagResource");
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
        throw unsupported("UntagResource");
    }

    @Override
    public UpdateContinuousBackupsResponse updateContinuousBackups(UpdateContinuousBackupsRequest request) {
        throw unsupported("UpdateContinuousBackups");
    }

    @Override
    public UpdateContributorInsightsResponse updateContributorInsights(UpdateContributorInsightsRequest request) {
        throw unsupported("UpdateContributorInsights");
    }

    @Override
    public UpdateGlobalTableResponse updateGlobalTable(UpdateGlobalTableRequest request) {
        throw unsupported("UpdateGlobalTable");
    }

    @Override
    public UpdateGlobalTableSettingsResponse updateGlobalTableSettings(UpdateGlobalTableSettingsRequest request) {
        throw unsupported("UpdateGlobalTableSettings");
    }

    @Override
    public UpdateKinesisStreamingDestinationResponse updateKinesisStreamingDestination(UpdateKinesisStreamingDestinationRequest request) {
        throw unsupported("UpdateKinesisStreamingDestination");
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        throw unsupported("UpdateTable");
    }

    @Override
    public UpdateTableReplicaAutoScalingResponse updateTableReplicaAutoScaling(UpdateTableReplicaAutoScalingRequest request) {
        throw unsupported("UpdateTableReplicaAutoScaling");
    }

    @Override
    public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest request) {
        throw unsupported("UpdateTimeToLive");
    }
}
