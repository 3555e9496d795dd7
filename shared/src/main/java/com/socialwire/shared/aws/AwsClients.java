package com.socialwire.shared.aws;

import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one AWS client factory. Region from {@code AWS_REGION}; the url-connection HTTP client (no
 * Apache or Netty: smaller jars, faster cold start); credentials from the variables Lambda sets, read
 * through config so the local runtime's per-function values win ({@link #credentials}); and an endpoint override per service from
 * config ({@code DYNAMODB_ENDPOINT}, {@code SQS_ENDPOINT}, {@code S3_ENDPOINT}, {@code KMS_ENDPOINT})
 * so the same code runs against the local stores. S3 is {@link LeanS3} (download links alone {@link S3GetUrls}): no
 * function ships the SDK's S3 module.
 */
public final class AwsClients {

    private final Config config;
    // region, credentials and HTTP client are built with the first client that needs them, not here: a function may
    // never need one on a given cold start (SystemFunction's /health loaded 85 SDK classes for them). Plain getters
    // rather than Lazy: each Lazy's lambda would spin a class at every cold start.
    private Region region;
    private SdkHttpClient http;
    private AwsCredentialsProvider credentials;

    public AwsClients(Config config) {
        this.config = config;
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(10))
                    .build();
        }
        return http;
    }

    /**
     * Locally, the function's own identity ({@code LOCAL_ACCESS_KEY_ID}, set only by the local
     * runtime) so the local stores hold its calls to its policy. Otherwise the credentials Lambda
     * gives a function ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
     * {@code AWS_SESSION_TOKEN}) read through config — never the developer's shell, {@code AWS_PROFILE}
     * or {@code ~/.aws} when the local runtime set them — then the environment, system properties,
     * and the container endpoint, which is where a SnapStart function finds them
     * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}; it has no key variables).
     */
    static AwsCredentialsProvider credentials(Config config) {
        Optional<String> localKey = config.get("LOCAL_ACCESS_KEY_ID");
        if (localKey.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(localKey.get(), config.require("LOCAL_SECRET_ACCESS_KEY")));
        }
        String id = config.get("AWS_ACCESS_KEY_ID").orElse(null);
        String secret = config.get("AWS_SECRET_ACCESS_KEY").orElse(null);
        if (id != null && secret != null) {
            String session = config.get("AWS_SESSION_TOKEN").orElse(null);
            return StaticCredentialsProvider.create(session != null
                    ? AwsSessionCredentials.create(id, secret, session)
                    : AwsBasicCredentials.create(id, secret));
        }
        return AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(),
                SystemPropertyCredentialsProvider.create(),
                ContainerCredentialsProvider.builder().build());
    }

    /**
     * The lean DynamoDB client ({@link LeanDynamoDb}): raw DynamoDB JSON, none of the SDK's client machinery or request
     * model, for every function on AWS and locally, through {@code store.Table}; SQS and KMS by {@link LeanSqs} and
     * {@link LeanKms} (their own records). Tools that manage tables, queues or keys build the SDK's clients
     * ({@link #dynamoDbSdk}, {@link #configure}).
     */
    public LeanDynamoDb dynamoDb() {
        return LeanDynamoDb.of(this);
    }

    /**
     * The SDK's own DynamoDB client, for tools and tests that manage or seed tables (create, describe, scan); no
     * function builds it. Other tools build SDK clients with {@link #configure}.
     */
    public DynamoDbClient dynamoDbSdk() {
        return configure(DynamoDbClient.builder(), "DYNAMODB_ENDPOINT").build();
    }

    /** The functions' SQS client ({@link LeanSqs}: its own records, no SDK model), to {@code SQS_ENDPOINT} when set. */
    public LeanSqs sqs() {
        return LeanSqs.of(this);
    }

    /** The functions' KMS client ({@link LeanKms}: data keys, no SDK model), to {@code KMS_ENDPOINT} when set. */
    public LeanKms kms() {
        return LeanKms.of(this);
    }

    /** The functions' S3 client ({@link LeanS3}: object reads and writes, presigned links), to {@code S3_ENDPOINT} when set. */
    public LeanS3 s3() {
        return LeanS3.of(this);
    }

    /** {@link #dynamoDb()} built on first use, once (what a context's {@code store.Table} is given). */
    public Lazy<LeanDynamoDb> dynamoDbOnFirstUse() {
        return Lazy.of(new OnFirstUse<>(this, "dynamodb"));
    }

    /** {@link #sqs()} built on first use, once. */
    public Lazy<LeanSqs> sqsOnFirstUse() {
        return Lazy.of(new OnFirstUse<>(this, "sqs"));
    }

    /** {@link #kms()} built on first use, once. */
    public Lazy<LeanKms> kmsOnFirstUse() {
        return Lazy.of(new OnFirstUse<>(this, "kms"));
    }

    /** {@link #s3()} built on first use, once. */
    public Lazy<LeanS3> s3OnFirstUse() {
        return Lazy.of(new OnFirstUse<>(this, "s3"));
    }

    /**
     * Builds one lean client for {@link Lazy}: one small class for every wiring, where each {@code Lazy.of(aws::sqs)}
     * or {@code aws::dynamoDb} spun a class of its own at every cold start.
     */
    private static final class OnFirstUse<T> implements Supplier<T> {
        private final AwsClients aws;
        private final String client;

        OnFirstUse(AwsClients aws, String client) {
            this.aws = aws;
            this.client = client;
        }

        @Override
        @SuppressWarnings("unchecked") // each of the public methods above names the T its client is
        public T get() {
            if (client.equals("dynamodb")) {
                return (T) aws.dynamoDb();
            }
            if (client.equals("sqs")) {
                return (T) aws.sqs();
            }
            if (client.equals("kms")) {
                return (T) aws.kms();
            }
            return (T) aws.s3();
        }
    }

    /** Applies region, credentials, HTTP client and endpoint override to any SDK client builder. */
    public <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> B configure(B builder, String endpointKey) {
        builder.region(region()).credentialsProvider(credentials()).httpClient(http());
        Optional<URI> endpoint = endpoint(endpointKey);
        if (endpoint.isPresent()) {
            builder.endpointOverride(endpoint.get());
        }
        return builder;
    }

    public Optional<URI> endpoint(String key) {
        String value = config.get(key).orElse(null);
        return value == null ? Optional.empty() : Optional.of(URI.create(value));
    }

    public synchronized Region region() {
        if (region == null) {
            region = Region.of(config.get("AWS_REGION", "us-east-1"));
        }
        return region;
    }

    /**
     * {@code region().id()} without building a {@link Region}: Region's class initialiser makes its ~30 constants
     * through {@code Region.of}, which URL-encodes each with SdkHttpUtils (its static maps built by stream
     * collectors, ~25 classes at the first DynamoDB call). A name of unreserved characters (every AWS region's) is
     * its own encoding; any other goes through Region.
     */
    public String regionId() {
        String name = config.get("AWS_REGION", "us-east-1");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (!unreserved) {
                return region().id();
            }
        }
        return name.isBlank() ? region().id() : name;
    }

    public synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = credentials(config);
        }
        return credentials;
    }
}
