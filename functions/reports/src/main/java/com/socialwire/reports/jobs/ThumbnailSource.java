package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The top posts' thumbnails, embedded: after {@link AnalyticsSource} has listed the top posts with their first medium
 * ({@code thumbnailMediaId}), each one the media processor made a JPEG thumbnail of gets it as a {@code data:} URI in
 * {@code thumbnailUrl} (read from the media bucket through the media library's row, tenant-scoped), so the stored page
 * shows it for as long as the page lives. A medium without a thumbnail (a video, an external URL, a deleted item) or one
 * that cannot be read keeps {@code thumbnailUrl} null: the page shows the post without an image, the report is not held up.
 */
public final class ThumbnailSource implements ReportSource {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailSource.class);

    private final Table table;
    private final ReportFiles files;

    public ThumbnailSource(Table table, ReportFiles files) {
        this.table = table;
        this.files = files;
    }

    @Override
    public void fill(Tenant tenant, Report report, ObjectNode doc) {
        for (JsonNode post : doc.path("topPosts")) {
            String mediaId = post.path("thumbnailMediaId").asText(null);
            if (mediaId == null || !post.path("thumbnailUrl").isNull()) {
                continue;
            }
            Optional<String> key = thumbnailKey(tenant.id(), mediaId);
            if (key.isEmpty()) {
                continue;
            }
            try {
                ((ObjectNode) post).put("thumbnailUrl", files.thumbnailDataUri(key.get()));
            } catch (RuntimeException e) {
                LOG.warn("report {}: the thumbnail of {} could not be read; the post is shown without it", report.id, mediaId, e);
            }
        }
    }

    private Optional<String> thumbnailKey(String tenantId, String mediaId) {
        if (!mediaId.startsWith("med_")) {
            return Optional.empty();
        }
        return table.get(MediaLibrary.pk(tenantId), MediaLibrary.sk(mediaId)).map(MediaLibrary::ref).filter(MediaRef::ready)
                .map(MediaRef::thumbnailKey);
    }
}
