package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.bulk.BulkRows;
import com.socialwire.posts.bulk.Csv;
import com.socialwire.posts.bulk.Multipart;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.security.Principal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk create: up to {@value #MAX} posts from JSON ({@code {"posts":[...], "campaignId"?}}) or CSV
 * ({@code text/csv}, or multipart/form-data with a {@code file} part; columns as in the seed:
 * content, platforms, scheduled_at, category, hashtags, tags, labels, plus campaign_id, media,
 * requires_approval, title, link). Every row is created or refused on its own — one bad row does not stop the
 * others — and {@code campaignId} (body, form field or {@code ?campaignId=}) is kept on every post.
 */
public final class BulkImporter {

    public static final int MAX = 50;

    private final PostService posts;

    public BulkImporter(PostService posts) {
        this.posts = posts;
    }

    public Map<String, Object> importPosts(Principal who, String tenantId, ApiRequest r) {
        String contentType = r.header("content-type").orElse("application/json");
        String campaignId = r.query("campaignId").orElse(null);
        List<Optional<ObjectNode>> rows = new ArrayList<>();
        List<String> rowErrors = new ArrayList<>();
        if (Multipart.isMultipart(contentType)) {
            Multipart form = Multipart.parse(r.body(), contentType);
            Multipart.Part file = form.part("file").orElseThrow(() -> ApiException.validation(
                    "a CSV upload needs a part named file", Map.of("file", "is required")));
            campaignId = form.part("campaignId").map(p -> p.text().strip()).filter(s -> !s.isEmpty()).orElse(campaignId);
            csv(Csv.parse(file.bytes()), rows, rowErrors);
        } else if (contentType.toLowerCase().startsWith("text/csv")) {
            csv(Csv.parse(r.body()), rows, rowErrors);
        } else {
            ObjectNode body = r.jsonObject();
            JsonNode list = body.get("posts");
            if (list == null || !list.isArray()) {
                throw ApiException.validation("the body must be {\"posts\": [...]} (JSON) or a CSV file", Map.of("posts", "is required"));
            }
            for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("posts") && !f.equals("campaignId")) {
                    throw ApiException.validation("the request body is invalid", Map.of(f, "unknown field"));
                }
            }
            if (body.hasNonNull("campaignId")) {
                campaignId = body.get("campaignId").asText();
            }
            for (JsonNode item : list) {
                rows.add(item.isObject() ? Optional.of((ObjectNode) item.deepCopy()) : Optional.empty());
                rowErrors.add(item.isObject() ? null : "each post must be an object");
            }
        }
        if (rows.size() > MAX) {
            throw ApiException.validation("Maximum " + MAX + " posts per bulk request", Map.of("posts", rows.size() + " given"));
        }
        if (rows.isEmpty()) {
            throw ApiException.validation("no posts to create", Map.of("posts", "must have 1 to " + MAX + " items"));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int ok = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            Optional<ObjectNode> row = rows.get(i);
            if (row.isEmpty()) {
                result.put("success", false);
                result.put("error", Map.of("code", "VALIDATION_ERROR", "message", rowErrors.get(i)));
                results.add(result);
                continue;
            }
            ObjectNode body = row.get();
            if (campaignId != null && !body.hasNonNull("campaignId")) {
                body.put("campaignId", campaignId);
            }
            if (!body.has("status") && (body.hasNonNull("scheduledFor") || body.hasNonNull("scheduledAt"))) {
                body.put("status", PostStatus.SCHEDULED.wire());
            }
            try {
                Post p = posts.create(who, tenantId, PostInput.parse(body, true), "bulk");
                result.put("success", true);
                result.put("id", p.id);
                result.put("status", p.status.wire());
                result.put("campaignId", p.campaignId());
                ok++;
            } catch (RuntimeException e) {
                // one bad row gets its own error; the others are still created
                result.put("success", false);
                result.put("error", RowError.of(e, "row " + i));
            }
            results.add(result);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", rows.size());
        out.put("succeeded", ok);
        out.put("failed", rows.size() - ok);
        out.put("campaignId", campaignId);
        out.put("results", results);
        return out;
    }

    private static void csv(Csv.Parsed parsed, List<Optional<ObjectNode>> rows, List<String> errors) {
        List<String> unknown = BulkRows.unknownColumns(parsed.columns());
        if (!unknown.isEmpty()) {
            throw ApiException.validation("the CSV has columns this import does not know", Map.of("columns", unknown,
                    "expected", "content, platforms, scheduled_at, category, title, link, hashtags, tags, labels, campaign_id, media, requires_approval"));
        }
        for (Csv.Row row : parsed.rows()) {
            if (row.ok()) {
                rows.add(Optional.of(BulkRows.toPost(row.values())));
                errors.add(null);
            } else {
                rows.add(Optional.empty());
                errors.add(row.error());
            }
        }
    }

    static ObjectNode empty() {
        return Json.object();
    }
}
