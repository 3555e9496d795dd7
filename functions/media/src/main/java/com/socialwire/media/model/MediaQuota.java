package com.socialwire.media.model;

import com.socialwire.shared.Config;

/**
 * A tenant's storage quota: the bytes its uploads may hold and the number of items (uploads and
 * registered URLs) its library may have. Failed uploads hold no bytes; every item holds a place
 * until it is deleted.
 */
public record MediaQuota(long maxBytes, long maxItems) {

    /** 10 GiB and 10,000 items per tenant unless {@code MEDIA_QUOTA_BYTES} / {@code MEDIA_QUOTA_ITEMS} say otherwise. */
    public static final long DEFAULT_BYTES = 10L << 30;
    public static final long DEFAULT_ITEMS = 10_000;

    public static MediaQuota from(Config config) {
        return new MediaQuota(config.getLong("MEDIA_QUOTA_BYTES", DEFAULT_BYTES), config.getLong("MEDIA_QUOTA_ITEMS", DEFAULT_ITEMS));
    }

    /** What a tenant's library holds now, from its usage counter. */
    public record Usage(long bytes, long items) {
    }
}
