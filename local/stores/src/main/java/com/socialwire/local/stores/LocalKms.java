package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.SecretCipher;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The KMS API the functions use (GenerateDataKey, Decrypt, Encrypt; JSON 1.1 over HTTP), served
 * locally with the local master key ({@code LOCAL_ENCRYPTION_KEY}). Functions reach it through
 * {@code KMS_ENDPOINT} with their normal KMS code path, so every decrypt is a call the local
 * runtime checks against the calling function's policy, as KMS checks it on AWS. A ciphertext
 * is the local key wrapper's envelope, so data kept with {@code --persist} stays readable.
 */
final class LocalKms implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final Supplier<FunctionPolicies> policies;
    private volatile SecretCipher.LocalKeyWrapper master;
    private volatile List<String> keyArns = List.of();

    LocalKms(int port, Supplier<FunctionPolicies> policies) throws IOException {
        this.policies = policies;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The master key every local key wraps with, and the keys template.yaml declares (their ARNs). */
    void keys(byte[] masterKey, List<String> arns) {
        this.master = new SecretCipher.LocalKeyWrapper(masterKey);
        this.keyArns = List.copyOf(arns);
    }

    static String keyArn(String keyId) {
        return "arn:aws:kms:" + LocalStores.REGION + ":" + LocalStores.ACCOUNT_ID + ":key/" + keyId;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String target = Optional.ofNullable(x.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
            String op = target.substring(target.indexOf('.') + 1);
            JsonNode body = Json.tree(x.getRequestBody().readAllBytes());
            String key = resolveKey(body.path("KeyId").asText(""));
            if (key == null || master == null) {
                send(x, error("NotFoundException", "Key '" + body.path("KeyId").asText() + "' does not exist"));
                return;
            }
            String accessKey = IamCalls.accessKeyId(new IamCalls.Request(x.getRequestMethod(), "/", "",
                    Map.of("authorization", Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization")).orElse("")), new byte[0]));
            FunctionPolicies p = policies.get();
            Optional<IamPolicy> policy = p == null ? Optional.empty() : p.forAccessKey(accessKey);
            IamCalls.Call call = IamCalls.kms(op, key);
            if (policy.isPresent() && !policy.get().allows(call.action(), call.resource())) {
                System.err.println("local IAM: AccessDenied: " + accessKey + " may not " + call.action() + " on " + call.resource()
                        + " (template.yaml grants it no such permission)");
                send(x, error("AccessDeniedException", StoreGate.AccessDenied.message(accessKey, call)));
                return;
            }
            String context = context(body.path("EncryptionContext"));
            ObjectNode out = Json.object().put("KeyId", key);
            switch (op) {
                case "GenerateDataKey" -> {
                    int bytes = body.has("NumberOfBytes") ? body.path("NumberOfBytes").asInt()
                            : "AES_128".equals(body.path("KeySpec").asText()) ? 16 : 32;
                    byte[] plain = new byte[bytes];
                    RANDOM.nextBytes(plain);
                    out.put("Plaintext", Base64.getEncoder().encodeToString(plain));
                    out.put("CiphertextBlob", Base64.getEncoder().encodeToString(master.seal(plain, context)));
                }
                case "Encrypt" -> out.put("CiphertextBlob", Base64.getEncoder().encodeToString(
                        master.seal(Base64.getDecoder().decode(body.path("Plaintext").asText()), context)))
                        .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
                case "Decrypt" -> {
                    byte[] plain;
                    try {
                        plain = master.unwrap(Base64.getDecoder().decode(body.path("CiphertextBlob").asText()), context);
                    } catch (RuntimeException wrongKeyOrContext) {
                        send(x, error("InvalidCiphertextException", null));
                        return;
                    }
                    out.put("Plaintext", Base64.getEncoder().encodeToString(plain)).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
                }
                default -> {
                    send(x, error("UnsupportedOperationException", "the local KMS serves GenerateDataKey, Encrypt and Decrypt, not " + op));
                    return;
                }
            }
            send(x, new Answer(200, Json.write(out)));
        }
    }

    /** The key a request names (id, ARN or omitted for Decrypt when there is one key), as an ARN; null if unknown. */
    private String resolveKey(String keyId) {
        List<String> arns = keyArns;
        if (keyId.isEmpty()) {
            return arns.size() == 1 ? arns.get(0) : null;
        }
        String arn = keyId.startsWith("arn:") ? keyId : keyArn(keyId);
        return arns.contains(arn) ? arn : null;
    }

    /** The encryption context as authenticated data: a lone {@code purpose} is the local key wrapper's context string. */
    static String context(JsonNode ctx) {
        Map<String, String> sorted = new TreeMap<>();
        ctx.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        if (sorted.size() == 1 && sorted.containsKey("purpose")) {
            return sorted.get("purpose");
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("&", parts);
    }

    private record Answer(int status, String body) {
    }

    private static Answer error(String type, String message) {
        ObjectNode e = Json.object().put("__type", type);
        if (message != null) {
            e.put("message", message);
        }
        return new Answer(400, Json.write(e));
    }

    private static void send(HttpExchange x, Answer a) throws IOException {
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        x.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        x.sendResponseHeaders(a.status(), bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
