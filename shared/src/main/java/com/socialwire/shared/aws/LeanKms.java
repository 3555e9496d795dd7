package com.socialwire.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * A KMS client behind the SDK's own {@link KmsClient} interface that speaks KMS's JSON 1.1 protocol
 * ({@code X-Amz-Target: TrentService.<Operation>}) through the lean clients' one transport ({@link AwsJsonClient}), so
 * {@code SecretCipher}'s first data key does not build the SDK's KMS client. Errors are the SDK's KMS exception types
 * ({@code NotFoundException}, {@code InvalidCiphertextException}, {@code KmsInvalidStateException}, ...; a code KMS's
 * model does not name, such as {@code AccessDeniedException}, is a {@link KmsException} carrying it, as with the SDK);
 * 4 attempts as the SDK's default retry mode. {@code KMS_ENDPOINT} overrides the endpoint (the local KMS, LocalStack).
 * Operations not listed here throw the SDK interface's {@link UnsupportedOperationException}.
 */
public final class LeanKms extends LeanClient implements KmsClient {

    static final AwsJsonClient.Service SERVICE = new AwsJsonClient.Service("Kms", "kms", "TrentService.",
            "application/x-amz-json-1.1", 4, 100, false, false, "software.amazon.awssdk.services.kms.model", KmsException::builder);

    public LeanKms(URI endpoint, String region, AwsCredentialsProvider credentials, List<AwsCallObserver> observers, Clock clock) {
        this(new AwsJsonClient(SERVICE, endpoint, region, credentials, observers, clock, AwsJsonClient.AnswerCheck.NONE));
    }

    private LeanKms(AwsJsonClient client) {
        super(client);
    }

    /** With the region, credentials and {@code KMS_ENDPOINT} override of {@code aws}, and the discovered observers. */
    /**
     * Typed as the SDK's interface so that verifying {@link AwsClients} does not load this class and the interface:
     * a function whose zip does not ship this service's SDK jar must still start.
     */
    public static KmsClient of(AwsClients aws) {
        return new LeanKms(AwsJsonClient.of(SERVICE, aws, "KMS_ENDPOINT", AwsJsonClient.AnswerCheck.NONE));
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        return client.call("GenerateDataKey", request, GenerateDataKeyResponse::builder);
    }

    @Override
    public GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(GenerateDataKeyWithoutPlaintextRequest request) {
        return client.call("GenerateDataKeyWithoutPlaintext", request, GenerateDataKeyWithoutPlaintextResponse::builder);
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
        return client.call("Decrypt", request, DecryptResponse::builder);
    }

    @Override
    public EncryptResponse encrypt(EncryptRequest request) {
        return client.call("Encrypt", request, EncryptResponse::builder);
    }

    @Override
    public DescribeKeyResponse describeKey(DescribeKeyRequest request) {
        return client.call("DescribeKey", request, DescribeKeyResponse::builder);
    }

    /** Tests and tools make keys on LocalStack with it. */
    @Override
    public CreateKeyResponse createKey(CreateKeyRequest request) {
        return client.call("CreateKey", request, CreateKeyResponse::builder);
    }
}
