package com.socialwire.local.stores;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.InputStream;
import java.util.function.Consumer;

/** A blob store that reports every created object, as S3 does to event notification targets. */
public final class S3Notifications extends ForwardingBlobStore {

    /** One s3:ObjectCreated:* event. */
    public record ObjectCreated(String eventName, String bucket, String key, long size, String eTag) {
    }

    private final Consumer<ObjectCreated> listener;

    S3Notifications(BlobStore delegate, Consumer<ObjectCreated> listener) {
        super(delegate);
        this.listener = listener;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse r = super.putBlob(request, content);
        notify("ObjectCreated:Put", request.bucket(), request.key(), r.eTag());
        return r;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse r = super.copyBlob(request);
        notify("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey(), null);
        return r;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse r = super.completeMultipartUpload(upload, request);
        notify("ObjectCreated:CompleteMultipartUpload", request.bucket(), request.key(), r.eTag());
        return r;
    }

    private void notify(String event, String bucket, String key, String eTag) {
        long size = 0;
        String tag = eTag;
        try {
            HeadObjectResponse head = blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            if (head != null) {
                size = head.contentLength() == null ? 0 : head.contentLength();
                tag = tag == null ? head.eTag() : tag;
            }
        } catch (RuntimeException ignored) {
            // size stays 0; the event still goes out
        }
        listener.accept(new ObjectCreated(event, bucket, key, size, tag == null ? "" : tag.replace("\"", "")));
    }
}
