package com.socialwire.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ImportTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ImportTableResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
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
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.dynamodb.model.PutResourcePolicyResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
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
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * A DynamoDB client that speaks DynamoDB's JSON protocol itself, behind the SDK's own {@link DynamoDbClient}
 * interface, so every caller ({@code Table}, the stores, the ledger, consumer-builder calls, {@code queryPaginator})
 * is unchanged while a function's first request no longer builds the SDK's client (endpoint rules, auth scheme
 * resolution, interceptor chain, protocol marshallers, its shaded Jackson, retry and checksum machinery: ~2,000
 * classes and ~0.8 s of a cold start). Requests and answers are the SDK's model objects, (un)marshalled through
 * their own field metadata ({@link DynamoDbJson}); errors are the SDK's exception types with the status, error code,
 * message and request id the SDK would give them; requests are signed with {@link SigV4} and sent over
 * {@link HttpURLConnection} (keep-alive, 2 s to connect, 10 s to read), to {@code DYNAMODB_ENDPOINT} when set.
 * Throttling, 5xx and I/O failures are retried as the SDK's standard mode does for DynamoDB (9 attempts, full-jitter
 * exponential backoff from 25 ms); a failed condition or a bad request never is. Operations the code does not use
 * throw {@link UnsupportedOperationException} naming the operation.
 */
public final class LeanDynamoDb implements DynamoDbClient {

    static final int MAX_ATTEMPTS = 9;
    static final long BASE_DELAY_MS = 25;
    static final long MAX_DELAY_MS = 3_000;
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String SDK_SERVICE_NAME = "DynamoDb";
    /** Error codes that say "slow down" (with any 5xx and 429 they are retried). */
    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "RequestThrottledException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
            "TransactionInProgressException", "TooManyRequestsException", "RequestTimeout", "RequestTimeoutException",
            "PriorRequestNotComplete");

    private static final class Discovered {
        static final List<DynamoDbObserver> OBSERVERS = DynamoDbObserver.discovered();
    }

    private final URL url;
    private final String host;
    private final String path;
    private final SigV4 signer;
    private final AwsCredentialsProvider credentials;
    private final List<DynamoDbObserver> observers;
    private final Clock clock;

    public LeanDynamoDb(URI endpoint, String region, AwsCredentialsProvider credentials, List<DynamoDbObserver> observers, Clock clock) {
        try {
            this.url = endpoint.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("bad DynamoDB endpoint " + endpoint, e);
        }
        int port = endpoint.getPort();
        boolean defaultPort = port < 0 || port == ("https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80);
        this.host = endpoint.getHost() + (defaultPort ? "" : ":" + port);
        String p = endpoint.getRawPath();
        this.path = p == null || p.isEmpty() ? "/" : p;
        this.signer = new SigV4(region, "dynamodb");
        this.credentials = credentials;
        this.observers = observers;
        this.clock = clock;
    }

    /** With the region, credentials and {@code DYNAMODB_ENDPOINT} override of {@code aws}, and the discovered observers. */
    public static LeanDynamoDb of(AwsClients aws) {
        String region = aws.region().id();
        URI endpoint = aws.endpoint("DYNAMODB_ENDPOINT").orElseGet(() -> URI.create("https://dynamodb." + region + "."
                + (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com")));
        return new LeanDynamoDb(endpoint, region, aws.credentials(), Discovered.OBSERVERS, Clock.systemUTC());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing to release: HttpURLConnection's keep-alive cache is the JVM's
    }

    /** Sends one operation, retrying what DynamoDB or the network says is worth retrying. */
    @SuppressWarnings("unchecked")
    private <R> R call(String operation, SdkRequest original, Supplier<? extends SdkPojo> answer) {
        SdkRequest request = original;
        for (DynamoDbObserver o : observers) {
            request = o.beforeCall(operation, request);
        }
        byte[] body = DynamoDbJson.write((SdkPojo) request);
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                Answer a = send(operation, body, identity);
                if (a.status / 100 == 2 && a.crcMatches()) {
                    R response = DynamoDbJson.read(a.body, answer.get());
                    for (DynamoDbObserver o : observers) {
                        o.succeeded(operation, request, (software.amazon.awssdk.core.SdkResponse) response, identity.accessKeyId());
                    }
                    return response;
                }
                failure = a.status / 100 == 2
                        ? SdkClientException.builder().numAttempts(attempt).message("DynamoDB's answer to " + operation
                                + " does not match its x-amz-crc32 (request id " + a.requestId + ")").build()
                        : error(a, attempt);
            } catch (IOException e) {
                failure = SdkClientException.builder().numAttempts(attempt).cause(e)
                        .message("Unable to execute HTTP request to DynamoDB (" + operation + "): " + e.getMessage()).build();
            }
            if (attempt >= MAX_ATTEMPTS || !retryable(failure)) {
                for (DynamoDbObserver o : observers) {
                    o.failed(operation, request, failure, identity.accessKeyId());
                }
                throw failure;
            }
            pause(attempt);
        }
    }

    private record Answer(int status, byte[] body, String requestId, String crc32) {
        boolean crcMatches() {
            if (crc32 == null) {
                return true;
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            try {
                return crc.getValue() == Long.parseLong(crc32.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    private Answer send(String operation, byte[] body, AwsCredentialsIdentity identity) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(10_000);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host); // HttpURLConnection sends it itself, the same way
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("X-Amz-Content-Sha256", SigV4.hex(SigV4.sha256(body))); // as the SDK's signer sends it
        headers.put("X-Amz-Date", SigV4.amzDate(clock.instant()));
        headers.put("X-Amz-Target", TARGET_PREFIX + operation);
        if (identity instanceof AwsSessionCredentialsIdentity s) {
            headers.put("X-Amz-Security-Token", s.sessionToken());
        }
        String authorization = signer.authorization("POST", path, Map.of(), headers, body, identity);
        headers.forEach((k, v) -> {
            if (!k.equals("Host")) {
                c.setRequestProperty(k, v);
            }
        });
        c.setRequestProperty("Authorization", authorization);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        byte[] answer;
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes(); // read to the end: the connection goes back to the pool
        }
        return new Answer(status, answer, c.getHeaderField("x-amzn-RequestId"), c.getHeaderField("x-amz-crc32"));
    }

    /** The SDK's exception for an error answer: its type from {@code __type}, its members (Item, CancellationReasons) from the body. */
    static DynamoDbException error(int status, byte[] body, String requestId, int attempts) {
        Map<String, String> s = DynamoDbJson.strings(body, List.of("__type", "message", "Message"));
        String type = s.getOrDefault("__type", "");
        String code = type.isEmpty() ? null : type.substring(type.lastIndexOf('#') + 1);
        String message = s.containsKey("message") ? s.get("message") : s.get("Message");
        DynamoDbException.Builder b = builderFor(code);
        b.message(message).statusCode(status).requestId(requestId).numAttempts(attempts)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(SDK_SERVICE_NAME)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build());
        if (b instanceof SdkPojo pojo && body.length > 0 && code != null) {
            return DynamoDbJson.read(body, pojo);
        }
        return (DynamoDbException) b.build();
    }

    private DynamoDbException error(Answer a, int attempts) {
        return error(a.status, a.body, a.requestId, attempts);
    }

    private static DynamoDbException.Builder builderFor(String code) {
        if (code == null) {
            return DynamoDbException.builder();
        }
        return switch (code) {
            case "ConditionalCheckFailedException" -> ConditionalCheckFailedException.builder();
            case "TransactionCanceledException" -> TransactionCanceledException.builder();
            case "TransactionConflictException" -> TransactionConflictException.builder();
            case "TransactionInProgressException" -> TransactionInProgressException.builder();
            case "ProvisionedThroughputExceededException" -> ProvisionedThroughputExceededException.builder();
            case "ThrottlingException" -> ThrottlingException.builder();
            case "RequestLimitExceeded" -> RequestLimitExceededException.builder();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "ResourceInUseException" -> ResourceInUseException.builder();
            case "ItemCollectionSizeLimitExceededException" -> ItemCollectionSizeLimitExceededException.builder();
            case "InternalServerError" -> InternalServerErrorException.builder();
            case "IdempotentParameterMismatchException" -> IdempotentParameterMismatchException.builder();
            case "LimitExceededException" -> LimitExceededException.builder();
            case "ReplicatedWriteConflictException" -> ReplicatedWriteConflictException.builder();
            default -> DynamoDbException.builder(); // ValidationException, AccessDeniedException, ... as the SDK gives them
        };
    }

    static boolean retryable(RuntimeException failure) {
        if (failure instanceof DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return e.statusCode() >= 500 || e.statusCode() == 429 || (code != null && THROTTLING.contains(code));
        }
        return failure instanceof SdkClientException; // the network, or an answer damaged on the way
    }

    /** Full jitter: a random pause up to min(cap, base * 2^(attempt-1)). */
    private static void pause(int attempt) {
        long ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("interrupted while retrying a DynamoDB call").cause(e).build();
        }
    }

    private static UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException("LeanDynamoDb does not implement " + operation
                + " (functions use the data-plane calls only); use the SDK's DynamoDbClient for it");
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
