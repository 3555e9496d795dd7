package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanKms;
import com.socialwire.shared.security.SecretCipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean KMS client answers what the SDK's client answers, against the local KMS (KMS's JSON 1.1 protocol, with
 * each call held to the calling function's policy): a seeded loop of data keys of every size and encryption context,
 * each made by one client and opened by the other (the same plaintext), and the errors KMS gives — a wrong context,
 * an unknown key, a missing context — as the same
 * exception with the same details. Then a secret sealed and opened by {@code SecretCipher} through the client a
 * function gets.
 */
class LeanKmsIT {

    private static final int ROUNDS = 20;

    static Config config;
    static String keyId;
    static KmsClient sdk;
    static LeanKms lean;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        config = env.functionConfig("TenantsFunction"); // kms:GenerateDataKey and kms:Decrypt on the secrets key, nothing else
        keyId = config.require("KMS_KEY_ID");
        AwsClients aws = new AwsClients(config);
        sdk = aws.configure(KmsClient.builder(), "KMS_ENDPOINT").build();
        lean = aws.kms();
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    @Test
    void dataKeysMadeByEitherClientOpenWithTheOtherAndErrorsAreTheSdksOwn() {
        Random random = new Random(20261204);
        int compared = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, String> context = new java.util.TreeMap<>();
            int entries = random.nextInt(3);
            context.put("purpose", "tenant:t" + random.nextInt(1000) + ":igAccessToken");
            for (int i = 0; i < entries; i++) {
                context.put("k" + i, "v" + random.nextInt(100) + " é");
            }
            int shape = random.nextInt(3);
            SdkBytes plaintext;
            SdkBytes blob;
            if (shape < 2 && random.nextBoolean()) { // each opens what either made (LeanKms makes the AES keys SecretCipher uses)
                LeanKms.DataKey key = lean.generateDataKey(keyId, context, shape == 0 ? "AES_256" : "AES_128");
                plaintext = SdkBytes.fromByteArray(key.plaintext());
                blob = SdkBytes.fromByteArray(key.ciphertextBlob());
            } else {
                GenerateDataKeyResponse key = sdk.generateDataKey(b -> {
                    b.keyId(keyId).encryptionContext(context);
                    switch (shape) {
                        case 0 -> b.keySpec(DataKeySpec.AES_256);
                        case 1 -> b.keySpec(DataKeySpec.AES_128);
                        default -> b.numberOfBytes(1 + random.nextInt(64));
                    }
                });
                plaintext = key.plaintext();
                blob = key.ciphertextBlob();
            }
            List<Object> bySdk = opens(SDK, blob, context);
            List<Object> byLean = opens(LEAN, blob, context);
            assertEquals(plaintext, bySdk.get(0));
            assertEquals(bySdk.size(), byLean.size());
            for (int i = 0; i < bySdk.size(); i++) {
                assertEquals(bySdk.get(i), byLean.get(i), "round " + round + ", step " + i);
                compared++;
            }
        }
        assertTrue(compared >= ROUNDS * 5, "compared " + compared);
    }

    /** Decrypt by either client: the plaintext it answers. */
    private interface Opener {
        SdkBytes decrypt(String keyId, SdkBytes blob, Map<String, String> context);
    }

    private static final Opener SDK = (key, blob, context) -> sdk.decrypt(b -> b.keyId(key).ciphertextBlob(blob).encryptionContext(context))
            .plaintext();
    private static final Opener LEAN = (key, blob, context) -> SdkBytes.fromByteArray(lean.decrypt(key, blob.asByteArray(), context));

    /** What {@code kms} answers for one data key: opened with its context (with and without the key id), then the errors around it. */
    private static List<Object> opens(Opener kms, SdkBytes blob, Map<String, String> context) {
        List<Object> out = new ArrayList<>();
        out.add(kms.decrypt(keyId, blob, context));
        out.add(kms.decrypt(null, blob, context));
        out.add(SdkAnswers.failure(() -> kms.decrypt(keyId, blob, Map.of("purpose", "another")), e -> List.of()));
        out.add(SdkAnswers.failure(() -> kms.decrypt("no-such-key", blob, context), e -> List.of()));
        out.add(SdkAnswers.failure(() -> kms.decrypt(keyId, blob, Map.of()), e -> List.of()));
        return out;
    }

    @Test
    void aSecretSealedThroughTheFunctionsKmsClientOpensAgain() {
        SecretCipher cipher = SecretCipher.fromConfig(config, new AwsClients(config));
        String sealed = cipher.encrypt("EAAG-token-é", "tenant:t1:igAccessToken");
        assertEquals("EAAG-token-é", cipher.decrypt(sealed, "tenant:t1:igAccessToken"));
        SecretCipher another = SecretCipher.fromConfig(config, new AwsClients(config));
        assertEquals("EAAG-token-é", another.decrypt(sealed, "tenant:t1:igAccessToken"));
    }
}
