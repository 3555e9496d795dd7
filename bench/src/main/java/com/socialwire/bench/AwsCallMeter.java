package com.socialwire.bench;

import com.socialwire.shared.aws.AwsCallObserver;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one way the benchmarks count AWS calls: an SDK interceptor that every client in a benchmark
 * JVM carries (registered globally through {@code software/amazon/awssdk/global/handlers/execution.interceptors},
 * which only the bench module ships) and, the same way, the observer of the functions' lean AWS clients (DynamoDB, SQS, KMS;
 * {@code META-INF/services/com.socialwire.shared.aws.AwsCallObserver}), so the functions the local runtime hosts are counted without
 * a line of their code changing. Each call is counted under the caller (the access key id, which
 * locally is the function's logical id; the stores' own key is the local runtime acting as Lambda's
 * event source mappings), the service and the operation. After {@link #askForCapacity} every DynamoDB
 * request is sent with {@code ReturnConsumedCapacity=INDEXES} and the capacity units DynamoDB Local answers are summed (table and indexes);
 * SQS requests are counted in billed requests (64 KB chunks of payload per request).
 */
public final class AwsCallMeter implements ExecutionInterceptor, AwsCallObserver {

    /** What one caller did with one operation of one service. */
    public static final class Tally {
        public final LongAdder calls = new LongAdder();
        /** DynamoDB: consumed read and write capacity units as DynamoDB reported them. */
        public final DoubleAdder readUnits = new DoubleAdder();
        public final DoubleAdder writeUnits = new DoubleAdder();
        /** DynamoDB Query/Scan: items returned and evaluated. */
        public final LongAdder items = new LongAdder();
        public final LongAdder scanned = new LongAdder();
        /** SQS: billed requests (each 64 KB chunk of a request's payload is one). ReceiveMessage that got nothing is counted apart. */
        public final LongAdder billedRequests = new LongAdder();
        public final LongAdder emptyReceives = new LongAdder();
        /** DynamoDB calls that answered no consumed capacity (to say so rather than price them as free). */
        public final LongAdder unmeasured = new LongAdder();
        /** Time the calls took, from the SDK's start of the call to its answer (the local stores' latency, not AWS's). */
        public final LongAdder nanos = new LongAdder();
    }

    /** One line of the meter: caller, service, operation. */
    public record Key(String caller, String service, String operation) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return toString().compareTo(o.toString());
        }
    }

    public static final String DYNAMODB = "DynamoDB";
    public static final String SQS = "SQS";
    public static final String S3 = "S3";
    public static final String KMS = "KMS";

    private static final Map<Key, Tally> TALLIES = new ConcurrentHashMap<>();
    private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Long> STARTED =
            new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("AwsCallMeter.started");
    private static final ThreadLocal<Long> LEAN_STARTED = new ThreadLocal<>();

    /** Forgets everything counted so far (a benchmark's set-up is not what it measures). */
    public static void reset() {
        TALLIES.clear();
    }

    /** What was counted since the last {@link #reset}, sorted by caller, service, operation. */
    public static Map<Key, Tally> snapshot() {
        return new TreeMap<>(TALLIES);
    }

    /** Calls per operation of one service, over every caller. */
    public static Map<String, Long> operations(String service) {
        Map<String, Long> out = new TreeMap<>();
        TALLIES.forEach((k, t) -> {
            if (k.service().equals(service)) {
                out.merge(k.operation(), t.calls.sum(), Long::sum);
            }
        });
        return out;
    }

    /** The sum of one measure over every line of a service. */
    public static double total(String service, java.util.function.ToDoubleFunction<Tally> measure) {
        return TALLIES.entrySet().stream().filter(e -> e.getKey().service().equals(service))
                .mapToDouble(e -> measure.applyAsDouble(e.getValue())).sum();
    }

    /** Whether DynamoDB requests ask for their consumed capacity: only in the benchmarks that price them (the latency ones stay unchanged). */
    private static volatile boolean capacity;

    /** From now on, every DynamoDB request of this JVM asks for its consumed capacity. */
    public static void askForCapacity() {
        capacity = true;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return withCapacity(context.request());
    }

    /** The lean DynamoDB client's requests ask for their capacity as the SDK's do. */
    @Override
    public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
        LEAN_STARTED.set(System.nanoTime()); // the lean client is synchronous: its answer comes back on this thread
        return withCapacity(request);
    }

    private static SdkRequest withCapacity(SdkRequest r) {
        if (!capacity) {
            return r;
        }
        // INDEXES, not TOTAL: DynamoDB Local leaves the index units out of a transaction's TOTAL
        ReturnConsumedCapacity total = ReturnConsumedCapacity.INDEXES;
        if (r instanceof GetItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof PutItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof UpdateItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof DeleteItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof ScanRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchGetItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchWriteItemRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactGetItemsRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactWriteItemsRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(caller(context.httpRequest()), service(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request(), context.response(),
                attributes.getAttribute(STARTED));
    }

    /** A call of a lean client, counted as the SDK's are. */
    @Override
    public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
        count(accessKeyId, service(service), operation, request, response, LEAN_STARTED.get());
    }

    private static void count(String caller, String service, String op, SdkRequest request, SdkResponse response, Long started) {
        // an SQS call is named with its queue, so a scenario can take the event-source polls of its own queues only
        // and a DynamoDB call with the kinds of item it touches (the sort key up to its first '#'), to find the costly ones
        String name = switch (service) {
            case SQS -> op + " " + request.getValueForField("QueueUrl", String.class).map(u -> u.substring(u.lastIndexOf('/') + 1)).orElse("?");
            case DYNAMODB -> op + " " + kinds(request);
            default -> op;
        };
        Tally t = TALLIES.computeIfAbsent(new Key(caller, service, name), k -> new Tally());
        t.calls.increment();
        if (started != null) {
            t.nanos.add(System.nanoTime() - started);
        }
        if (service.equals(DYNAMODB)) {
            List<ConsumedCapacity> capacity = capacity(response);
            if (capacity == null) {
                t.unmeasured.increment();
            } else {
                for (ConsumedCapacity c : capacity) {
                    // DynamoDB Local answers CapacityUnits only; which kind follows from the operation
                    double units = units(c);
                    if (op.equals("TransactWriteItems")) {
                        // DynamoDB Local reports a transactional write at 4 units per KB; AWS charges 2 (AwsCallMeterIT)
                        units /= 2;
                    }
                    if (writes(op)) {
                        t.writeUnits.add(units);
                    } else {
                        t.readUnits.add(units);
                    }
                }
            }
            if (response instanceof QueryResponse q) {
                t.items.add(q.count());
                t.scanned.add(q.scannedCount());
            } else if (response instanceof ScanResponse s) {
                t.items.add(s.count());
                t.scanned.add(s.scannedCount());
            }
        } else if (service.equals(SQS)) {
            if (response instanceof ReceiveMessageResponse rm && rm.messages().isEmpty()) {
                t.emptyReceives.increment();
            } else {
                t.billedRequests.add(chunks(request));
            }
        }
    }

    /**
     * The units of one table's share of a call: its total, or the table's and its indexes' parts added up when
     * that is more (DynamoDB Local's total of a TransactWriteItems can leave the index writes out; a put's includes them).
     */
    static double units(ConsumedCapacity c) {
        double total = c.capacityUnits() == null ? 0 : c.capacityUnits();
        double parts = c.table() == null || c.table().capacityUnits() == null ? 0 : c.table().capacityUnits();
        if (c.hasGlobalSecondaryIndexes()) {
            parts += c.globalSecondaryIndexes().values().stream().mapToDouble(i -> i.capacityUnits() == null ? 0 : i.capacityUnits()).sum();
        }
        if (c.hasLocalSecondaryIndexes()) {
            parts += c.localSecondaryIndexes().values().stream().mapToDouble(i -> i.capacityUnits() == null ? 0 : i.capacityUnits()).sum();
        }
        return Math.max(total, parts);
    }

    /**
     * A DynamoDB call that failed, counted (not priced) under its operation and the reason DynamoDB gave — a
     * cancelled transaction by its first cancellation code — so contention on one item shows whatever else loads
     * the machine.
     */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (DYNAMODB.equals(service(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))) {
            countFailure(context.httpRequest().map(AwsCallMeter::caller).orElse("unsigned"),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.exception());
        }
    }

    /** A failed call of a lean client, counted as the SDK's are (DynamoDB's only). */
    @Override
    public void failed(String service, String operation, SdkRequest request, Throwable error, String accessKeyId) {
        if (DYNAMODB.equals(service(service))) {
            countFailure(accessKeyId, operation, error);
        }
    }

    private static void countFailure(String caller, String operation, Throwable error) {
        String why = error instanceof software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e
                && e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(r -> r.code()).filter(c -> c != null && !"None".equals(c)).findFirst().orElse("?")
                : error.getClass().getSimpleName();
        TALLIES.computeIfAbsent(new Key(caller, DYNAMODB, operation + " failed: " + why), k -> new Tally()).calls.increment();
    }

    /** The SDK's service name ("DynamoDb", "Sqs", ...) as AWS's price list spells it. */
    static String service(String sdkName) {
        return switch (sdkName.toLowerCase(java.util.Locale.ROOT)) {
            case "dynamodb" -> DYNAMODB;
            case "sqs" -> SQS;
            case "s3" -> S3;
            case "kms" -> KMS;
            default -> sdkName;
        };
    }

    public static boolean writes(String op) {
        return switch (op) {
            case "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems" -> true;
            default -> false;
        };
    }

    /** The kinds of item a DynamoDB request touches: each key's sort key up to its first '#' (an index query: the index). */
    static String kinds(SdkRequest r) {
        if (r instanceof GetItemRequest q) {
            return kind(q.key());
        } else if (r instanceof PutItemRequest q) {
            return kind(q.item());
        } else if (r instanceof UpdateItemRequest q) {
            return kind(q.key());
        } else if (r instanceof DeleteItemRequest q) {
            return kind(q.key());
        } else if (r instanceof QueryRequest q) {
            return q.indexName() == null ? "table" : q.indexName();
        } else if (r instanceof TransactWriteItemsRequest q) {
            return q.transactItems().stream().map(i -> i.put() != null ? "Put " + kind(i.put().item())
                    : i.update() != null ? "Update " + kind(i.update().key())
                    : i.delete() != null ? "Delete " + kind(i.delete().key())
                    : "Check " + kind(i.conditionCheck().key())).sorted().collect(java.util.stream.Collectors.joining(" + "));
        } else if (r instanceof TransactGetItemsRequest q) {
            return q.transactItems().stream().map(i -> kind(i.get().key())).sorted().collect(java.util.stream.Collectors.joining(" + "));
        } else if (r instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest q) {
            // the kinds it reads, each once: a page of 100 posts is "POST", the ledger's snapshot "BALANCE + RESERVATION"
            return q.requestItems().values().stream().flatMap(k -> k.keys().stream()).map(AwsCallMeter::kind).distinct().sorted()
                    .collect(java.util.stream.Collectors.joining(" + "));
        }
        return "";
    }

    private static String kind(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key) {
        var sk = key.get("SK");
        String v = sk == null || sk.s() == null ? "?" : sk.s();
        int hash = v.indexOf('#');
        String head = hash < 0 ? v : v.substring(0, hash);
        // a sort key that starts with a time (a review activity row) is named by its partition's last part, not its instant
        if (!head.isEmpty() && Character.isDigit(head.charAt(0))) {
            var pk = key.get("PK");
            String p = pk == null || pk.s() == null ? "" : pk.s();
            return p.substring(p.lastIndexOf('#') + 1) + " (by time)";
        }
        return head;
    }

    /** SQS bills each 64 KB chunk of a request's payload as one request. */
    static long chunks(SdkRequest request) {
        long bytes = 0;
        if (request instanceof SendMessageRequest s) {
            bytes = s.messageBody().getBytes(StandardCharsets.UTF_8).length;
        } else if (request instanceof SendMessageBatchRequest b) {
            bytes = b.entries().stream().mapToLong(e -> e.messageBody().getBytes(StandardCharsets.UTF_8).length).sum();
        }
        return Math.max(1, (bytes + 65_535) / 65_536);
    }

    private static List<ConsumedCapacity> capacity(SdkResponse r) {
        ConsumedCapacity one = null;
        List<ConsumedCapacity> many = null;
        if (r instanceof GetItemResponse x) {
            one = x.consumedCapacity();
        } else if (r instanceof PutItemResponse x) {
            one = x.consumedCapacity();
        } else if (r instanceof UpdateItemResponse x) {
            one = x.consumedCapacity();
        } else if (r instanceof DeleteItemResponse x) {
            one = x.consumedCapacity();
        } else if (r instanceof QueryResponse x) {
            one = x.consumedCapacity();
        } else if (r instanceof ScanResponse x) {
            one = x.consumedCapacity();
        } else if (r instanceof BatchGetItemResponse x && x.hasConsumedCapacity()) {
            many = x.consumedCapacity();
        } else if (r instanceof BatchWriteItemResponse x && x.hasConsumedCapacity()) {
            many = x.consumedCapacity();
        } else if (r instanceof TransactGetItemsResponse x && x.hasConsumedCapacity()) {
            many = x.consumedCapacity();
        } else if (r instanceof TransactWriteItemsResponse x && x.hasConsumedCapacity()) {
            many = x.consumedCapacity();
        }
        if (one != null) {
            return List.of(one);
        }
        return many;
    }

    /** The access key id the request was signed with: locally, the calling function's logical id. */
    private static String caller(software.amazon.awssdk.http.SdkHttpRequest request) {
        String auth = request.firstMatchingHeader("Authorization").orElse("");
        int c = auth.indexOf("Credential=");
        if (c < 0) {
            return "unsigned";
        }
        int end = auth.indexOf('/', c);
        return end < 0 ? "unknown" : auth.substring(c + "Credential=".length(), end);
    }
}
