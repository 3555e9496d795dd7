package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.LeanS3;
import com.socialwire.shared.aws.S3GetUrls;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/** A report's files in S3: {@code reports/{tenantId}/{reportId}.json} (the document) and {@code .html} (its page). */
public final class ReportFiles {

    private final Supplier<LeanS3> s3;
    private final Supplier<S3GetUrls> urls;
    private final String bucket;
    private final Duration urlLifetime;

    public ReportFiles(Supplier<LeanS3> s3, Supplier<S3GetUrls> urls, String bucket, Duration urlLifetime) {
        this.s3 = s3;
        this.urls = urls;
        this.bucket = bucket;
        this.urlLifetime = urlLifetime;
    }

    public static String documentKey(Report r) {
        return "reports/" + r.tenantId + "/" + r.id + ".json";
    }

    public static String pageKey(Report r) {
        return "reports/" + r.tenantId + "/" + r.id + ".html";
    }

    /** Stores the document (again, the same, on a retry: an overwrite). */
    public String putDocument(Report r, ObjectNode doc) {
        String key = documentKey(r);
        s3.get().putObject(bucket, key, Json.bytes(doc), "application/json");
        return key;
    }

    public String putPage(Report r, String html) {
        String key = pageKey(r);
        s3.get().putObject(bucket, key, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        return key;
    }

    public ObjectNode document(String key) {
        return (ObjectNode) Json.tree(new String(s3.get().getObject(bucket, key, null, null), StandardCharsets.UTF_8));
    }

    /** The largest thumbnail a page embeds (the processor's are a few KB to a few tens of KB). */
    static final int MAX_THUMBNAIL_BYTES = 100_000;

    /**
     * A JPEG thumbnail of the bucket as a {@code data:} URI, so the page stays self-contained and its images outlive any
     * presigned link; null for one too large (or empty).
     */
    public String thumbnailDataUri(String key) {
        byte[] bytes = s3.get().getObject(bucket, key, "bytes=0-" + MAX_THUMBNAIL_BYTES, null);
        if (bytes.length == 0 || bytes.length > MAX_THUMBNAIL_BYTES) {
            return null;
        }
        return "data:image/jpeg;base64," + java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** A presigned GET of {@code key}, valid for the configured lifetime. */
    public String url(String key) {
        return urls.get().url(bucket, key, urlLifetime);
    }
}
