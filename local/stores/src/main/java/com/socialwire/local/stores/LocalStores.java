package com.socialwire.local.stores;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real embedded stores in this JVM: DynamoDB Local, ElasticMQ (SQS) and S3Proxy (S3). In
 * memory by default; with a directory, DynamoDB and S3 keep their data there across restarts.
 */
public final class LocalStores implements AutoCloseable {

    /** Credentials every local store accepts; not a secret. */
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    private final DynamoDBProxyServer dynamo;
    private final SQSRestServer sqs;
    private final S3Proxy s3;
    private final URI dynamoEndpoint;
    private final URI sqsEndpoint;
    private final URI s3Endpoint;
    private final URI kmsEndpoint;
    private final LocalKms kms;
    private final List<StoreGate> gates = new ArrayList<>();
    /** The functions' policies the gates enforce; null lets every call through. */
    private volatile FunctionPolicies policies;
    // S3Proxy threads notify while runtimes come and go
    private final List<Consumer<S3Notifications.ObjectCreated>> s3Listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Stores already running elsewhere (another local runtime): endpoints only, nothing to start or stop. */
    private LocalStores(URI dynamo, URI sqs, URI s3, URI kms) {
        this.dynamo = null;
        this.sqs = null;
        this.s3 = null;
        this.kms = null;
        this.dynamoEndpoint = dynamo;
        this.sqsEndpoint = sqs;
        this.s3Endpoint = s3;
        this.kmsEndpoint = kms;
    }

    /** {@code kms} may be null where no KMS runs (LocalStack's is set through {@code KMS_ENDPOINT}). */
    public static LocalStores attach(URI dynamo, URI sqs, URI s3, URI kms) {
        return new LocalStores(dynamo, sqs, s3, kms);
    }

    public boolean embedded() {
        return dynamo != null;
    }

    /**
     * Each store listens on a private port behind its {@link StoreGate}, which holds the public
     * port: every client, the functions' included, reaches a store through its gate.
     */
    private LocalStores(int dynamoPort, int sqsPort, int s3Port, Path dataDir) throws Exception {
        quietLogging();
        int dynamoInside = port(0);
        // -sharedDb: one database whatever credentials and region a client uses (the AWS CLI's included)
        List<String> args = new ArrayList<>(List.of("-disableTelemetry", "-sharedDb", "-port", Integer.toString(dynamoInside)));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            Path db = Files.createDirectories(dataDir.resolve("dynamodb"));
            args.addAll(List.of("-dbPath", db.toString()));
        }
        dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        dynamo.start();
        gates.add(new StoreGate(StoreGate.Service.DYNAMODB, dynamoPort, dynamoInside, () -> policies));
        dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);

        int sqsInside = port(0);
        // queue URLs name the gate's port, so every call on a queue goes through the gate
        sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsInside)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, ""))
                .withAWSRegion(REGION).withAWSAccountId(ACCOUNT_ID).start();
        sqs.waitUntilStarted();
        gates.add(new StoreGate(StoreGate.Service.SQS, sqsPort, sqsInside, () -> policies));
        sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);

        BlobStore blobs = dataDir == null ? new TransientNio2BlobStore()
                : new FilesystemNio2BlobStore(Files.createDirectories(dataDir.resolve("s3")).toString());
        s3Endpoint = URI.create("http://127.0.0.1:" + s3Port);
        BlobStore notifying = new S3Notifications(blobs, event -> s3Listeners.forEach(l -> l.accept(event)));
        s3 = S3Proxy.builder()
                .blobStore(notifying)
                .endpoint(URI.create("http://127.0.0.1:" + port(0)))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        // every access key signs with the local secret: the functions' own keys name them (FunctionPolicies)
        s3.setBlobStoreLocator((identity, container, blob) -> new AccessGrant(SECRET_KEY, notifying));
        s3.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"STARTED".equals(s3.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start");
            }
            Thread.sleep(10);
        }
        gates.add(new StoreGate(StoreGate.Service.S3, s3Port, s3.getPort(), () -> policies));
        kms = new LocalKms(0, () -> policies);
        kmsEndpoint = kms.endpoint();
    }

    /** Starts all three stores on the given ports (0 picks a free one); {@code dataDir} null keeps everything in memory. */
    public static LocalStores start(int dynamoPort, int sqsPort, int s3Port, Path dataDir) {
        try {
            return new LocalStores(port(dynamoPort), port(sqsPort), port(s3Port), dataDir);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("local stores failed to start: " + e.getMessage(), e);
        }
    }

    public static LocalStores startInMemory() {
        return start(0, 0, 0, null);
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    /** Each store's own endpoint, behind its gate (to measure what the gate costs). */
    List<URI> endpointsBehindGates() {
        return gates.stream().map(g -> URI.create("http://127.0.0.1:" + g.targetPort())).toList();
    }

    /** The local KMS, or null where the stores were attached without one. */
    public URI kmsEndpoint() {
        return kmsEndpoint;
    }

    /**
     * From now on every call a function signs is checked against its policy from template.yaml
     * (null: no checks). {@code kmsMasterKey} and {@code kmsKeyArns}: the local KMS's keys.
     */
    void enforce(FunctionPolicies functionPolicies, byte[] kmsMasterKey, List<String> kmsKeyArns) {
        if (kms != null) {
            kms.keys(kmsMasterKey, kmsKeyArns);
        }
        this.policies = functionPolicies;
    }

    /** The policies in force (null if none); tests swap them to show what a missing permission does. */
    public FunctionPolicies policies() {
        return policies;
    }

    public void policies(FunctionPolicies functionPolicies) {
        this.policies = functionPolicies;
    }

    /**
     * Calls {@code listener} after every object an S3 client creates (PUT, copy, completed
     * multipart upload) until the returned action removes it (a runtime that stops while the
     * stores run on, as in the tests, must stop hearing about objects).
     */
    public Runnable onObjectCreated(Consumer<S3Notifications.ObjectCreated> listener) {
        s3Listeners.add(listener);
        return () -> s3Listeners.remove(listener);
    }

    @Override
    public void close() {
        if (!embedded()) {
            return;
        }
        gates.forEach(StoreGate::close);
        kms.close();
        try {
            s3.stop();
        } catch (Exception ignored) {
            // shutting down
        }
        try {
            sqs.stopAndWait();
        } catch (Exception ignored) {
            // shutting down
        }
        try {
            dynamo.stop();
        } catch (Exception ignored) {
            // shutting down
        }
    }

    static int port(int wanted) {
        if (wanted > 0) {
            return wanted;
        }
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stores log at length by default; only their errors matter here. */
    private static void quietLogging() {
        org.apache.logging.log4j.core.config.Configurator.setLevel("com.amazonaws.services.dynamodbv2", org.apache.logging.log4j.Level.ERROR);
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.eclipse.jetty", org.apache.logging.log4j.Level.WARN);
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.gaul", org.apache.logging.log4j.Level.WARN);
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.elasticmq", org.apache.logging.log4j.Level.WARN);
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.pekko", org.apache.logging.log4j.Level.WARN);
    }
}
