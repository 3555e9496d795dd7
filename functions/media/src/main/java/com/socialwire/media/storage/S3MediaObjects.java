package com.socialwire.media.storage;

import com.socialwire.shared.aws.LeanS3;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link MediaObjects} on one S3 bucket, through the functions' S3 client ({@link LeanS3}). */
public final class S3MediaObjects implements MediaObjects {

    private final Supplier<LeanS3> s3;
    private final String bucket;

    public S3MediaObjects(Supplier<LeanS3> s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * Content-Type and Content-Length are part of the signature: S3 refuses a PUT whose type or
     * length differs from what was declared (403 SignatureDoesNotMatch).
     */
    @Override
    public PresignedUpload presignPut(String key, String contentType, long contentLength, Duration lifetime) {
        LeanS3.Presigned p = s3.get().presignPutObject(bucket, key, contentType, contentLength, lifetime);
        Map<String, String> headers = new LinkedHashMap<>();
        p.signedHeaders().forEach((name, value) -> headers.put(canonical(name), value));
        return new PresignedUpload(p.url(), headers, p.expiration());
    }

    @Override
    public Optional<Head> head(String key) {
        try {
            LeanS3.ObjectHead h = s3.get().headObject(bucket, key);
            return Optional.of(new Head(h.contentLength(), unquote(h.eTag()), h.lastModified()));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public byte[] read(String key, String eTag, int maxBytes) {
        try {
            return s3.get().getObject(bucket, key, "bytes=0-" + (maxBytes - 1L), "\"" + eTag + "\"");
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                throw new Changed(key);
            }
            throw e;
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        s3.get().putObject(bucket, key, bytes, contentType);
    }

    @Override
    public void delete(String key) {
        s3.get().deleteObject(bucket, key);
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
