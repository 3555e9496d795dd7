package com.socialwire.shared.aws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LeanKms} against a local HTTP stub that answers as KMS's JSON 1.1 protocol does: what goes on the wire,
 * blobs both ways, the SDK's KMS exception for each error KMS answers, and which are retried.
 */
class LeanKmsTest {

    private AwsStub stub;
    private LeanKms kms;

    @BeforeEach
    void start() throws Exception {
        stub = new AwsStub();
        kms = new LeanKms(stub.endpoint(), "eu-west-1", AwsStub.CREDENTIALS, List.of(stub.observer()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aDataKeyRequestGoesOnTheWireAsKmsJsonAndItsBlobsComeBack() {
        stub.reply(200, "{\"KeyId\":\"arn:aws:kms:eu-west-1:1:key/k\",\"Plaintext\":\"AAEC/w==\",\"CiphertextBlob\":\"/w==\"}");
        LeanKms.DataKey r = kms.generateDataKey("alias/socialwire", Map.of("purpose", "tenant:t1:igAccessToken"), "AES_256");
        AwsStub.Seen s = stub.seen.get(0);
        assertEquals("TrentService.GenerateDataKey", s.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", s.header("Content-Type"));
        assertEquals(null, s.header("x-amzn-query-mode"));
        assertTrue(s.header("Authorization").contains("/eu-west-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;"
                + "x-amz-date;x-amz-security-token;x-amz-target, Signature="), s.header("Authorization"));
        assertEquals("{\"KeyId\":\"alias/socialwire\",\"EncryptionContext\":{\"purpose\":\"tenant:t1:igAccessToken\"},\"KeySpec\":\"AES_256\"}", s.body());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, r.plaintext());
        assertArrayEquals(new byte[] {(byte) 255}, r.ciphertextBlob());
        assertEquals(List.of("Kms GenerateDataKey ok ASIAKEY"), stub.heard, "the observers see the call as any other");

        stub.reply(200, "{\"KeyId\":\"k\",\"Plaintext\":\"AAEC/w==\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, kms.decrypt(null, new byte[] {(byte) 255}, Map.of("purpose", "p")));
        assertEquals("{\"CiphertextBlob\":\"/w==\",\"EncryptionContext\":{\"purpose\":\"p\"}}", stub.seen.get(1).body());
    }

    /** Each body is, byte for byte, what the SDK's marshaller writes for the same request; each answer reads as the SDK's model reads it. */
    @Test
    void eachOperationWritesTheBodyTheSdksMarshallerWritesAndReadsItsAnswerAsTheSdkDoes() {
        String key = "{\"KeyId\":\"arn:k\",\"Plaintext\":\"AAEC/w==\",\"CiphertextBlob\":\"/+8=\"}";
        String opened = "{\"KeyId\":\"arn:k\",\"Plaintext\":\"AAEC\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}";
        stub.reply(200, key);
        stub.reply(200, opened);
        stub.reply(200, opened);
        LeanKms.DataKey k = kms.generateDataKey("k1", Map.of("purpose", "é日本"), "AES_128");
        byte[] withKey = kms.decrypt("k1", new byte[] {(byte) 255, (byte) 239}, Map.of("purpose", "p"));
        byte[] withoutContext = kms.decrypt(null, new byte[] {1}, Map.of());
        List<SdkPojo> sdk = List.of(
                GenerateDataKeyRequest.builder().keyId("k1").encryptionContext(Map.of("purpose", "é日本")).keySpec(DataKeySpec.AES_128).build(),
                DecryptRequest.builder().keyId("k1").ciphertextBlob(SdkBytes.fromByteArray(new byte[] {(byte) 255, (byte) 239}))
                        .encryptionContext(Map.of("purpose", "p")).build(),
                DecryptRequest.builder().ciphertextBlob(SdkBytes.fromByteArray(new byte[] {1})).build());
        for (int i = 0; i < sdk.size(); i++) {
            assertEquals(new String(AwsJson.write(sdk.get(i)), StandardCharsets.UTF_8), stub.seen.get(i).body(), "call " + i);
        }
        GenerateDataKeyResponse sdkKey = AwsJson.read(key.getBytes(StandardCharsets.UTF_8), GenerateDataKeyResponse.builder());
        assertArrayEquals(sdkKey.plaintext().asByteArray(), k.plaintext());
        assertArrayEquals(sdkKey.ciphertextBlob().asByteArray(), k.ciphertextBlob());
        DecryptResponse sdkOpened = AwsJson.read(opened.getBytes(StandardCharsets.UTF_8), DecryptResponse.builder());
        assertArrayEquals(sdkOpened.plaintext().asByteArray(), withKey);
        assertArrayEquals(sdkOpened.plaintext().asByteArray(), withoutContext);
    }

    @Test
    void eachKmsErrorIsTheSdksExceptionTypeAndOnlyTheServersAreRetried() {
        record Case(String type, int status, Class<? extends KmsException> expected, int attempts) {
        }
        for (Case c : List.of(new Case("NotFoundException", 400, NotFoundException.class, 1),
                new Case("InvalidCiphertextException", 400, InvalidCiphertextException.class, 1),
                new Case("KMSInvalidStateException", 400, KmsInvalidStateException.class, 1),
                new Case("DisabledException", 400, DisabledException.class, 1),
                new Case("AccessDeniedException", 400, KmsException.class, 1),
                new Case("KMSInternalException", 500, KmsInternalException.class, 4),
                new Case("ThrottlingException", 400, KmsException.class, 4))) {
            stub.seen.clear();
            for (int i = 0; i < c.attempts(); i++) {
                stub.reply(c.status(), "{\"__type\":\"" + c.type() + "\",\"message\":\"why\"}");
            }
            KmsException e = assertThrows(KmsException.class, () -> kms.decrypt(null, new byte[] {1}, Map.of()));
            assertEquals(c.expected(), e.getClass(), c.type());
            assertEquals(c.type(), e.awsErrorDetails().errorCode());
            assertEquals("why", e.awsErrorDetails().errorMessage());
            assertEquals("Kms", e.awsErrorDetails().serviceName());
            assertEquals(c.status(), e.statusCode());
            assertEquals(c.attempts(), stub.seen.size(), c.type());
        }
        assertTrue(stub.heard.contains("Kms Decrypt failed KmsInternalException ASIAKEY"), stub.heard.toString());
    }

    @Test
    void anErrorWithoutAMessageSaysItsCodeAsTheSdkDoes() {
        stub.reply(400, "{\"__type\":\"InvalidCiphertextException\"}");
        InvalidCiphertextException e = assertThrows(InvalidCiphertextException.class,
                () -> kms.decrypt(null, new byte[] {1}, Map.of()));
        assertTrue(e.getMessage().startsWith("Service returned error code InvalidCiphertextException"), e.getMessage());
    }

    /** Every error code the SDK's KMS client models names an exception class of the model by the one naming rule. */
    @Test
    void everyModelledKmsErrorCodeFindsItsSdkExceptionType() {
        for (String code : List.of("XksProxyInvalidConfigurationException", "ExpiredImportTokenException", "CustomKeyStoreNotFoundException",
                "XksProxyVpcEndpointServiceInvalidConfigurationException", "MalformedPolicyDocumentException", "XksProxyUriUnreachableException",
                "KMSInvalidStateException", "XksProxyUriInUseException", "InvalidArnException", "CustomKeyStoreInvalidStateException",
                "IncorrectTrustAnchorException", "KeyUnavailableException", "KMSInternalException", "LimitExceededException",
                "XksProxyInvalidResponseException", "XksProxyUriEndpointInUseException", "InvalidGrantTokenException",
                "XksKeyInvalidConfigurationException", "UnsupportedOperationException", "AlreadyExistsException", "XksKeyAlreadyInUseException",
                "CloudHsmClusterInvalidConfigurationException", "InvalidMarkerException", "InvalidAliasNameException", "XksKeyNotFoundException",
                "DryRunOperationException", "CloudHsmClusterNotFoundException", "XksProxyIncorrectAuthenticationCredentialException",
                "IncorrectKeyMaterialException", "InvalidImportTokenException", "CloudHsmClusterNotRelatedException", "DisabledException",
                "NotFoundException", "KMSInvalidSignatureException", "CloudHsmClusterInUseException", "InvalidCiphertextException",
                "ConflictException", "InvalidGrantIdException", "CustomKeyStoreHasCMKsException", "IncorrectKeyException",
                "CustomKeyStoreNameInUseException", "KMSInvalidMacException", "TagException", "InvalidKeyUsageException",
                "XksProxyVpcEndpointServiceInUseException", "XksProxyVpcEndpointServiceNotFoundException", "DependencyTimeoutException",
                "CloudHsmClusterNotActiveException")) {
            var e = AwsJsonClient.error(LeanKms.SERVICE, 400, ("{\"__type\":\"" + code + "\"}").getBytes(), "r", null, 1);
            assertInstanceOf(KmsException.class, e);
            assertTrue(e.getClass() != KmsException.class, code + " -> " + e.getClass());
        }
    }
}
