package com.socialwire.media.storage;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link MediaObjects} on one S3 bucket. */
public final class S3MediaObjects implements MediaObjects {

    private final Supplier<S3Client> s3;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;

    public S3MediaObjects(Supplier<S3Client> s3, Supplier<S3Presigner> presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    /**
     * Content-Type and Content-Length are part of the signature: S3 refuses a PUT whose type or
     * length differs from what was declared (403 SignatureDoesNotMatch).
     */
    @Override
    public PresignedUpload presignPut(String key, String contentType, long contentLength, Duration lifetime) {
        PresignedPutObjectRequest p = presigner.get().presignPutObject(r -> r.signatureDuration(lifetime)
                .putObjectRequest(PutObjectRequest.builder().bucket(bucket).key(key)
                        .contentType(contentType).contentLength(contentLength).build()));
        Map<String, String> headers = new LinkedHashMap<>();
        p.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(canonical(name), String.join(",", values));
            }
        });
        return new PresignedUpload(p.url().toString(), headers, p.expiration());
    }

    @Override
    public Optional<Head> head(String key) {
        try {
            HeadObjectResponse h = s3.get().headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new Head(h.contentLength(), unquote(h.eTag()), h.lastModified()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public byte[] read(String key, String eTag, int maxBytes) {
        try {
            return s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-" + (maxBytes - 1L))
                    .ifMatch("\"" + eTag + "\"")).asByteArray();
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                throw new Changed(key);
            }
            throw e;
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        s3.get().putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    @Override
    public void delete(String key) {
        s3.get().deleteObject(b -> b.bucket(bucket).key(key));
    }

    static String unquote(String eTag) {
        return eTag == null ? "" : eTag.replace("\"", "");
    }

    /** {@code content-type} → {@code Content-Type}, as a person writes headers. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.toLowerCase(Locale.ROOT).split("-", -1)) {
            if (!out.isEmpty()) {
                out.append('-');
            }
            out.append(part.isEmpty() ? "" : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
