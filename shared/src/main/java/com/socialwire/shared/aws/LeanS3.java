package com.socialwire.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The S3 client of the functions: exactly the object operations they use (head, ranged and conditional get, put,
 * delete) and presigned upload and download links, over S3's REST API with this package's one SigV4 signer
 * ({@link SigV4}) and {@link HttpURLConnection}, so a function's first S3 call does not build the SDK's S3 client
 * (MediaProcessorFunction loaded ~1,600 SDK classes for it) and no function ships the S3 module. Our own small
 * interface, not the SDK's {@code S3Client}: that interface and its model would load the S3 module's classes, and S3's
 * REST/XML protocol has no generic model marshalling to reuse as the JSON clients do.
 *
 * <p>Addressing as the SDK's client for our configuration: path-style on the endpoint override ({@code S3_ENDPOINT},
 * the local S3 server), the bucket's virtual host on AWS (path-style for a bucket name that cannot be a host label),
 * the key encoded once and never normalised. Every request carries {@code x-amz-content-sha256}, the SHA-256 of its
 * body (empty for head, get and delete): signed, so S3 refuses a body changed on the way. Errors are the SDK's own
 * {@link AwsServiceException} (the parent of its {@code S3Exception}) with S3's status, error code ({@code NoSuchKey},
 * {@code PreconditionFailed}, ...; {@code NoSuchKey} for a head of a missing key, which S3 answers without a body),
 * message and request ids; I/O failures are {@link SdkClientException}s. Retried as the SDK's default retry mode does
 * for S3: 4 attempts, full-jitter backoff from 100 ms, for 5xx, 429, throttling codes and I/O failures. Every call is
 * seen by the discovered {@link AwsCallObserver}s as service {@code S3} (with no SDK request or response: there is no
 * model).
 */
public final class LeanS3 {

    static {
        com.socialwire.shared.providers.HttpUrlConnections.configure(); // before the JVM's first HTTP connection
    }

    static final String SERVICE = "S3";
    static final int MAX_ATTEMPTS = 4;
    static final long BASE_DELAY_MS = 100;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** Buckets S3's endpoint rules put in the host name (no dots: the wildcard certificate covers one label). */
    private static final Pattern VIRTUAL_HOSTABLE = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    /** An object's current version as a head request answers it; the ETag with its quotes, as S3 sends it. */
    public record ObjectHead(long contentLength, String eTag, Instant lastModified, String contentType, Map<String, String> metadata) {
    }

    /** A presigned request: its URL, the headers it must send exactly as signed (host aside) and when it expires. */
    public record Presigned(String url, Map<String, String> signedHeaders, Instant expiration) {
    }

    private final SigV4 signer;
    private final String regionId;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final List<AwsCallObserver> observers;
    private final Clock clock;

    public LeanS3(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint, List<AwsCallObserver> observers, Clock clock) {
        this(region.id(), credentials, endpoint, observers, clock);
    }

    /**
     * With the region's id, so that a function presigning links never builds the SDK's {@link Region} (its class
     * initialiser URL-encodes ~30 region names through stream collectors); only an S3 host on AWS needs its partition.
     */
    public LeanS3(String regionId, AwsCredentialsProvider credentials, Optional<URI> endpoint, List<AwsCallObserver> observers, Clock clock) {
        this.regionId = regionId;
        this.signer = new SigV4(regionId, "s3");
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.observers = observers;
        this.clock = clock;
    }

    /** With the region, credentials and {@code S3_ENDPOINT} override of {@code aws}, and the discovered observers. */
    public static LeanS3 of(AwsClients aws) {
        return new LeanS3(aws.regionId(), aws.credentials(), aws.endpoint("S3_ENDPOINT"), AwsJsonClient.Discovered.OBSERVERS, Clock.systemUTC());
    }

    /** The object's size, ETag, last modification, type and user metadata; a missing key is a 404 {@code NoSuchKey}. */
    public ObjectHead headObject(String bucket, String key) {
        Answer a = call("HeadObject", "HEAD", bucket, key, Map.of(), null, null);
        Map<String, String> metadata = new TreeMap<>();
        a.headers.forEach((name, values) -> {
            if (name != null && name.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-")) {
                metadata.put(name.substring("x-amz-meta-".length()).toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        return new ObjectHead(Long.parseLong(a.header("Content-Length", "0")), a.header("ETag", null),
                httpDate(a.header("Last-Modified", null)), a.header("Content-Type", null), Map.copyOf(metadata));
    }

    /**
     * The object's bytes; {@code range} ({@code bytes=0-4095}) and {@code ifMatch} (a quoted ETag) are sent when not
     * null: a version other than {@code ifMatch} is a 412 {@code PreconditionFailed}.
     */
    public byte[] getObject(String bucket, String key, String range, String ifMatch) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (range != null) {
            headers.put("Range", range);
        }
        if (ifMatch != null) {
            headers.put("If-Match", ifMatch);
        }
        return call("GetObject", "GET", bucket, key, headers, null, null).body;
    }

    /** Stores {@code bytes} as the object, of {@code contentType} ({@code application/octet-stream} when null, as the SDK sends). */
    public void putObject(String bucket, String key, byte[] bytes, String contentType) {
        call("PutObject", "PUT", bucket, key, Map.of(), bytes, contentType == null ? "application/octet-stream" : contentType);
    }

    /** Deletes the object; S3 answers success for a key that does not exist. */
    public void deleteObject(String bucket, String key) {
        call("DeleteObject", "DELETE", bucket, key, Map.of(), null, null);
    }

    /**
     * A URL that accepts one PUT of exactly {@code contentLength} bytes of {@code contentType} until {@code lifetime}
     * from now: both are signed, so S3 refuses an upload of another type or length (403 SignatureDoesNotMatch). Byte
     * for byte {@code S3Presigner.presignPutObject}'s for the same request (LeanS3PresignTest).
     */
    public Presigned presignPutObject(String bucket, String key, String contentType, long contentLength, Duration lifetime) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Content-Length", Long.toString(contentLength));
        return presign("PUT", bucket, key, headers, lifetime);
    }

    /** A URL that fetches the object until {@code lifetime} from now: {@code S3Presigner.presignGetObject}'s (S3GetUrlsTest). */
    public Presigned presignGetObject(String bucket, String key, Duration lifetime) {
        return presign("GET", bucket, key, Map.of(), lifetime);
    }

    private Presigned presign(String method, String bucket, String key, Map<String, String> headers, Duration lifetime) {
        Address a = address(bucket, key);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("Host", a.host());
        Instant now = clock.instant();
        String query = signer.presignedQuery(method, a.path(), signed, now, lifetime, credentials.resolveCredentials());
        return new Presigned(a.origin() + a.path() + "?" + query, Collections.unmodifiableMap(new LinkedHashMap<>(headers)), now.plus(lifetime));
    }

    /** Where a request for {@code bucket/key} goes: scheme and host, the encoded path, the Host header's value. */
    record Address(String origin, String path, String host) {
    }

    Address address(String bucket, String key) {
        String encodedKey = SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        String origin;
        String path;
        if (endpoint.isPresent()) {
            URI e = endpoint.get();
            origin = e.getScheme() + "://" + e.getHost() + (e.getPort() < 0 || e.getPort() == defaultPort(e.getScheme()) ? "" : ":" + e.getPort());
            path = basePath(e) + "/" + bucket + "/" + encodedKey;
        } else {
            // us-east-1 keeps S3's global host, as the SDK does unless AWS_S3_US_EAST_1_REGIONAL_ENDPOINT says otherwise
            String host = regionId.equals("us-east-1") ? "s3.amazonaws.com"
                    : "s3." + regionId + "." + PartitionMetadata.of(Region.of(regionId)).dnsSuffix();
            if (VIRTUAL_HOSTABLE.matcher(bucket).matches()) {
                origin = "https://" + bucket + "." + host;
                path = "/" + encodedKey;
            } else {
                origin = "https://" + host;
                path = "/" + bucket + "/" + encodedKey;
            }
        }
        return new Address(origin, path, origin.substring(origin.indexOf("://") + 3));
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static String basePath(URI endpoint) {
        String path = endpoint.getRawPath();
        return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
    }

    private record Answer(int status, byte[] body, Map<String, List<String>> headers) {
        String header(String name, String otherwise) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return otherwise;
        }
    }

    /** One operation, retried as the SDK retries S3's; the observers hear how it ended. */
    private Answer call(String operation, String method, String bucket, String key, Map<String, String> headers, byte[] body,
                        String contentType) {
        for (AwsCallObserver o : observers) {
            o.beforeCall(SERVICE, operation, null);
        }
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                Answer a = send(method, address(bucket, key), headers, body, contentType, identity);
                if (a.status / 100 == 2) {
                    for (AwsCallObserver o : observers) {
                        o.succeeded(SERVICE, operation, null, null, identity.accessKeyId());
                    }
                    return a;
                }
                failure = error(a, attempt);
            } catch (IOException e) {
                failure = SdkClientException.builder().numAttempts(attempt).cause(e)
                        .message("Unable to execute HTTP request to S3 (" + operation + "): " + e.getMessage()).build();
            }
            if (attempt >= MAX_ATTEMPTS || !AwsJsonClient.retryable(failure)) {
                for (AwsCallObserver o : observers) {
                    o.failed(SERVICE, operation, null, failure, identity.accessKeyId());
                }
                throw failure;
            }
            AwsJsonClient.pause(SERVICE, BASE_DELAY_MS, attempt);
        }
    }

    private Answer send(String method, Address address, Map<String, String> extra, byte[] body, String contentType,
                        AwsCredentialsIdentity identity) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(address.origin() + address.path()).toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(10_000);
        c.setInstanceFollowRedirects(false); // a redirect (another region) would have to be signed again
        c.setRequestMethod(method);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", address.host()); // HttpURLConnection sends it itself, the same way
        if (body != null) {
            headers.put("Content-Type", contentType);
            headers.put("Content-Length", Integer.toString(body.length));
        }
        headers.putAll(extra);
        String payloadHash = body == null ? EMPTY_SHA256 : SigV4.hex(SigV4.sha256(body));
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("X-Amz-Date", SigV4.amzDate(clock.instant()));
        if (identity instanceof AwsSessionCredentialsIdentity s) {
            headers.put("X-Amz-Security-Token", s.sessionToken());
        }
        String authorization = signer.authorization(method, address.path(), Map.of(), headers, payloadHash, identity);
        headers.forEach((k, v) -> {
            if (!k.equals("Host") && !k.equals("Content-Length")) { // the connection writes these from the URL and the body
                c.setRequestProperty(k, v);
            }
        });
        c.setRequestProperty("Authorization", authorization);
        byte[] answer = AwsJsonClient.exchange(c, body);
        return new Answer(c.getResponseCode(), answer, c.getHeaderFields());
    }

    /** The SDK's exception for S3's error answer: status, code, message and request ids from its XML or headers. */
    private static AwsServiceException error(Answer a, int attempts) {
        String body = new String(a.body, StandardCharsets.UTF_8);
        String code = element(body, "Code");
        String message = element(body, "Message");
        if (code == null && a.status == 404 && a.body.length == 0) { // a head of a missing key: S3 answers 404 with no body
            code = "NoSuchKey";
            message = "The specified key does not exist."; // what the SDK says then
        }
        String requestId = Optional.ofNullable(element(body, "RequestId")).orElse(a.header("x-amz-request-id", null));
        String extendedId = Optional.ofNullable(element(body, "HostId")).orElse(a.header("x-amz-id-2", null));
        String shown = message != null && !message.isBlank() ? message
                : code != null ? "Service returned error code " + code : "Service returned HTTP status code " + a.status;
        return AwsServiceException.builder().message(shown).statusCode(a.status).requestId(requestId)
                .extendedRequestId(extendedId).numAttempts(attempts)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(SERVICE)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(a.status).build()).build())
                .build();
    }

    /** The text of the first {@code <name>} element of an S3 error document, XML entities decoded; null if there is none. */
    static String element(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        int end = start < 0 ? -1 : xml.indexOf("</" + name + ">", start);
        if (end < 0) {
            return null;
        }
        return xml.substring(start + name.length() + 2, end).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&amp;", "&");
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
