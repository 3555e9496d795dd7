package com.socialwire.shared.aws;

import com.socialwire.shared.IsoInstant;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS Signature Version 4, the one signer of this package: header signing for the lean clients
 * ({@link LeanDynamoDb}, {@link LeanSqs}, {@link LeanKms}, {@link LeanS3}) and query-string presigning for {@link LeanS3}'s
 * upload and download links. Plain JDK (HMAC-SHA256, SHA-256), so a
 * function's first request does not load the SDK's signer, its identity resolution and its checksum machinery.
 * Paths come already encoded and are signed as given (no double encoding, no normalisation: what S3 and DynamoDB
 * expect); query parameters are RFC 3986-encoded and sorted; header names are lower-cased, values trimmed with
 * inner runs of spaces collapsed. SigV4Test checks it against AWS's published test suite and the SDK's signer.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final String service;

    public SigV4(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /** {@code 20150830T123600Z}: the form of {@code X-Amz-Date}. */
    public static String amzDate(Instant time) {
        return IsoInstant.basic(time);
    }

    /**
     * The {@code Authorization} header for a request whose headers (host and {@code x-amz-date} included, and
     * {@code x-amz-security-token} when the credentials carry a session) are all signed.
     *
     * @param headers every header to sign, any case; {@code x-amz-date} gives the signing time
     */
    public String authorization(String method, String encodedPath, Map<String, String> query, Map<String, String> headers,
                                byte[] payload, AwsCredentialsIdentity credentials) {
        return authorization(method, encodedPath, query, headers, hex(sha256(payload)), credentials);
    }

    /**
     * The same with the payload's hash as given: the hex SHA-256 of the body or {@link #UNSIGNED_PAYLOAD} (S3, which
     * also wants it in {@code x-amz-content-sha256}).
     */
    public String authorization(String method, String encodedPath, Map<String, String> query, Map<String, String> headers,
                                String payloadHash, AwsCredentialsIdentity credentials) {
        TreeMap<String, String> canonical = canonicalHeaders(headers);
        String amzDate = canonical.get("x-amz-date");
        if (amzDate == null) {
            throw new IllegalArgumentException("x-amz-date must be among the signed headers");
        }
        String signedHeaders = String.join(";", canonical.keySet());
        String signature = signature(method, encodedPath, canonicalQuery(query), canonical, signedHeaders,
                payloadHash, amzDate, credentials);
        return ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope(amzDate) + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature;
    }

    /**
     * The query string of a presigned request (query-string auth, {@code UNSIGNED-PAYLOAD}, {@code headers} signed:
     * {@code host} and whatever the request must send as given, such as an upload's type and length), in the order
     * the SDK's presigner writes it: session token, algorithm, date, signed headers, credential, expiry, signature.
     */
    public String presignedQuery(String method, String encodedPath, Map<String, String> headers, Instant time, Duration lifetime,
                                 AwsCredentialsIdentity credentials) {
        TreeMap<String, String> canonical = canonicalHeaders(headers);
        String signedHeaders = String.join(";", canonical.keySet());
        String amzDate = amzDate(time);
        Map<String, String> query = new LinkedHashMap<>();
        if (credentials instanceof AwsSessionCredentialsIdentity s) {
            query.put("X-Amz-Security-Token", s.sessionToken());
        }
        query.put("X-Amz-Algorithm", ALGORITHM);
        query.put("X-Amz-Date", amzDate);
        query.put("X-Amz-SignedHeaders", signedHeaders);
        query.put("X-Amz-Credential", credentials.accessKeyId() + "/" + scope(amzDate));
        query.put("X-Amz-Expires", Long.toString(lifetime.toSeconds()));
        String signature = signature(method, encodedPath, canonicalQuery(query), canonical, signedHeaders,
                UNSIGNED_PAYLOAD, amzDate, credentials);
        query.put("X-Amz-Signature", signature);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> q : query.entrySet()) {
            out.append(out.isEmpty() ? "" : "&").append(encode(q.getKey())).append('=').append(encode(q.getValue()));
        }
        return out.toString();
    }

    private String signature(String method, String encodedPath, String canonicalQuery, TreeMap<String, String> headers,
                             String signedHeaders, String payloadHash, String amzDate, AwsCredentialsIdentity credentials) {
        StringBuilder request = new StringBuilder(method).append('\n')
                .append(encodedPath.isEmpty() ? "/" : encodedPath).append('\n')
                .append(canonicalQuery).append('\n');
        for (Map.Entry<String, String> h : headers.entrySet()) {
            request.append(h.getKey()).append(':').append(h.getValue()).append('\n');
        }
        request.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope(amzDate) + "\n"
                + hex(sha256(request.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    private String scope(String amzDate) {
        return amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    }

    /** Header names lower-cased and sorted, values trimmed with inner runs of spaces collapsed. */
    private static TreeMap<String, String> canonicalHeaders(Map<String, String> headers) {
        TreeMap<String, String> canonical = new TreeMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            canonical.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().strip().replaceAll(" +", " "));
        }
        return canonical;
    }

    private static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> q : query.entrySet()) {
            sorted.put(encode(q.getKey()), encode(q.getValue()));
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> q : sorted.entrySet()) {
            out.append(out.isEmpty() ? "" : "&").append(q.getKey()).append('=').append(q.getValue());
        }
        return out.toString();
    }

    /** RFC 3986 percent-encoding: everything but {@code A-Z a-z 0-9 - _ . ~}. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return hmacSha256(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 over MessageDigest ({@link com.socialwire.shared.security.Hashing#hmacSha256}: no JCE provider at a cold start). */
    static byte[] hmacSha256(byte[] key, byte[] data) {
        return com.socialwire.shared.security.Hashing.hmacSha256(key, data);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
