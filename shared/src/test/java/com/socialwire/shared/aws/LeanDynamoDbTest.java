package com.socialwire.shared.aws;

import com.socialwire.shared.Json;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Write;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LeanDynamoDb} against a local HTTP stub that answers as DynamoDB does: what goes on the wire (target,
 * content type, signature with the session token, the JSON of every attribute kind and operation), what comes back
 * (every attribute kind), which failures are retried and which exception each error becomes.
 */
class LeanDynamoDbTest {

    private record Reply(int status, String body, boolean badCrc) {
    }

    private record Seen(String target, String contentType, String authorization, String token, String body) {
    }

    private HttpServer server;
    private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> heard = Collections.synchronizedList(new ArrayList<>());
    private LeanDynamoDb db;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            seen.add(new Seen(h.getFirst("X-Amz-Target"), h.getFirst("Content-Type"), h.getFirst("Authorization"),
                    h.getFirst("X-Amz-Security-Token"), new String(in, StandardCharsets.UTF_8)));
            Reply r = replies.isEmpty() ? new Reply(200, "{}", false) : replies.poll();
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(out);
            exchange.getResponseHeaders().add("x-amz-crc32", Long.toString(r.badCrc() ? crc.getValue() + 1 : crc.getValue()));
            exchange.getResponseHeaders().add("x-amzn-RequestId", "REQ" + seen.size());
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(r.status(), out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        AwsCallObserver observer = new AwsCallObserver() {
            @Override
            public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
                heard.add(operation + " ok " + accessKeyId);
            }

            @Override
            public void failed(String service, String operation, SdkRequest request, Throwable error, String accessKeyId) {
                heard.add(operation + " failed " + error.getClass().getSimpleName() + " " + accessKeyId);
            }
        };
        db = new LeanDynamoDb(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1",
                StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAKEY", "secret", "session+token/=")),
                List.of(observer), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static final String EVERY_KIND_JSON = "{\"s\":{\"S\":\"text é\"},\"empty\":{\"S\":\"\"},\"n\":{\"N\":\"-12.50\"},"
            + "\"b\":{\"B\":\"AAEC/w==\"},\"ss\":{\"SS\":[\"a\",\"b\"]},\"ns\":{\"NS\":[\"1\",\"2.5\"]},\"bs\":{\"BS\":[\"AA==\",\"/w==\"]},"
            + "\"m\":{\"M\":{\"inner\":{\"L\":[{\"S\":\"x\"},{\"NULL\":true},{\"BOOL\":false}]}}},\"l\":{\"L\":[]},"
            + "\"nul\":{\"NULL\":true},\"t\":{\"BOOL\":true}}";

    private static Map<String, AttrValue> everyKind() {
        Map<String, AttrValue> item = new LinkedHashMap<>();
        item.put("s", AttrValue.fromS("text é"));
        item.put("empty", AttrValue.fromS(""));
        item.put("n", AttrValue.fromN("-12.50"));
        item.put("b", AttrValue.fromB(new byte[] {0, 1, 2, (byte) 255}));
        item.put("ss", AttrValue.fromSs(List.of("a", "b")));
        item.put("ns", AttrValue.fromNs(List.of("1", "2.5")));
        item.put("bs", AttrValue.fromBs(List.of(new byte[] {0}, new byte[] {(byte) 255})));
        item.put("m", AttrValue.fromM(Map.of("inner", AttrValue.fromL(List.of(AttrValue.fromS("x"),
                AttrValue.fromNul(true), AttrValue.fromBool(false))))));
        item.put("l", AttrValue.fromL(List.of()));
        item.put("nul", AttrValue.fromNul(true));
        item.put("t", AttrValue.fromBool(true));
        return item;
    }

    @Test
    void everyAttributeKindGoesOnTheWireAsDynamoDbJsonAndUnsetMembersStayOff() {
        db.writeRaw("T", new Write.Put(everyKind(), "attribute_not_exists(PK)", Map.of(), Map.of()), false, false);
        Seen s = seen.get(0);
        assertEquals("DynamoDB_20120810.PutItem", s.target());
        assertEquals("application/x-amz-json-1.0", s.contentType());
        assertEquals("session+token/=", s.token());
        assertTrue(s.authorization().startsWith("AWS4-HMAC-SHA256 Credential=ASIAKEY/"), s.authorization());
        assertTrue(s.authorization().contains("/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;"
                + "x-amz-security-token;x-amz-target, Signature="), s.authorization());
        // no ExpressionAttributeNames/Values (the SDK's auto-constructed empty maps) and no null members
        assertEquals("{\"TableName\":\"T\",\"Item\":" + EVERY_KIND_JSON + ",\"ConditionExpression\":\"attribute_not_exists(PK)\"}", s.body());
        assertEquals(List.of("PutItem ok ASIAKEY"), heard);
    }

    @Test
    void everyAttributeKindComesBackAndUnknownMembersAreSkipped() {
        replies.add(new Reply(200, "{\"Item\":" + EVERY_KIND_JSON + ",\"Unknown\":{\"x\":[1,2]}}", false));
        Map<String, AttrValue> item = db.getItemRaw("T", Map.of("PK", AttrValue.fromS("k")), false, null).orElseThrow();
        assertEquals(everyKind(), item);
        assertTrue(item.get("l").hasL());
        assertFalse(item.get("s").hasL());
    }

    @Test
    void aQueryPageWithoutAStartKeyIsTheLastAndAMissingItemIsEmpty() {
        replies.add(new Reply(200, "{\"Count\":1,\"ScannedCount\":3,\"Items\":[{\"PK\":{\"S\":\"a\"}}],"
                + "\"ConsumedCapacity\":{\"TableName\":\"T\",\"CapacityUnits\":0.5}}", false));
        LeanDynamoDb.RawPage q = unobserved().queryRaw("T", "GSI1Keys", "#pk = :pk", Map.of("#pk", "GSI1PK"), Map.of(":pk", AttrValue.fromS("x")),
                10, Map.of("PK", AttrValue.fromS("from")), false);
        assertEquals(List.of(Map.of("PK", AttrValue.fromS("a"))), q.items());
        assertNull(q.lastKey());
        assertEquals("{\"TableName\":\"T\",\"IndexName\":\"GSI1Keys\",\"KeyConditionExpression\":\"#pk = :pk\","
                + "\"ExpressionAttributeNames\":{\"#pk\":\"GSI1PK\"},\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"x\"}},"
                + "\"ScanIndexForward\":false,\"Limit\":10,\"ExclusiveStartKey\":{\"PK\":{\"S\":\"from\"}}}", seen.get(0).body());
        replies.add(new Reply(200, "{\"Items\":[],\"LastEvaluatedKey\":{\"PK\":{\"S\":\"b\"}}}", false));
        assertEquals(Map.of("PK", AttrValue.fromS("b")), unobserved().queryRaw("T", null, "PK = :pk", Map.of(), Map.of(), null, null, true).lastKey());
        replies.add(new Reply(200, "{}", false));
        assertTrue(db.getItemRaw("T", Map.of(), false, null).isEmpty());
    }

    @Test
    void aBatchGetAnswersItsItemsAndTheKeysLeftOver() {
        replies.add(new Reply(200, "{\"Responses\":{\"T\":[{\"PK\":{\"S\":\"a\"}}]},"
                + "\"UnprocessedKeys\":{\"T\":{\"Keys\":[{\"PK\":{\"S\":\"b\"}}],\"ConsistentRead\":true}}}", false));
        LeanDynamoDb.RawBatch r = unobserved().batchGetRaw("T", List.of(Map.of("PK", AttrValue.fromS("a")), Map.of("PK", AttrValue.fromS("b"))), true);
        assertEquals(List.of(Map.of("PK", AttrValue.fromS("a"))), r.items());
        assertEquals(List.of(Map.of("PK", AttrValue.fromS("b"))), r.unprocessed());
        assertEquals("{\"RequestItems\":{\"T\":{\"Keys\":[{\"PK\":{\"S\":\"a\"}},{\"PK\":{\"S\":\"b\"}}],\"ConsistentRead\":true}}}",
                seen.get(0).body());
        replies.add(new Reply(200, "{\"Responses\":[{\"Item\":{\"PK\":{\"S\":\"a\"}}},{}]}", false));
        assertEquals(List.of(Map.of("PK", AttrValue.fromS("a")), Map.of()),
                unobserved().transactGetRaw("T", List.of(Map.of("PK", AttrValue.fromS("a")), Map.of("PK", AttrValue.fromS("z")))));
    }

    @Test
    void serverErrorIsRetriedAndThenSucceeds() {
        replies.add(new Reply(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"boom\"}", false));
        replies.add(new Reply(200, "{\"Item\":{\"PK\":{\"S\":\"k\"}}}", false));
        assertEquals("k", db.getItemRaw("T", Map.of("PK", AttrValue.fromS("k")), false, null).orElseThrow().get("PK").s());
        assertEquals(2, seen.size());
        assertEquals(seen.get(0).body(), seen.get(1).body());
    }

    @Test
    void throttlingAndDamagedAnswersAreRetried() {
        replies.add(new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"slow\"}", false));
        replies.add(new Reply(200, "{\"Item\":{\"PK\":{\"S\":\"damaged\"}}}", true));
        replies.add(new Reply(200, "{\"Item\":{\"PK\":{\"S\":\"k\"}}}", false));
        assertEquals("k", db.getItemRaw("T", Map.of(), false, null).orElseThrow().get("PK").s());
        assertEquals(3, seen.size());
    }

    @Test
    void throttlingThatNeverStopsEndsInTheSdksExceptionAfterNineAttempts() {
        for (int i = 0; i < LeanDynamoDb.MAX_ATTEMPTS; i++) {
            replies.add(new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"slow\"}", false));
        }
        ProvisionedThroughputExceededException e = assertThrows(ProvisionedThroughputExceededException.class,
                () -> db.getItemRaw("T", Map.of(), false, null));
        assertEquals(LeanDynamoDb.MAX_ATTEMPTS, seen.size());
        assertEquals(List.of("GetItem failed ProvisionedThroughputExceededException ASIAKEY"), heard);
        assertEquals(400, e.statusCode());
    }

    @Test
    void aRawPutsFailedConditionIsNotRetriedAndCarriesTheItemAndTheSdksDetails() {
        replies.add(new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\",\"Item\":{\"PK\":{\"S\":\"k\"},\"v\":{\"N\":\"7\"}}}", false));
        ConditionalCheckFailedException e = assertThrows(ConditionalCheckFailedException.class, () -> db.writeRaw("T",
                new Write.Put(Map.of("PK", AttrValue.fromS("k")), "attribute_not_exists(PK)", Map.of(), Map.of()), false, true));
        assertEquals(1, seen.size());
        assertEquals(Map.of("PK", AttributeValue.fromS("k"), "v", AttributeValue.fromN("7")), e.item()); // the SDK's exception, its type
        assertEquals(400, e.statusCode());
        assertEquals("REQ1", e.requestId());
        assertEquals("ConditionalCheckFailedException", e.awsErrorDetails().errorCode());
        assertEquals("The conditional request failed", e.awsErrorDetails().errorMessage());
        assertEquals("DynamoDb", e.awsErrorDetails().serviceName());
        assertEquals("The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: REQ1) (SDK Attempt Count: 1)", e.getMessage());
        assertTrue(seen.get(0).body().contains("\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\""), seen.get(0).body());
    }

    @Test
    void aRawTransactionGoesOnTheWireAsDynamoDbJsonAndItsCancellationCarriesTheReasons() {
        replies.add(new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                + "\"Message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]\","
                + "\"CancellationReasons\":[{\"Code\":\"None\"},{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\","
                + "\"Item\":{\"PK\":{\"S\":\"bal\"}}}]}", false));
        TransactionCanceledException e = assertThrows(TransactionCanceledException.class, () -> unobserved().transactWriteRaw("T", List.of(
                new Write.Put(Map.of("PK", AttrValue.fromS("e")), "attribute_not_exists(PK)", Map.of(), Map.of()),
                new Write.Update(Map.of("PK", AttrValue.fromS("bal")), "ADD #a :d", "#a >= :d", Map.of("#a", "available"),
                        Map.of(":d", AttrValue.fromN("-5"))),
                new Write.Delete(Map.of("PK", AttrValue.fromS("r"))),
                new Write.Check(Map.of("PK", AttrValue.fromS("c")), "attribute_exists(PK)", Map.of(), Map.of()))));
        assertEquals(1, seen.size());
        assertEquals("DynamoDB_20120810.TransactWriteItems", seen.get(0).target());
        assertEquals("{\"TransactItems\":[{\"Put\":{\"TableName\":\"T\",\"Item\":{\"PK\":{\"S\":\"e\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(PK)\"}},{\"Update\":{\"TableName\":\"T\",\"Key\":{\"PK\":{\"S\":\"bal\"}},"
                + "\"UpdateExpression\":\"ADD #a :d\",\"ConditionExpression\":\"#a >= :d\",\"ExpressionAttributeNames\":{\"#a\":\"available\"},"
                + "\"ExpressionAttributeValues\":{\":d\":{\"N\":\"-5\"}}}},{\"Delete\":{\"TableName\":\"T\",\"Key\":{\"PK\":{\"S\":\"r\"}}}},"
                + "{\"ConditionCheck\":{\"TableName\":\"T\",\"Key\":{\"PK\":{\"S\":\"c\"}},\"ConditionExpression\":\"attribute_exists(PK)\"}}]}",
                seen.get(0).body());
        assertEquals(2, e.cancellationReasons().size());
        assertEquals("None", e.cancellationReasons().get(0).code());
        assertEquals("ConditionalCheckFailed", e.cancellationReasons().get(1).code());
        assertEquals("bal", e.cancellationReasons().get(1).item().get("PK").s());
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Transaction cancelled"));
    }

    @Test
    void validationErrorIsTheSdksDynamoDbExceptionAndIsNotRetried() {
        replies.add(new Reply(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"One or more parameter values were invalid\"}", false));
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> db.getItemRaw("T", Map.of(), false, null));
        assertEquals(DynamoDbException.class, e.getClass());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(1, seen.size());
    }

    @Test
    void aConnectionThatIsRefusedEndsInAnSdkClientException() {
        server.stop(0);
        assertThrows(SdkClientException.class, () -> db.getItemRaw("T", Map.of(), false, null));
    }

    /** The client as a function has it: no observer, so the raw calls load no SDK model class. */
    private LeanDynamoDb unobserved() {
        return new LeanDynamoDb(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1",
                StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAKEY", "secret", "session+token/=")),
                List.of(), Clock.systemUTC());
    }

    @Test
    void rawGetItemSendsDynamoDbJsonAndReadsTheItemWithoutTheRequestModel() {
        replies.add(new Reply(200, "{\"Item\":{\"PK\":{\"S\":\"APIKEY#h\"},\"n\":{\"N\":\"42\"},\"tenantIds\":{\"L\":[{\"S\":\"t1\"}]},"
                + "\"ok\":{\"BOOL\":true},\"b\":{\"B\":\"AA==\"}},\"ConsumedCapacity\":{\"TableName\":\"T\",\"CapacityUnits\":1.0}}", false));
        Map<String, AttrValue> item = unobserved().getItemRaw("T", Map.of("PK", AttrValue.fromS("APIKEY#h")), true, null).orElseThrow();
        Seen s = seen.get(0);
        assertEquals("DynamoDB_20120810.GetItem", s.target());
        assertEquals("session+token/=", s.token());
        assertEquals("{\"TableName\":\"T\",\"Key\":{\"PK\":{\"S\":\"APIKEY#h\"}},\"ConsistentRead\":true}", s.body());
        assertEquals("APIKEY#h", item.get("PK").s());
        assertEquals("42", item.get("n").n());
        assertEquals(List.of(AttrValue.fromS("t1")), item.get("tenantIds").l());
        assertEquals(AttrValue.fromBool(true), item.get("ok"));
        assertEquals(AttrValue.fromB(new byte[] {0}), item.get("b"));

        replies.add(new Reply(200, "{}", false));
        assertTrue(unobserved().getItemRaw("T", Map.of("PK", AttrValue.fromS("none")), false, "accountId").isEmpty());
        assertEquals("{\"TableName\":\"T\",\"Key\":{\"PK\":{\"S\":\"none\"}},\"ProjectionExpression\":\"accountId\"}", seen.get(1).body());
    }

    @Test
    void rawUpdateAnswersTheOldItemOnAFailedConditionAndRetriesThrottling() {
        replies.add(new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"slow\"}", false));
        replies.add(new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\",\"Item\":{\"m\":{\"N\":\"7\"}}}", false));
        LeanDynamoDb.RawUpdate r = unobserved().writeRaw("T", new Write.Update(Map.of("PK", AttrValue.fromS("RATE#x")), "ADD m :one", "m < :ml",
                Map.of("#h", "h07"), Map.of(":one", AttrValue.fromN("1"))), true, true);
        assertTrue(r.conditionFailed());
        assertEquals("7", r.item().get("m").n());
        assertEquals(2, seen.size());
        assertEquals("{\"TableName\":\"T\",\"Key\":{\"PK\":{\"S\":\"RATE#x\"}},\"UpdateExpression\":\"ADD m :one\","
                + "\"ConditionExpression\":\"m < :ml\",\"ExpressionAttributeNames\":{\"#h\":\"h07\"},"
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}},\"ReturnValues\":\"ALL_NEW\","
                + "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}", seen.get(1).body());

        replies.add(new Reply(200, "{\"Attributes\":{\"m\":{\"N\":\"8\"}}}", false));
        LeanDynamoDb.RawUpdate ok = unobserved().writeRaw("T", new Write.Update(Map.of("PK", AttrValue.fromS("RATE#x")), "ADD m :one", null,
                Map.of(), Map.of(":one", AttrValue.fromN("1"))), true, true);
        assertFalse(ok.conditionFailed());
        assertEquals("8", ok.item().get("m").n());

        replies.add(new Reply(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"bad\"}", false));
        DynamoDbException bad = assertThrows(DynamoDbException.class, () -> unobserved().writeRaw("T", new Write.Update(Map.of(), "ADD m :one", null,
                Map.of(), Map.of()), true, true));
        assertEquals("ValidationException", bad.awsErrorDetails().errorCode());
    }

    @Test
    void observersSeeARawCallInTheSdkModelAndMayChangeItAsTheMeterDoes() {
        List<Object> shown = Collections.synchronizedList(new ArrayList<>());
        AwsCallObserver meterLike = new AwsCallObserver() {
            @Override
            public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
                return ((software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest) request).toBuilder()
                        .returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.INDEXES).build();
            }

            @Override
            public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
                shown.add(request);
                shown.add(response);
            }

            @Override
            public void failed(String service, String operation, SdkRequest request, Throwable error, String accessKeyId) {
                shown.add(error);
            }
        };
        LeanDynamoDb observed = new LeanDynamoDb(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1",
                StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAKEY", "secret", "session+token/=")),
                List.of(meterLike), Clock.systemUTC());
        replies.add(new Reply(200, "{\"Attributes\":{\"m\":{\"N\":\"8\"}},\"ConsumedCapacity\":{\"TableName\":\"T\",\"CapacityUnits\":1.0}}", false));
        LeanDynamoDb.RawUpdate ok = observed.writeRaw("T", new Write.Update(Map.of("SK", AttrValue.fromS("RATE")), "ADD m :one", null,
                Map.of(), Map.of(":one", AttrValue.fromN("1"))), true, true);
        assertEquals("8", ok.item().get("m").n());
        assertTrue(seen.get(0).body().contains("\"ReturnConsumedCapacity\":\"INDEXES\""), seen.get(0).body());
        var request = (software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest) shown.get(0);
        assertEquals("RATE", request.key().get("SK").s());
        var response = (software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse) shown.get(1);
        assertEquals(1.0, response.consumedCapacity().capacityUnits());

        replies.add(new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\",\"Item\":{\"m\":{\"N\":\"7\"}}}", false));
        assertTrue(observed.writeRaw("T", new Write.Update(Map.of("SK", AttrValue.fromS("RATE")), "ADD m :one", "m < :ml",
                Map.of(), Map.of(":one", AttrValue.fromN("1"))), true, true).conditionFailed());
        ConditionalCheckFailedException failed = (ConditionalCheckFailedException) shown.get(2);
        assertEquals("7", failed.item().get("m").n());
    }

    @Test
    void rawCodecWritesEveryAttributeKindAsTheSdkDoesAndReadsItBackEqual() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var g = AwsJson.generator(out)) {
            LeanDynamoDb.writeItem(g, everyKind());
        }
        assertEquals(Json.tree(EVERY_KIND_JSON), Json.tree(out.toString(StandardCharsets.UTF_8)));
        try (var p = AwsJson.parser(EVERY_KIND_JSON.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            assertEquals(everyKind(), LeanDynamoDb.readItem(p));
        }
    }

    @Test
    void primingTheRawPathNeedsNoClientAndSendsNothing() {
        LeanDynamoDb.primeCodec();
        assertEquals(List.of(), seen);
    }
}
