package com.socialwire.posts.studio.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The content studio's rows, in the tenant's partition, each document as JSON in {@code doc}:
 * <pre>
 * PK TENANT#{tenantId}, SK
 *   STRATEGY#CURRENT                the current strategy: its version's doc and number ({@code version})
 *   STRATEGY#v{n, 6 digits}         strategy version n, never changed once written
 *   SEORULE#{ruleId}                an SEO rule
 *   CONTENTPREF#{contentType}       the content preference of one content type
 *   TEMPLATE#{templateId}           a template's current version (doc, {@code version})
 *   TEMPLATEV#{templateId}#v{n, 6}  its version n, never changed once written
 * </pre>
 * A new version is written with its head in one transaction, conditional on the head still holding the version it was
 * read at and on the version row not existing: two concurrent edits never make the same version (the loser reads again).
 */
public final class StudioStore {

    static final String STRATEGY_CURRENT = "STRATEGY#CURRENT";
    static final String STRATEGY_VERSION = "STRATEGY#v";
    static final String SEO_RULE = "SEORULE#";
    static final String PREFERENCE = "CONTENTPREF#";
    static final String TEMPLATE = "TEMPLATE#";
    static final String TEMPLATE_VERSION = "TEMPLATEV#";
    /** Rounds of read-then-write a new version may take against concurrent edits before the caller is told to retry. */
    static final int VERSION_ATTEMPTS = 30;

    private final Table table;

    public StudioStore(Table table) {
        this.table = table;
    }

    // ---- strategy

    /** Stores {@code doc} as the tenant's next strategy version and makes it current; answers it with its {@code version}. */
    public ObjectNode appendStrategy(String tenantId, ObjectNode doc) {
        return append(TenantRecords.pk(tenantId), STRATEGY_CURRENT, STRATEGY_VERSION, "strategy", doc, false);
    }

    /** The current strategy version, if the tenant has one. */
    public Optional<ObjectNode> strategy(String tenantId) {
        return doc(table.get(TenantRecords.pk(tenantId), STRATEGY_CURRENT));
    }

    public Optional<ObjectNode> strategyVersion(String tenantId, long version) {
        return doc(table.get(TenantRecords.pk(tenantId), STRATEGY_VERSION + v6(version)));
    }

    /** The strategy's versions, newest first. */
    public Page<ObjectNode> strategyVersions(String tenantId, int limit, String cursor) {
        return range(tenantId, STRATEGY_VERSION, limit, cursor, false);
    }

    // ---- SEO rules

    /** Writes a new rule ({@code create}: none with its id may exist) or replaces one (it must exist: false if not). */
    public boolean putSeoRule(String tenantId, ObjectNode rule, boolean create) {
        return putIf(tenantId, SEO_RULE + rule.path("id").asText(), "seo_rule", rule, create);
    }

    public Optional<ObjectNode> seoRule(String tenantId, String ruleId) {
        return doc(table.get(TenantRecords.pk(tenantId), SEO_RULE + ruleId));
    }

    public Page<ObjectNode> seoRules(String tenantId, int limit, String cursor) {
        return range(tenantId, SEO_RULE, limit, cursor, true);
    }

    /** Every SEO rule of the tenant (an agency keeps tens, not thousands). */
    public List<ObjectNode> allSeoRules(String tenantId) {
        return all(tenantId, SEO_RULE);
    }

    public boolean deleteSeoRule(String tenantId, String ruleId) {
        return deleteIfExists(tenantId, SEO_RULE + ruleId);
    }

    // ---- content preferences

    public void putPreference(String tenantId, String contentType, ObjectNode preference) {
        putIf(tenantId, PREFERENCE + contentType, "content_preference", preference, false, null);
    }

    public Optional<ObjectNode> preference(String tenantId, String contentType) {
        return doc(table.get(TenantRecords.pk(tenantId), PREFERENCE + contentType));
    }

    public List<ObjectNode> preferences(String tenantId) {
        return all(tenantId, PREFERENCE);
    }

    // ---- templates

    /** A new template ({@code create}) or a template's next version (it must exist: empty if not), made current. */
    public Optional<ObjectNode> appendTemplate(String tenantId, String templateId, ObjectNode doc, boolean create) {
        return Optional.ofNullable(append(TenantRecords.pk(tenantId), TEMPLATE + templateId, TEMPLATE_VERSION + templateId + "#v",
                "template", doc, !create));
    }

    /** A template's current version. */
    public Optional<ObjectNode> template(String tenantId, String templateId) {
        return doc(table.get(TenantRecords.pk(tenantId), TEMPLATE + templateId));
    }

    /** Version {@code version} of a template that still exists. */
    public Optional<ObjectNode> templateVersion(String tenantId, String templateId, long version) {
        if (template(tenantId, templateId).isEmpty()) {
            return Optional.empty();
        }
        return doc(table.get(TenantRecords.pk(tenantId), TEMPLATE_VERSION + templateId + "#v" + v6(version)));
    }

    public Page<ObjectNode> templates(String tenantId, int limit, String cursor) {
        return range(tenantId, TEMPLATE, limit, cursor, true);
    }

    /** A template's versions, newest first. */
    public Page<ObjectNode> templateVersions(String tenantId, String templateId, int limit, String cursor) {
        return range(tenantId, TEMPLATE_VERSION + templateId + "#v", limit, cursor, false);
    }

    /** Deletes a template and its versions; false if there was none. */
    public boolean deleteTemplate(String tenantId, String templateId) {
        if (!deleteIfExists(tenantId, TEMPLATE + templateId)) {
            return false;
        }
        for (ObjectNode version : all(tenantId, TEMPLATE_VERSION + templateId + "#v")) {
            table.delete(new Write.Delete(Table.key(TenantRecords.pk(tenantId),
                    TEMPLATE_VERSION + templateId + "#v" + v6(version.path("version").asLong()))));
        }
        return true;
    }

    // ---- the mechanisms

    /**
     * Writes {@code doc} as the next version under {@code versionPrefix} and as the head {@code headSk}, in one
     * transaction conditional on the head being unchanged since it was read; a lost race reads again. Answers the doc
     * with its {@code version}, or null when {@code mustExist} and there is no head.
     */
    private ObjectNode append(String pk, String headSk, String versionPrefix, String type, ObjectNode doc, boolean mustExist) {
        for (int attempt = 1; attempt <= VERSION_ATTEMPTS; attempt++) {
            Optional<Map<String, AttrValue>> head = table.get(pk, headSk);
            if (mustExist && head.isEmpty()) {
                return null;
            }
            long current = head.isPresent() ? version(head.get()) : 0;
            long next = current + 1;
            ObjectNode stored = doc.deepCopy();
            stored.put("version", next);
            String json = Json.write(stored);
            Write.Put versionRow = new Write.Put(row(pk, versionPrefix + v6(next), type + "_version", json, next),
                    "attribute_not_exists(PK)", Map.of(), Map.of());
            Write.Put headRow = current == 0
                    ? new Write.Put(row(pk, headSk, type, json, next), "attribute_not_exists(PK)", Map.of(), Map.of())
                    : new Write.Put(row(pk, headSk, type, json, next), "version = :current", Map.of(),
                    Map.of(":current", AttrValue.fromN(Long.toString(current))));
            try {
                table.transact(List.of(versionRow, headRow));
                return stored;
            } catch (TransactionCanceledException lost) {
                // another edit took this version (or is taking it): read the new head and try the one after it
                sleep(attempt);
            }
        }
        throw new ApiException(ErrorCode.CONFLICT, 409, "too many concurrent edits; retry", Map.of(), Map.of("retry-after", "1"));
    }

    private boolean putIf(String tenantId, String sk, String type, ObjectNode doc, boolean create) {
        return putIf(tenantId, sk, type, doc, true, create ? "attribute_not_exists(PK)" : "attribute_exists(PK)");
    }

    private boolean putIf(String tenantId, String sk, String type, ObjectNode doc, boolean conditional, String condition) {
        try {
            table.put(new Write.Put(Item.create().s(Table.PK, TenantRecords.pk(tenantId)).s(Table.SK, sk).s("type", type)
                    .s("doc", Json.write(doc)).build(), conditional ? condition : null, Map.of(), Map.of()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private boolean deleteIfExists(String tenantId, String sk) {
        try {
            table.delete(new Write.Delete(Table.key(TenantRecords.pk(tenantId), sk), "attribute_exists(PK)", Map.of(), Map.of()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Page<ObjectNode> range(String tenantId, String prefix, int limit, String cursor, boolean ascending) {
        return table.query(null, Table.PK, TenantRecords.pk(tenantId), Table.SK, prefix, prefix + "~", limit, cursor, ascending, null)
                .map(DocOf.INSTANCE);
    }

    private List<ObjectNode> all(String tenantId, String prefix) {
        List<ObjectNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<ObjectNode> page = range(tenantId, prefix, 100, cursor, true);
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    private static Map<String, AttrValue> row(String pk, String sk, String type, String json, long version) {
        return Item.create().s(Table.PK, pk).s(Table.SK, sk).s("type", type).s("doc", json).n("version", version).build();
    }

    private static long version(Map<String, AttrValue> item) {
        Long v = Item.n(item, "version");
        return v == null ? 0 : v;
    }

    /** No lambda or method reference: a first request's read would spin a class for it at every cold start. */
    private static Optional<ObjectNode> doc(Optional<Map<String, AttrValue>> item) {
        return item.isPresent() ? Optional.of(docOf(item.get())) : Optional.empty();
    }

    /** A row's document, as a named class for {@link Page#map} (a method reference spins a class at first use). */
    private static final class DocOf implements java.util.function.Function<Map<String, AttrValue>, ObjectNode> {
        static final DocOf INSTANCE = new DocOf();

        @Override
        public ObjectNode apply(Map<String, AttrValue> item) {
            return docOf(item);
        }
    }

    private static ObjectNode docOf(Map<String, AttrValue> item) {
        return (ObjectNode) Json.tree(Item.s(item, "doc"));
    }

    /** {@code n} as six digits (and more past 999,999), so versions sort by number. */
    static String v6(long n) {
        String s = Long.toString(n);
        return s.length() >= 6 ? s : "000000".substring(s.length()) + s;
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 10 + 10 * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.CONFLICT, "interrupted while retrying a concurrent edit");
        }
    }
}
