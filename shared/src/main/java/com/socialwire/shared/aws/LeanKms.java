package com.socialwire.shared.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions' KMS client: the two operations {@code SecretCipher} uses (a data key, and opening one), in KMS's JSON
 * 1.1 protocol ({@code X-Amz-Target: TrentService.<Operation>}) over the lean clients' one transport
 * ({@link AwsJsonClient#callRaw}), bodies written and answers read by the one JSON codec ({@link Json}) instead of the
 * SDK's model, so a function's first secret opened (CommentWorkerFunction's first job) loads none of the SDK's KMS
 * request/response classes (~60 with their builders and field lambdas). The bodies are the ones the SDK's marshaller
 * writes for the same request (LeanKmsTest compares them). Errors as before: the SDK's KMS exception types
 * ({@code NotFoundException}, {@code InvalidCiphertextException}, {@code KmsInvalidStateException}, ...; a code KMS's
 * model does not name, such as {@code AccessDeniedException}, is a {@link KmsException} carrying it, as with the SDK);
 * 4 attempts as the SDK's default retry mode. With observers (the benchmarks' meter) each call is shown to them in the
 * SDK's model, as any raw call. {@code KMS_ENDPOINT} overrides the endpoint (the local KMS, LocalStack). Tools and
 * tests that manage keys use the SDK's client ({@link AwsClients#configure}).
 */
public final class LeanKms extends LeanClient {

    /** The base exception by a lambda, not {@code KmsException::builder}: a method reference would load the class at start. */
    static final AwsJsonClient.Service SERVICE = new AwsJsonClient.Service("Kms", "kms", "TrentService.",
            "application/x-amz-json-1.1", 4, 100, false, false, "software.amazon.awssdk.services.kms.model",
            () -> (AwsServiceException.Builder) KmsException.builder());

    public LeanKms(URI endpoint, String region, AwsCredentialsProvider credentials, List<AwsCallObserver> observers, Clock clock) {
        this(new AwsJsonClient(SERVICE, endpoint, region, credentials, observers, clock, AwsJsonClient.AnswerCheck.NONE));
    }

    private LeanKms(AwsJsonClient client) {
        super(client);
    }

    /** With the region, credentials and {@code KMS_ENDPOINT} override of {@code aws}, and the discovered observers. */
    public static LeanKms of(AwsClients aws) {
        return new LeanKms(AwsJsonClient.of(SERVICE, aws, "KMS_ENDPOINT", AwsJsonClient.AnswerCheck.NONE));
    }

    /** A data key: its plaintext (to use, then forget) and the same key encrypted under the KMS key (to store). */
    public record DataKey(byte[] plaintext, byte[] ciphertextBlob) {
    }

    /** GenerateDataKey under {@code keyId}, bound to {@code encryptionContext}; {@code keySpec} {@code AES_256} or {@code AES_128}. */
    public DataKey generateDataKey(String keyId, Map<String, String> encryptionContext, String keySpec) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("KeyId", keyId);
        if (!encryptionContext.isEmpty()) {
            request.put("EncryptionContext", encryptionContext);
        }
        request.put("KeySpec", keySpec);
        JsonNode a = call("GenerateDataKey", request);
        return new DataKey(blob(a, "Plaintext"), blob(a, "CiphertextBlob"));
    }

    /** Decrypt of {@code ciphertextBlob} with the context it was bound to; {@code keyId} null to let KMS find the key. */
    public byte[] decrypt(String keyId, byte[] ciphertextBlob, Map<String, String> encryptionContext) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("CiphertextBlob", Base64.getEncoder().encodeToString(ciphertextBlob));
        if (!encryptionContext.isEmpty()) {
            request.put("EncryptionContext", encryptionContext);
        }
        if (keyId != null) {
            request.put("KeyId", keyId);
        }
        return blob(call("Decrypt", request), "Plaintext");
    }

    private JsonNode call(String operation, Map<String, Object> request) {
        return Json.tree(client.callRaw(operation, Json.bytes(request), Set.of()).body());
    }

    /** A blob member (base64 on the wire), or null when the answer does not carry it. */
    private static byte[] blob(JsonNode answer, String name) {
        JsonNode v = answer.get(name);
        return v == null || v.isNull() ? null : Base64.getDecoder().decode(v.asText());
    }
}
