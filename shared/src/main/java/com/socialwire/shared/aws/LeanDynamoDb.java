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
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Write;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The functions' DynamoDB client: DynamoDB's JSON protocol spoken directly, each request body written and each answer
 * read with Jackson's streaming API, so a function's first request builds neither the SDK's client (endpoint rules,
 * auth scheme resolution, interceptor chain, protocol marshallers, its shaded Jackson, retry and checksum machinery)
 * nor its request/response model (GetItemRequest, QueryRequest, TransactWriteItem, ...: ~30-80 classes per operation
 * with their SdkField tables, plus the core classes they pull in). Values are our own {@link AttrValue}, not the SDK's
 * {@code AttributeValue} (whose SdkField table is another ~60-90 classes). It is used through {@code store.Table}
 * only. Errors are the SDK's exception types with the status, error code, message and request id the SDK would give
 * them ({@code ConditionalCheckFailedException} with the old item in the SDK's type, {@link AttrValue#fromSdk} for ours,
 * {@code TransactionCanceledException} with its reasons), built only when they happen; requests go through the one
 * transport of the lean clients ({@link AwsJsonClient}: signed with {@link SigV4}, over {@code HttpURLConnection}), to
 * {@code DYNAMODB_ENDPOINT} when set. Throttling, 5xx and I/O failures are retried as the SDK's standard mode does for
 * DynamoDB (9 attempts, full-jitter exponential backoff from 25 ms); a failed condition or a bad request never is.
 * Tools and tests that manage tables use the SDK's own client ({@link AwsClients#dynamoDbSdk}).
 */
public final class LeanDynamoDb extends LeanClient {

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
    public static LeanDynamoDb of(AwsClients aws) {
        return new LeanDynamoDb(AwsJsonClient.of(SERVICE, aws, "DYNAMODB_ENDPOINT", AwsJsonClient.AnswerCheck.NONE));
    }

    // --- raw calls: bodies written and answers read with Jackson's streaming API, no SDK request/response model ---

    /** What {@link #writeRaw} answers: the item after an update, or before the write when its condition failed. */
    public record RawUpdate(boolean conditionFailed, Map<String, AttrValue> item) {
    }

    private static final Set<String> CONDITION_FAILED = Set.of("ConditionalCheckFailedException");

    /** GetItem of {@code key} ({@code projection}: the attributes to read, null for all); empty when there is no such item. */
    public Optional<Map<String, AttrValue>> getItemRaw(String table, Map<String, AttrValue> key, boolean consistentRead,
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
        Map<String, AttrValue> item = member(client.callRaw("GetItem", body, Set.of()).body(), "Item");
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * One write on its own (PutItem, UpdateItem or DeleteItem; a {@link Write.Check} is a transaction's only). A failed
     * condition throws the SDK's {@code ConditionalCheckFailedException}, built only then, unless {@code failedAsResult}.
     * With {@code returnItems} the answer holds the item after an update ({@code ReturnValues=ALL_NEW}) and a failed
     * condition the item before it ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}, also on the exception).
     */
    public RawUpdate writeRaw(String table, Write write, boolean failedAsResult, boolean returnItems) {
        if (write instanceof Write.Check) {
            throw new IllegalArgumentException("a condition check goes in a transaction");
        }
        String operation = byKind(write, "PutItem", "UpdateItem", "DeleteItem", null);
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
        Map<String, AttrValue> item = member(a.body(), a.errorCode() == null ? "Attributes" : "Item");
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
                g.writeObjectFieldStart(byKind(w, "Put", "Update", "Delete", "ConditionCheck"));
                writeMembers(g, table, w);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
        client.callRaw("TransactWriteItems", body, Set.of());
    }

    /** TransactGetItems of {@code keys} in {@code table}: each item, or an empty map where there is none, in order. */
    public List<Map<String, AttrValue>> transactGetRaw(String table, List<Map<String, AttrValue>> keys) {
        byte[] body = json(g -> {
            g.writeArrayFieldStart("TransactItems");
            for (Map<String, AttrValue> k : keys) {
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
        List<Map<String, AttrValue>> items = new ArrayList<>();
        try (JsonParser p = answer(client.callRaw("TransactGetItems", body, Set.of()).body())) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("Responses")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, AttrValue> item = Map.of();
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
        writeItem(g, w instanceof Write.Put p ? p.item() : w instanceof Write.Update u ? u.key()
                : w instanceof Write.Delete d ? d.key() : ((Write.Check) w).key());
        if (w instanceof Write.Update u) {
            g.writeStringField("UpdateExpression", u.update());
        }
        writeCondition(g, w.condition(), w.names(), w.values());
    }

    /**
     * {@code put}, {@code update}, {@code delete} or {@code check} by the kind of {@code w} (Write is sealed: one of the
     * four). Tests of its class rather than a pattern switch, whose first use bootstraps SwitchBootstraps and generates
     * a class: ~3 ms of every cold start that writes.
     */
    private static <T> T byKind(Write w, T put, T update, T delete, T check) {
        if (w instanceof Write.Put) {
            return put;
        }
        if (w instanceof Write.Update) {
            return update;
        }
        return w instanceof Write.Delete ? delete : check;
    }

    /** One page of a Query: its items and the key to start the next page from (null after the last page). */
    public record RawPage(List<Map<String, AttrValue>> items, Map<String, AttrValue> lastKey) {
    }

    /**
     * Query of {@code table} ({@code index}: an index, or null for the table) for {@code keyCondition}, at most
     * {@code limit} items (null: DynamoDB's 1 MB page), from {@code startKey} (null: the first page).
     */
    public RawPage queryRaw(String table, String index, String keyCondition, Map<String, String> names,
                            Map<String, AttrValue> values, Integer limit, Map<String, AttrValue> startKey, boolean ascending) {
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
        List<Map<String, AttrValue>> items = new ArrayList<>();
        Map<String, AttrValue> last = null;
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
    public record RawBatch(List<Map<String, AttrValue>> items, List<Map<String, AttrValue>> unprocessed) {
    }

    /** BatchGetItem of at most 100 {@code keys} of {@code table}. */
    public RawBatch batchGetRaw(String table, List<Map<String, AttrValue>> keys, boolean consistentRead) {
        byte[] body = json(g -> {
            g.writeObjectFieldStart("RequestItems");
            g.writeObjectFieldStart(table);
            g.writeArrayFieldStart("Keys");
            for (Map<String, AttrValue> k : keys) {
                writeItem(g, k);
            }
            g.writeEndArray();
            if (consistentRead) {
                g.writeBooleanField("ConsistentRead", true);
            }
            g.writeEndObject();
            g.writeEndObject();
        });
        List<Map<String, AttrValue>> items = new ArrayList<>();
        List<Map<String, AttrValue>> left = new ArrayList<>();
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
    private static void readItems(JsonParser p, List<Map<String, AttrValue>> into) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            into.add(readItem(p));
        }
    }

    /** A parser on an answer, past its START_OBJECT. */
    private static JsonParser answer(byte[] body) throws IOException {
        JsonParser p = AwsJson.parser(body);
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
                                       Map<String, AttrValue> values) throws IOException {
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

    /**
     * SnapStart priming of the raw path ({@code snapstart.Priming}): a canned item of the common kinds written as a
     * request body and read back from it as an answer, so the writer, the reader and AttrValue are
     * loaded and run in the snapshot; no client is built and nothing goes on the network.
     */
    public static void primeCodec() {
        Map<String, AttrValue> item = Map.of("PK", AttrValue.fromS("PRIMING"), "n", AttrValue.fromN("1"),
                "l", AttrValue.fromL(List.of(AttrValue.fromBool(true), AttrValue.fromNul(true))),
                "m", AttrValue.fromM(Map.of("ss", AttrValue.fromSs(List.of("a")))));
        byte[] body = json(g -> {
            g.writeStringField("TableName", "priming");
            g.writeFieldName("Item");
            writeItem(g, item);
        });
        member(body, "Item");
    }

    // --- DynamoDB's JSON of attribute values ({"S":"x"}, {"N":"1.5"}, {"B":"base64"}, ...), our AttrValue ---

    /** Writes a map of values (an item, a key, expression attribute values) as one JSON object. */
    public static void writeItem(JsonGenerator g, Map<String, AttrValue> item) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttrValue> e : item.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    /** Writes one value; a number goes as its text, never through a double. */
    public static void writeValue(JsonGenerator g, AttrValue v) throws IOException {
        g.writeStartObject();
        switch (v.type()) {
            case S -> g.writeStringField("S", v.s());
            case N -> g.writeStringField("N", v.n());
            case B -> g.writeStringField("B", Base64.getEncoder().encodeToString(v.b()));
            case BOOL -> g.writeBooleanField("BOOL", v.bool());
            case NUL -> g.writeBooleanField("NULL", true);
            case M -> {
                g.writeFieldName("M");
                writeItem(g, v.m());
            }
            case L -> {
                g.writeArrayFieldStart("L");
                for (AttrValue e : v.l()) {
                    writeValue(g, e);
                }
                g.writeEndArray();
            }
            case SS -> strings(g, "SS", v.ss());
            case NS -> strings(g, "NS", v.ns());
            case BS -> {
                g.writeArrayFieldStart("BS");
                for (byte[] b : v.bs()) {
                    g.writeString(Base64.getEncoder().encodeToString(b));
                }
                g.writeEndArray();
            }
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
    public static Map<String, AttrValue> readItem(JsonParser p) throws IOException {
        Map<String, AttrValue> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, readValue(p));
        }
        return m;
    }

    /** Reads one value; the parser is on its START_OBJECT. */
    public static AttrValue readValue(JsonParser p) throws IOException {
        AttrValue v = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String type = p.currentName();
            p.nextToken();
            v = switch (type) {
                case "S" -> AttrValue.fromS(p.getText());
                case "N" -> AttrValue.fromN(p.getText());
                case "B" -> AttrValue.fromB(Base64.getDecoder().decode(p.getText()));
                case "BOOL" -> AttrValue.fromBool(p.getBooleanValue());
                case "NULL" -> AttrValue.fromNul(true);
                case "M" -> AttrValue.fromM(readItem(p));
                case "L" -> {
                    List<AttrValue> l = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        l.add(readValue(p));
                    }
                    yield AttrValue.fromL(l);
                }
                case "SS" -> AttrValue.fromSs(readStrings(p));
                case "NS" -> AttrValue.fromNs(readStrings(p));
                case "BS" -> {
                    List<byte[]> l = new ArrayList<>();
                    for (String s : readStrings(p)) {
                        l.add(Base64.getDecoder().decode(s));
                    }
                    yield AttrValue.fromBs(l);
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
        try (JsonGenerator g = AwsJson.generator(out)) {
            g.writeStartObject();
            members.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The map of attribute values an answer holds under {@code name} (null when absent); other members skipped. */
    private static Map<String, AttrValue> member(byte[] body, String name) {
        try (JsonParser p = answer(body)) {
            Map<String, AttrValue> found = null;
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
}
