package com.socialwire.media.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The media bucket as the media functions use it (S3 behind it; tests may put something simpler). */
public interface MediaObjects {

    /** An object's current version: its size, ETag (without quotes) and last modification. */
    record Head(long size, String eTag, Instant lastModified) {
    }

    /** A presigned PUT: the URL and the headers the upload must send exactly as given (they are signed). */
    record PresignedUpload(String url, Map<String, String> headers, Instant expiresAt) {
    }

    /** The object is no longer the version that was asked for (it was replaced meanwhile). */
    final class Changed extends RuntimeException {
        public Changed(String key) {
            super("object " + key + " changed while it was read", null, false, false);
        }
    }

    /** A URL that accepts exactly one PUT of {@code contentLength} bytes of {@code contentType} to {@code key} until it expires. */
    PresignedUpload presignPut(String key, String contentType, long contentLength, Duration lifetime);

    /** The object's current version, or empty if there is none. */
    Optional<Head> head(String key);

    /** Up to {@code maxBytes} from the start of version {@code eTag} of the object; {@link Changed} if that is not the current one. */
    byte[] read(String key, String eTag, int maxBytes);

    void put(String key, byte[] bytes, String contentType);

    /** Deletes the object; deleting one that does not exist is fine. */
    void delete(String key);
}
