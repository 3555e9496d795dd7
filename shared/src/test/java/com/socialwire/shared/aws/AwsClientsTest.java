package com.socialwire.shared.aws;

import com.socialwire.shared.Config;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where a function's AWS credentials come from: its local identity locally, its role on AWS. */
class AwsClientsTest {

    /**
     * The fault: every function's first DynamoDB call built the SDK's client (endpoint rules, auth schemes,
     * interceptors, protocol marshallers: ~2,000 classes, ~0.8 s of TenantsFunction's cold start). Now the client
     * a function gets is the lean one, and it reaches {@code DYNAMODB_ENDPOINT} signed with the function's identity.
     */
    @Test
    void aFunctionsFirstDynamoDbCallBuildsNoSdkClient() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        endpoint.createContext("/", x -> {
            seen.set(x.getRequestHeaders().getFirst("X-Amz-Target") + " " + x.getRequestHeaders().getFirst("Authorization"));
            x.getRequestBody().readAllBytes();
            byte[] body = "{\"Item\":{\"PK\":{\"S\":\"k\"}}}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        endpoint.start();
        try {
            var db = new AwsClients(Config.of(Map.of("LOCAL_ACCESS_KEY_ID", "TenantsFunction", "LOCAL_SECRET_ACCESS_KEY", "local",
                    "AWS_REGION", "eu-west-1", "DYNAMODB_ENDPOINT", "http://127.0.0.1:" + endpoint.getAddress().getPort()))).dynamoDb();
            assertEquals(LeanDynamoDb.class, db.getClass(), "the client a function gets");
            assertEquals("k", db.getItemRaw("T", Map.of(), false, null).orElseThrow().get("PK").s());
            assertTrue(seen.get().startsWith("DynamoDB_20120810.GetItem AWS4-HMAC-SHA256 Credential=TenantsFunction/"), seen.get());
        } finally {
            endpoint.stop(0);
        }
    }

    /**
     * The fault: a function's first job sent (JobQueue) or secret opened (SecretCipher) built the SDK's SQS or KMS client
     * (CommentWorkerFunction still loaded ~1,950 aws-sdk classes, mostly for KMS). Now both are the lean ones, and each
     * reaches its endpoint ({@code SQS_ENDPOINT}, {@code KMS_ENDPOINT}) signed with the function's identity.
     */
    @Test
    void aFunctionsFirstSqsAndKmsCallsBuildNoSdkClient() throws Exception {
        try (AwsStub stub = new AwsStub()) {
            AwsClients aws = new AwsClients(Config.of(Map.of("LOCAL_ACCESS_KEY_ID", "CommentWorkerFunction", "LOCAL_SECRET_ACCESS_KEY", "local",
                    "AWS_REGION", "eu-west-1", "SQS_ENDPOINT", stub.endpoint().toString(), "KMS_ENDPOINT", stub.endpoint().toString())));
            var sqs = aws.sqs();
            var kms = aws.kms();
            assertEquals("LeanSqs", sqs.getClass().getSimpleName(), "the SQS client a function gets");
            assertEquals("LeanKms", kms.getClass().getSimpleName(), "the KMS client a function gets");
            stub.reply(200, "{\"Attributes\":{\"ApproximateNumberOfMessages\":\"2\"}}");
            assertEquals("2", sqs.attributes("http://q/1/comments", List.of("ApproximateNumberOfMessages")).get("ApproximateNumberOfMessages"));
            stub.reply(200, "{\"Plaintext\":\"AAE=\"}");
            assertEquals(2, kms.decrypt("k", new byte[] {1}, Map.of()).length);
            assertTrue(stub.seen.get(0).header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=CommentWorkerFunction/"));
            assertEquals("AmazonSQS.GetQueueAttributes", stub.seen.get(0).header("X-Amz-Target"));
            assertEquals("TrentService.Decrypt", stub.seen.get(1).header("X-Amz-Target"));
        }
    }

    @Test
    void locallyAFunctionSignsWithItsOwnIdentityWhateverTheEnvironmentHolds() {
        AwsCredentials c = AwsClients.credentials(Config.of(Map.of("LOCAL_ACCESS_KEY_ID", "PublishRunFunction",
                "LOCAL_SECRET_ACCESS_KEY", "local", "AWS_ACCESS_KEY_ID", "AKIADEVELOPERSOWN"))).resolveCredentials();
        assertEquals("PublishRunFunction", c.accessKeyId());
    }

    /** SnapStart functions get no key variables: the role's credentials are served at the container endpoint. */
    @Test
    void aSnapStartFunctionFindsItsRolesCredentialsAtTheContainerEndpoint() throws Exception {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "a key in this process's environment comes first, as on Lambda without SnapStart");
        AtomicReference<String> token = new AtomicReference<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        endpoint.createContext("/creds", x -> {
            token.set(x.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"AccessKeyId\":\"ASIAROLEFROMCONTAINER\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
                    + "\"Expiration\":\"2100-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        endpoint.start();
        String[] props = {"aws.accessKeyId", "aws.secretAccessKey", "aws.containerCredentialsFullUri", "aws.containerAuthorizationToken"};
        Map<String, String> saved = new java.util.HashMap<>();
        for (String p : props) {
            if (System.getProperty(p) != null) {
                saved.put(p, System.getProperty(p));
            }
            System.clearProperty(p);
        }
        try {
            System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/creds");
            System.setProperty("aws.containerAuthorizationToken", "snapstart-token");
            AwsCredentials c = AwsClients.credentials(Config.of(Map.of())).resolveCredentials();
            assertEquals("ASIAROLEFROMCONTAINER", c.accessKeyId());
            assertEquals("snapstart-token", token.get());
        } finally {
            endpoint.stop(0);
            for (String p : props) {
                System.clearProperty(p);
            }
            saved.forEach(System::setProperty);
        }
    }

    /** regionId() is region().id() for every AWS region and for seeded odd names (those go through Region). */
    @Test
    void regionIdIsTheRegionsIdWithoutBuildingIt() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (software.amazon.awssdk.regions.Region r : software.amazon.awssdk.regions.Region.regions()) {
            names.add(r.id());
        }
        java.util.Random random = new java.util.Random(3);
        String alphabet = "abz09-_.~ +*%/\u00e9AZ";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 1 + random.nextInt(12); k > 0; k--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            names.add(b.toString());
        }
        for (String name : names) {
            AwsClients aws = new AwsClients(Config.of(Map.of("AWS_REGION", name)));
            assertEquals(aws.region().id(), aws.regionId(), () -> "AWS_REGION " + name);
        }
    }
}
