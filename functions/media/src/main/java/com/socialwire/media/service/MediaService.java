package com.socialwire.media.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.media.model.AiGeneration;
import com.socialwire.media.model.Filenames;
import com.socialwire.media.model.MediaItem;
import com.socialwire.media.model.MediaKeys;
import com.socialwire.media.model.MediaQuota;
import com.socialwire.media.model.MediaTypes;
import com.socialwire.shared.net.PublicUrls;
import com.socialwire.media.storage.MediaObjects;
import com.socialwire.media.store.MediaStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.Page;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's media library: presigned uploads straight to S3 (the bytes never pass through the
 * API), AI images (written by the service, then processed as uploads are), registered external URLs,
 * listing, reading with short-lived download URLs, and deletion of the item with its bytes.
 */
public final class MediaService {

    static final Duration UPLOAD_URL_LIFETIME = Duration.ofMinutes(15);
    static final Duration FETCH_URL_LIFETIME = Duration.ofHours(1);
    /**
     * After this long an item still uploading or processing is abandoned: its URL expired 15 minutes
     * after the request, S3's event lives at most an hour with Lambda's retries (template.yaml's
     * MaximumEventAgeInSeconds), and a processor run lasts at most a minute — so nothing can still
     * finish it. It is then marked failed and gives back its quota.
     */
    static final Duration ABANDONED_AFTER = UPLOAD_URL_LIFETIME.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(5));
    static final Set<String> STATUSES = Set.of(MediaItem.UPLOADING, MediaItem.PROCESSING, MediaItem.READY, MediaItem.FAILED);

    private final MediaStore store;
    private final MediaObjects objects;
    private final MediaLibrary library;
    private final MediaQuota quota;
    private final Clock clock;

    public MediaService(MediaStore store, MediaObjects objects, MediaLibrary library, MediaQuota quota, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.library = library;
        this.quota = quota;
        this.clock = clock;
    }

    /**
     * A new item in {@code uploading} and a presigned PUT for its bytes. The declared type and size
     * are signed into the URL; the processor then checks the bytes themselves.
     */
    public Map<String, Object> requestUpload(String tenantId, ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("filename", "mimeType", "sizeBytes", "altText"));
        String filename = in.string("filename", true, 1, 255).orElse(null);
        String mimeType = in.string("mimeType", true, 1, 255).map(MediaTypes::normalize).orElse(null);
        Long size = size(body, in);
        String altText = altText(in);
        in.check();
        if (!MediaTypes.allowed(mimeType)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, mimeType + " is not a supported media type",
                    Map.of("mimeType", mimeType, "allowed", MediaTypes.ALLOWED));
        }
        if (size > MediaTypes.MAX_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "files may be at most " + MediaTypes.MAX_BYTES + " bytes (512 MB)",
                    Map.of("sizeBytes", size, "maxBytes", MediaTypes.MAX_BYTES));
        }
        MediaItem item = newUpload(Ids.next("med"), tenantId, MediaItem.UPLOAD, filename, mimeType, size, null, null, altText, null);
        MediaObjects.PresignedUpload put = objects.presignPut(item.s3Key(), mimeType, size, UPLOAD_URL_LIFETIME);
        createWithinQuota(item, 413);
        Map<String, Object> out = view(item);
        Map<String, Object> upload = new LinkedHashMap<>();
        upload.put("method", "PUT");
        upload.put("url", put.url());
        upload.put("headers", put.headers());
        upload.put("expiresAt", iso(put.expiresAt()));
        out.put("upload", upload);
        return out;
    }

    /**
     * An image the service was given the bytes of (an AI image): created as an upload is — {@code uploading}, counted
     * against the tenant's quota, under the upload key layout — and its bytes written there, so the processor's S3
     * event verifies, measures and thumbnails it like any upload. The view of the new item; the bytes could not be
     * written → the item is failed (its quota given back) and the failure thrown.
     */
    public Map<String, Object> storeGenerated(String tenantId, String mediaId, String filename, String mimeType, byte[] bytes,
                                              Integer width, Integer height, String altText, AiGeneration generation) {
        MediaItem item = newUpload(mediaId, tenantId, MediaItem.AI, filename, mimeType, bytes.length, width, height, altText, generation);
        createWithinQuota(item, 413);
        try {
            objects.put(item.s3Key(), bytes, mimeType);
        } catch (RuntimeException e) {
            store.markFailed(item, "the generated image could not be stored; generate it again", clock.instant());
            throw e;
        }
        return view(item);
    }

    /** The live (not deleted) item {@code mediaId}, if there is one: a retried creation finds what its first attempt made. */
    public Optional<MediaItem> live(String tenantId, String mediaId) {
        return store.get(tenantId, mediaId).filter(m -> !m.deleted());
    }

    /** A new item whose bytes are to arrive in the bucket ({@code uploading}), holding their size of the quota. */
    private MediaItem newUpload(String id, String tenantId, String source, String filename, String mimeType, long size, Integer width,
                                Integer height, String altText, AiGeneration generation) {
        String safe = Filenames.safe(filename);
        Instant now = clock.instant();
        return new MediaItem(id, tenantId, source, MediaItem.UPLOADING, MediaTypes.kindOf(mimeType).orElseThrow(), mimeType, mimeType, safe,
                Filenames.display(filename), MediaKeys.upload(tenantId, id, safe), null, width, height, size, altText, false, null, null,
                null, null, now, now, null, size, generation);
    }

    /** An item for media that lives elsewhere: ready at once, never fetched, so {@code verified: false}. */
    public Map<String, Object> register(String tenantId, ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("url", "filename", "mimeType", "type", "altText"));
        String url = in.string("url", true, 1, 2048).orElse(null);
        String filename = in.string("filename", false, 1, 255).orElse(null);
        String mimeType = in.string("mimeType", false, 1, 255).map(MediaTypes::normalize).orElse(null);
        String kind = in.oneOf("type", true, Set.copyOf(MediaTypes.KINDS)).orElse(null);
        String altText = altText(in);
        Optional<PublicUrls.Problem> urlProblem = url == null ? Optional.empty() : PublicUrls.problem(url);
        urlProblem.filter(PublicUrls.Problem::malformed).ifPresent(p -> in.reject("url", p.reason()));
        in.check();
        urlProblem.ifPresent(p -> {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "url must be an https URL on a public host",
                    Map.of("url", p.reason()), null);
        });
        URI uri = URI.create(url);
        if (mimeType != null && !MediaTypes.allowed(mimeType)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, mimeType + " is not a supported media type",
                    Map.of("mimeType", mimeType, "allowed", MediaTypes.ALLOWED));
        }
        if (mimeType != null && !MediaTypes.kindOf(mimeType).orElseThrow().equals(kind)) {
            throw ApiException.validation("the request body is invalid",
                    Map.of("mimeType", mimeType + " is " + MediaTypes.kindOf(mimeType).orElseThrow() + ", not " + kind));
        }
        String name = filename != null ? filename : lastSegment(uri);
        String id = Ids.next("med");
        Instant now = clock.instant();
        MediaItem item = new MediaItem(id, tenantId, MediaItem.EXTERNAL, MediaItem.READY, kind, mimeType, mimeType,
                Filenames.safe(name), Filenames.display(name), null, uri.toString(), null, null, null, altText, false,
                null, null, null, null, now, now, null, 0L);
        createWithinQuota(item, 422);
        return view(item);
    }

    /** {@code {"items": [...], "nextCursor": ...}}, as the {@link Page} record is written, but plain. */
    public Map<String, Object> list(String tenantId, String status, String type, int limit, String cursor) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of " + STATUSES.stream().sorted().toList(), Map.of("status", status));
        }
        if (type != null && !MediaTypes.KINDS.contains(type)) {
            throw ApiException.validation("type must be one of " + MediaTypes.KINDS, Map.of("type", type));
        }
        Page<Map<String, Object>> page = store.list(tenantId, status, type, limit, cursor).map(m -> view(settleIfAbandoned(m)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items());
        out.put("nextCursor", page.nextCursor());
        return out;
    }

    public Map<String, Object> get(String tenantId, String mediaId) {
        return view(settleIfAbandoned(find(tenantId, mediaId)));
    }

    /** Deletes the bytes (object and thumbnail) and the item, giving back its quota; a second delete is 404. */
    public void delete(String tenantId, String mediaId) {
        MediaItem item = find(tenantId, mediaId);
        if (item.s3Key() != null) {
            objects.delete(item.s3Key());
            objects.delete(MediaKeys.thumbnail(tenantId, mediaId)); // also one a running processor may just have written
        }
        // the processor may change the item (and its quota) meanwhile: read it again and retry
        for (int attempt = 0; !store.markDeleted(item, clock.instant()); attempt++) {
            item = find(tenantId, mediaId);
            if (attempt == 3) {
                throw new IllegalStateException("media " + mediaId + " kept changing while it was deleted");
            }
        }
    }

    private MediaItem find(String tenantId, String mediaId) {
        if (!Ids.looksLike("med", mediaId)) {
            throw ApiException.notFound("media " + mediaId);
        }
        return store.get(tenantId, mediaId).filter(m -> !m.deleted()).orElseThrow(() -> ApiException.notFound("media " + mediaId));
    }

    /**
     * Creates the item if the tenant's quota has room for it; otherwise settles the tenant's abandoned
     * uploads (they may hold what it needs) and tries once more, then answers {@code QUOTA_EXCEEDED}
     * with what is used and what the limits are.
     */
    private void createWithinQuota(MediaItem item, int status) {
        if (store.create(item, quota)) {
            return;
        }
        settleAbandoned(item.tenantId());
        if (store.create(item, quota)) {
            return;
        }
        MediaQuota.Usage used = store.usage(item.tenantId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("usedBytes", used.bytes());
        details.put("limitBytes", quota.maxBytes());
        details.put("requestedBytes", item.quotaBytes());
        details.put("usedItems", used.items());
        details.put("limitItems", quota.maxItems());
        boolean items = used.items() >= quota.maxItems();
        throw new ApiException(ErrorCode.QUOTA_EXCEEDED, status, items
                ? "this tenant's media library is full (" + quota.maxItems() + " items); delete some media first"
                : "this tenant's media storage quota would be exceeded; delete some media first", details, null);
    }

    /** Marks the tenant's abandoned uploads failed (a page of each pending status at a time, a few pages at most). */
    private void settleAbandoned(String tenantId) {
        for (String status : List.of(MediaItem.UPLOADING, MediaItem.PROCESSING)) {
            String cursor = null;
            int pages = 0;
            do {
                Page<MediaItem> page = store.list(tenantId, status, null, 100, cursor);
                page.items().forEach(this::settleIfAbandoned);
                cursor = page.nextCursor();
            } while (cursor != null && ++pages < 10);
        }
    }

    /** The item, or — if it is pending past {@link #ABANDONED_AFTER} — the item failed with why, its bytes removed and its quota released. */
    private MediaItem settleIfAbandoned(MediaItem m) {
        Instant now = clock.instant();
        if (!m.pending() || m.createdAt().plus(ABANDONED_AFTER).isAfter(now)) {
            return m;
        }
        boolean arrived = objects.head(m.s3Key()).isPresent();
        String reason = arrived ? "the upload arrived but was not processed within " + ABANDONED_AFTER.toMinutes() + " minutes; upload it again"
                : "the upload did not arrive before its URL expired";
        if (store.markFailed(m, reason, now)) {
            objects.delete(m.s3Key());
            objects.delete(MediaKeys.thumbnail(m.tenantId(), m.id()));
        }
        return store.get(m.tenantId(), m.id()).orElse(m);
    }

    /** The item as the API shows it (plain values only, see {@link #iso}), with URLs to fetch it and its thumbnail (presigned for an hour) when it is ready. */
    Map<String, Object> view(MediaItem m) {
        boolean ready = MediaItem.READY.equals(m.status());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("tenantId", m.tenantId());
        out.put("type", m.kind());
        out.put("status", m.status());
        out.put("source", m.source());
        out.put("filename", m.filename());
        out.put("originalFilename", m.originalFilename());
        out.put("mimeType", m.mimeType());
        out.put("declaredMimeType", m.upload() ? m.declaredMimeType() : null);
        out.put("sizeBytes", m.sizeBytes());
        out.put("width", m.width());
        out.put("height", m.height());
        out.put("altText", m.altText());
        out.put("verified", m.verified());
        out.put("url", ready ? library.fetchUrl(m.s3Key(), m.externalUrl(), FETCH_URL_LIFETIME) : null);
        out.put("urlExpiresAt", ready && m.upload() ? iso(clock.instant().plus(FETCH_URL_LIFETIME)) : null);
        out.put("thumbnailUrl", ready && m.thumbnailKey() != null ? library.fetchUrl(m.thumbnailKey(), null, FETCH_URL_LIFETIME) : null);
        out.put("thumbnailNote", ready && m.upload() ? m.thumbnailNote() : null);
        out.put("failureReason", m.failureReason());
        out.put("createdAt", iso(m.createdAt()));
        out.put("updatedAt", iso(m.updatedAt()));
        out.put("processedAt", iso(m.processedAt()));
        if (m.generation() != null) {
            AiGeneration g = m.generation();
            Map<String, Object> generation = new LinkedHashMap<>();
            generation.put("model", g.model());
            generation.put("offline", g.offline());
            generation.put("prompt", g.prompt());
            generation.put("templateId", g.templateId());
            generation.put("size", g.size());
            out.put("model", g.model());
            out.put("offline", g.offline());
            out.put("generation", generation);
        }
        return out;
    }

    /**
     * An instant as the API writes it (ISO-8601, as {@code JsonTime} writes an Instant): the views hold only plain
     * values (strings, numbers, booleans, maps, lists), which {@code Json} writes without building the ObjectMapper.
     */
    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** {@code sizeBytes}: a required whole number of at least 1 (the upper limit is a 413, checked later). */
    private static Long size(ObjectNode body, JsonBody in) {
        JsonNode v = body.get("sizeBytes");
        if (v == null || v.isNull()) {
            in.reject("sizeBytes", "is required");
            return null;
        }
        if (!v.isIntegralNumber()) {
            in.reject("sizeBytes", "must be a whole number of bytes");
            return null;
        }
        if (!v.canConvertToLong() && v.bigIntegerValue().signum() > 0) {
            return Long.MAX_VALUE; // beyond any limit: the 413 says so
        }
        if (!v.canConvertToLong() || v.longValue() < 1) {
            in.reject("sizeBytes", "must be at least 1");
            return null;
        }
        return v.longValue();
    }

    private static String altText(JsonBody in) {
        return in.string("altText", false, 0, 1000).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static String lastSegment(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        List<String> parts = List.of(path.split("/"));
        String last = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
        return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
