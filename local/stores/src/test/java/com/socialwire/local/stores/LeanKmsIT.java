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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean KMS client answers what the SDK's client answers, against the local KMS (KMS's JSON 1.1 protocol, with
 * each call held to the calling function's policy): a seeded loop of data keys of every size and encryption context,
 * each made by one client and opened by the other (the same plaintext, field by field the same answer), and the
 * errors KMS gives — a wrong context, an unknown key, an operation the function's policy denies — as the same
 * exception with the same details. Then a secret sealed and opened by {@code SecretCipher} through the client a
 * function gets.
 */
class LeanKmsIT {

    private static final int ROUNDS = 20;

    static Config config;
    static String keyId;
    static KmsClient sdk;
    static KmsClient lean;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        config = env.functionConfig("TenantsFunction"); // kms:GenerateDataKey and kms:Decrypt on the secrets key, nothing else
        keyId = config.require("KMS_KEY_ID");
        AwsClients aws = new AwsClients(config);
        sdk = aws.configure(KmsClient.builder(), "KMS_ENDPOINT").build();
        lean = aws.kms();
        assertInstanceOf(LeanKms.class, lean);
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
            KmsClient maker = random.nextBoolean() ? sdk : lean; // each opens what either made
            GenerateDataKeyResponse key = maker.generateDataKey(b -> {
                b.keyId(keyId).encryptionContext(context);
                switch (shape) {
                    case 0 -> b.keySpec(DataKeySpec.AES_256);
                    case 1 -> b.keySpec(DataKeySpec.AES_128);
                    default -> b.numberOfBytes(1 + random.nextInt(64));
                }
            });
            SdkBytes blob = key.ciphertextBlob();
            List<Object> bySdk = opens(sdk, blob, context);
            List<Object> byLean = opens(lean, blob, context);
            assertEquals(key.plaintext(), ((software.amazon.awssdk.services.kms.model.DecryptResponse) ((SdkAnswers.Fields) bySdk.get(0)).answer()).plaintext());
            assertEquals(bySdk.size(), byLean.size());
            for (int i = 0; i < bySdk.size(); i++) {
                assertEquals(bySdk.get(i), byLean.get(i), "round " + round + ", step " + i);
                compared++;
            }
        }
        assertTrue(compared >= ROUNDS * 5, "compared " + compared);
    }

    /** What {@code kms} answers for one data key: opened with its context, then the errors around it. */
    private static List<Object> opens(KmsClient kms, SdkBytes blob, Map<String, String> context) {
        List<Object> out = new ArrayList<>();
        out.add(SdkAnswers.fields(kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(blob).encryptionContext(context))));
        out.add(SdkAnswers.fields(kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(context))));
        out.add(SdkAnswers.failure(() -> kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(blob).encryptionContext(Map.of("purpose", "another"))),
                e -> List.of()));
        out.add(SdkAnswers.failure(() -> kms.decrypt(b -> b.keyId("no-such-key").ciphertextBlob(blob).encryptionContext(context)), e -> List.of()));
        out.add(SdkAnswers.failure(() -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))), e -> List.of()));
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
