package com.socialwire.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The one transport of the lean AWS clients ({@link LeanDynamoDb}, {@link LeanKms}, {@link LeanSqs}): an AWS
 * JSON-protocol call ({@code POST /}, {@code X-Amz-Target: <prefix>.<Operation>}, the request model as JSON by
 * {@link AwsJson}) signed with {@link SigV4} and sent over {@link HttpURLConnection} (keep-alive, 2 s to connect,
 * 10 s to read); the answer read into the SDK's response model, an error into the SDK's own exception type for its
 * code, with the status, code, message and request id the SDK would give it. Throttling, 5xx, 429 and I/O failures
 * are retried as the SDK's default retry mode does for the service (attempts and base delay per {@link Service}, full
 * jitter); a bad request never is. Every call is seen by the discovered {@link AwsCallObserver}s.
 */
final class AwsJsonClient {

    static {
        com.socialwire.shared.providers.HttpUrlConnections.configure(); // before the JVM's first HTTP connection
    }

    /** Error codes that say "slow down" (with any 5xx and 429 they are retried). */
    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "RequestThrottledException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
            "TransactionInProgressException", "TooManyRequestsException", "RequestTimeout", "RequestTimeoutException",
            "PriorRequestNotComplete", "BandwidthLimitExceeded", "SlowDown", "EC2ThrottledException");
    static final long MAX_DELAY_MS = 3_000;

    /**
     * How one service speaks the protocol. {@code sdkName}: the SDK's service name (in errors and to observers);
     * {@code modelPackage}: where the SDK keeps its model, whose exception classes are named after the error codes;
     * {@code queryCompatible}: the service also answers the code its query protocol would (SQS's
     * {@code x-amzn-query-error}), which the SDK gives as the error code.
     */
    record Service(String sdkName, String signingName, String targetPrefix, String contentType, int maxAttempts, long baseDelayMs,
                   boolean checkCrc32, boolean queryCompatible, String modelPackage,
                   Supplier<? extends AwsServiceException.Builder> baseException) {

        /** The endpoint of the service in {@code region} (AWS's standard partition and China's). */
        URI endpoint(String region) {
            return URI.create("https://" + signingName + "." + region + "." + (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"));
        }
    }

    /** Checks a successful answer before it is returned (SQS's MD5 of the bodies): throws when it must not be trusted. */
    interface AnswerCheck {
        /** No check: null, which the client skips (a lambda here would spin a class at every cold start). */
        AnswerCheck NONE = null;

        void check(String operation, SdkRequest request, SdkResponse response);
    }

    static final class Discovered {
        static final List<AwsCallObserver> OBSERVERS = AwsCallObserver.discovered();
    }

    /** Per exception class name: its builder, or empty where the model has no such class. */
    private static final Map<String, Optional<java.lang.reflect.Method>> EXCEPTION_BUILDERS = new ConcurrentHashMap<>();

    private final Service service;
    private final URL url;
    private final String host;
    private final String path;
    private final SigV4 signer;
    private final AwsCredentialsProvider credentials;
    private final List<AwsCallObserver> observers;
    private final Clock clock;
    private final AnswerCheck answerCheck;

    AwsJsonClient(Service service, URI endpoint, String region, AwsCredentialsProvider credentials, List<AwsCallObserver> observers,
                  Clock clock, AnswerCheck answerCheck) {
        this.service = service;
        try {
            this.url = endpoint.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("bad " + service.sdkName() + " endpoint " + endpoint, e);
        }
        int port = endpoint.getPort();
        boolean defaultPort = port < 0 || port == ("https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80);
        this.host = endpoint.getHost() + (defaultPort ? "" : ":" + port);
        String p = endpoint.getRawPath();
        this.path = p == null || p.isEmpty() ? "/" : p;
        this.signer = new SigV4(region, service.signingName());
        this.credentials = credentials;
        this.observers = observers;
        this.clock = clock;
        this.answerCheck = answerCheck;
    }

    /** With the region, credentials and endpoint override ({@code endpointKey}) of {@code aws}, and the discovered observers. */
    static AwsJsonClient of(Service service, AwsClients aws, String endpointKey, AnswerCheck answerCheck) {
        String region = aws.regionId();
        Optional<URI> endpoint = aws.endpoint(endpointKey);
        return new AwsJsonClient(service, endpoint.isPresent() ? endpoint.get() : service.endpoint(region), region,
                aws.credentials(), Discovered.OBSERVERS, Clock.systemUTC(), answerCheck);
    }

    String signingName() {
        return service.signingName();
    }

    /** Sends one operation, retrying what the service or the network says is worth retrying. */
    @SuppressWarnings("unchecked")
    <R> R call(String operation, SdkRequest original, Supplier<? extends SdkPojo> answer) {
        SdkRequest request = original;
        for (AwsCallObserver o : observers) {
            request = o.beforeCall(service.sdkName(), operation, request);
        }
        SdkRequest sent = request;
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        byte[] body = AwsJson.write((SdkPojo) request);
        byte[] bytes = exchangeRetrying(operation, sent, body, identity, Set.of()).body();
        R response = AwsJson.read(bytes, answer.get());
        try {
            if (answerCheck != null) {
                answerCheck.check(operation, sent, (SdkResponse) response);
            }
        } catch (RuntimeException e) {
            tellFailed(operation, sent, e, identity);
            throw e;
        }
        for (AwsCallObserver o : observers) {
            o.succeeded(service.sdkName(), operation, sent, (SdkResponse) response, identity.accessKeyId());
        }
        return response;
    }

    /**
     * What {@link #callRaw} answers: the body of a 2xx answer ({@code errorCode} null), or of
     * an error whose code the caller said it handles itself (a failed condition, with the old item it asked for).
     */
    record RawAnswer(int status, String errorCode, byte[] body) {
    }

    /**
     * One operation whose JSON body the caller wrote itself (no SDK model); signing,
     * retries and errors as {@link #call}, except that an error whose code is in {@code handledCodes} is answered,
     * not thrown (and not retried), so its members are not read into the SDK's model.
     * With observers (only the benchmarks' meter; a function ships none) the call is shown to them in the SDK's model,
     * exactly as {@link #call} shows it: the body read into the operation's request class, passed through
     * {@link AwsCallObserver#beforeCall} (the meter asks for the consumed capacity there) and written again, the answer
     * read into its response class, a handled error into its exception with its members. Without observers — every
     * function — no model class is loaded.
     */
    RawAnswer callRaw(String operation, byte[] body, Set<String> handledCodes) {
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SdkRequest request = null;
        byte[] sent = body;
        if (!observers.isEmpty()) {
            request = AwsJson.read(body, modelBuilder(operation + "Request"));
            for (AwsCallObserver o : observers) {
                request = o.beforeCall(service.sdkName(), operation, request);
            }
            sent = AwsJson.write((SdkPojo) request);
        }
        RawAnswer answer = exchangeRetrying(operation, request, sent, identity, handledCodes);
        if (!observers.isEmpty()) {
            if (answer.errorCode() == null) {
                SdkResponse response = AwsJson.read(answer.body(), modelBuilder(operation + "Response"));
                for (AwsCallObserver o : observers) {
                    o.succeeded(service.sdkName(), operation, request, response, identity.accessKeyId());
                }
            } else {
                tellFailed(operation, request, error(service, answer.status(), answer.body(), null, null, 1), identity);
            }
        }
        return answer;
    }

    /** A new builder of the model class {@code simpleName} of the service (for the observers of a raw call). */
    private SdkPojo modelBuilder(String simpleName) {
        try {
            return (SdkPojo) Class.forName(service.modelPackage() + "." + simpleName, true, AwsJsonClient.class.getClassLoader())
                    .getMethod("builder").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no model class " + simpleName + " for " + service.sdkName(), e);
        }
    }

    /**
     * The first 2xx answer (with a matching CRC), or error answer whose code is in {@code handledCodes}; a failure that
     * stays is told to the observers and thrown.
     */
    private RawAnswer exchangeRetrying(String operation, SdkRequest request, byte[] body, AwsCredentialsIdentity identity,
                                       Set<String> handledCodes) {
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                Answer a = send(operation, body, identity);
                if (a.status / 100 == 2 && (!service.checkCrc32() || a.crcMatches())) {
                    return new RawAnswer(a.status, null, a.body);
                }
                if (a.status / 100 == 4 && !handledCodes.isEmpty()) {
                    String code = errorCode(a.body);
                    if (handledCodes.contains(code)) {
                        return new RawAnswer(a.status, code, a.body);
                    }
                }
                failure = a.status / 100 == 2
                        ? SdkClientException.builder().numAttempts(attempt).message(service.sdkName() + "'s answer to " + operation
                                + " does not match its x-amz-crc32 (request id " + a.requestId + ")").build()
                        : error(service, a.status, a.body, a.requestId, a.queryError, attempt);
            } catch (IOException e) {
                failure = SdkClientException.builder().numAttempts(attempt).cause(e)
                        .message("Unable to execute HTTP request to " + service.sdkName() + " (" + operation + "): " + e.getMessage()).build();
            }
            if (attempt >= service.maxAttempts() || !retryable(failure)) {
                tellFailed(operation, request, failure, identity);
                throw failure;
            }
            pause(service, attempt);
        }
    }

    private void tellFailed(String operation, SdkRequest request, RuntimeException failure, AwsCredentialsIdentity identity) {
        for (AwsCallObserver o : observers) {
            o.failed(service.sdkName(), operation, request, failure, identity.accessKeyId());
        }
    }

    private record Answer(int status, byte[] body, String requestId, String crc32, String queryError) {
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
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host); // HttpURLConnection sends it itself, the same way
        headers.put("Content-Type", service.contentType());
        headers.put("X-Amz-Content-Sha256", SigV4.hex(SigV4.sha256(body))); // as the SDK's signer sends it
        headers.put("X-Amz-Date", SigV4.amzDate(clock.instant()));
        headers.put("X-Amz-Target", service.targetPrefix() + operation);
        if (service.queryCompatible()) {
            headers.put("x-amzn-query-mode", "true"); // as the SDK asks a query-compatible service
        }
        if (identity instanceof AwsSessionCredentialsIdentity s) {
            headers.put("X-Amz-Security-Token", s.sessionToken());
        }
        String authorization = signer.authorization("POST", path, Map.of(), headers, body, identity);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getKey().equals("Host")) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
        }
        c.setRequestProperty("Authorization", authorization);
        byte[] answer = exchange(c, body);
        return new Answer(c.getResponseCode(), answer, c.getHeaderField("x-amzn-RequestId"), c.getHeaderField("x-amz-crc32"),
                c.getHeaderField("x-amzn-query-error"));
    }

    /**
     * Sends {@code body} (nothing when null) on a connection whose method and headers are set, and reads the whole
     * answer, an error's too (read to the end: the connection goes back to the keep-alive pool). The lean clients'
     * one way over the wire ({@link LeanS3} too).
     */
    static byte[] exchange(HttpURLConnection c, byte[] body) throws IOException {
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return in == null ? new byte[0] : in.readAllBytes();
        }
    }

    /**
     * The SDK's exception for an error answer: its type from {@code __type} (the model's exception class named after
     * the code), its members (an item, cancellation reasons) from the body; the error code the SDK gives (a
     * query-compatible service's {@code x-amzn-query-error} code when it sends one).
     */
    static AwsServiceException error(Service service, int status, byte[] body, String requestId, String queryError, int attempts) {
        Map<String, String> s = AwsJson.strings(body, List.of("__type", "message", "Message"));
        String code = errorCode(s.getOrDefault("__type", ""));
        String message = s.containsKey("message") ? s.get("message") : s.get("Message");
        String effectiveCode = code;
        int semi = queryError == null ? -1 : queryError.indexOf(';');
        if (service.queryCompatible() && semi > 0) { // "AWS.SimpleQueueService.NonExistentQueue;Sender", as the SDK reads it
            effectiveCode = queryError.substring(0, semi);
        }
        AwsServiceException.Builder b = builderFor(service, code);
        String shown = message != null && !message.isBlank() ? message
                : effectiveCode != null && !effectiveCode.isBlank() ? "Service returned error code " + effectiveCode
                : "Service returned HTTP status code " + status;
        b.message(shown).statusCode(status).requestId(requestId).numAttempts(attempts)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(effectiveCode).errorMessage(message).serviceName(service.sdkName())
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build());
        if (b instanceof SdkPojo pojo && body.length > 0 && code != null) {
            return AwsJson.read(body, pojo);
        }
        return b.build();
    }

    /** The error code of an error answer's body (null when it has none). */
    private static String errorCode(byte[] body) {
        return errorCode(AwsJson.strings(body, List.of("__type")).getOrDefault("__type", ""));
    }

    /** The error code in {@code __type} ({@code "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}). */
    private static String errorCode(String type) {
        String code = type.isEmpty() ? null : type.substring(type.lastIndexOf('#') + 1);
        int colon = code == null ? -1 : code.indexOf(':'); // "Code:http://internal.amazon.com/coral/..." in some services
        return colon >= 0 ? code.substring(0, colon) : code;
    }

    /**
     * The builder of the model's exception for {@code code}: the SDK names each modelled exception after its code
     * ({@code ConditionalCheckFailedException}, {@code QueueDoesNotExist} → {@code QueueDoesNotExistException},
     * {@code KMSInvalidStateException} → {@code KmsInvalidStateException}); a code the model does not know
     * ({@code ValidationException}, KMS's {@code AccessDeniedException}) gets the service's base exception, as with the SDK.
     */
    private static AwsServiceException.Builder builderFor(Service service, String code) {
        if (code == null || code.isEmpty()) {
            return service.baseException().get();
        }
        String name = service.modelPackage() + "." + exceptionClassName(code);
        Optional<java.lang.reflect.Method> builder = EXCEPTION_BUILDERS.computeIfAbsent(name, n -> {
            try {
                Class<?> c = Class.forName(n, false, AwsJsonClient.class.getClassLoader());
                if (!AwsServiceException.class.isAssignableFrom(c)) {
                    return Optional.empty();
                }
                return Optional.of(c.getMethod("builder"));
            } catch (ReflectiveOperationException | LinkageError e) {
                return Optional.empty();
            }
        });
        if (builder.isPresent()) {
            try {
                return (AwsServiceException.Builder) builder.get().invoke(null);
            } catch (ReflectiveOperationException e) {
                // fall through to the base exception
            }
        }
        return service.baseException().get();
    }

    /** The SDK's class name for an error code: {@code Exception} appended where missing, acronyms as the SDK cases them. */
    static String exceptionClassName(String code) {
        String name = code.replace("KMS", "Kms").replace("CMKs", "CmKs");
        return name.endsWith("Exception") ? name : name + "Exception";
    }

    static boolean retryable(RuntimeException failure) {
        if (failure instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return e.statusCode() >= 500 || e.statusCode() == 429 || (code != null && THROTTLING.contains(code));
        }
        return failure instanceof SdkClientException; // the network, or an answer damaged on the way
    }

    private static void pause(Service service, int attempt) {
        pause(service.sdkName(), service.baseDelayMs(), attempt);
    }

    /** Full jitter: a random pause up to min(cap, base * 2^(attempt-1)); {@link LeanS3} retries the same way. */
    static void pause(String sdkName, long baseDelayMs, int attempt) {
        long ceiling = Math.min(MAX_DELAY_MS, baseDelayMs << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("interrupted while retrying a " + sdkName + " call").cause(e).build();
        }
    }

    static UnsupportedOperationException unsupported(String client, String operation) {
        return new UnsupportedOperationException(client + " does not implement " + operation
                + " (functions use the data-plane calls only); use the SDK's client for it");
    }
}
