package com.socialwire.posts.review;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Review links' rows, two per link written and revoked together in one transaction:
 * <pre>
 * token   REVIEWTOKEN#{sha256(token)}  TOKEN                -   (what a page request reads: one GetItem by the hash)
 * link    TENANT#{tenantId}            REVIEWLINK#{linkId}  GSI1 TENANT#{tenantId}#REVIEWLINKS / {createdAt, ms}#{linkId}
 * </pre>
 * Both carry the whole link (never the token); {@code validUntil} is the link's expiry, and {@code expiresAt} (the table's
 * TTL) removes both rows {@link #KEPT_AFTER_EXPIRY} after it: until then an expired link's page says expired, after it
 * the token is unknown.
 */
final class ReviewLinkStore {

    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(90);
    private static final String TOKEN_SK = "TOKEN";

    private final Table table;
    private final TenantCounters writes;

    ReviewLinkStore(Table table, TenantCounters writes) {
        this.table = table;
        this.writes = writes;
    }

    static String tokenPk(String tokenHash) {
        return "REVIEWTOKEN#" + tokenHash;
    }

    static String linkSk(String linkId) {
        return "REVIEWLINK#" + linkId;
    }

    static String listKey(String tenantId) {
        return TenantRecords.pk(tenantId) + "#REVIEWLINKS";
    }

    /** Writes a new link's two rows, or neither. */
    void create(ReviewLink l) {
        Map<String, AttrValue> token = item(l).s(Table.PK, tokenPk(l.tokenHash())).s(Table.SK, TOKEN_SK).s("type", "reviewToken").build();
        Map<String, AttrValue> link = item(l).s(Table.PK, TenantRecords.pk(l.tenantId())).s(Table.SK, linkSk(l.id()))
                .s(Table.GSI1PK, listKey(l.tenantId())).s(Table.GSI1SK, IsoInstant.millis(l.createdAt()) + "#" + l.id())
                .s("type", "reviewLink").build();
        table.transact(List.of(new Write.Put(token, "attribute_not_exists(PK)", Map.of(), Map.of()),
                new Write.Put(link, "attribute_not_exists(PK)", Map.of(), Map.of())));
    }

    private static Item item(ReviewLink l) {
        return Item.create()
                .s("id", l.id()).s("tenantId", l.tenantId()).s("accountId", l.accountId()).s("campaignId", l.campaignId())
                .s("approverName", l.approverName()).s("approverEmail", l.approverEmail())
                .instant("validUntil", l.expiresAt()).instant("createdAt", l.createdAt()).s("createdBy", l.createdBy())
                .s("tokenHash", l.tokenHash())
                .n(Table.TTL, l.expiresAt().plus(KEPT_AFTER_EXPIRY).getEpochSecond());
    }

    static ReviewLink fromItem(Map<String, AttrValue> i) {
        return new ReviewLink(Item.s(i, "id"), Item.s(i, "tenantId"), Item.s(i, "accountId"), Item.s(i, "campaignId"),
                Item.s(i, "approverName"), Item.s(i, "approverEmail"), Item.instant(i, "validUntil"), Item.instant(i, "createdAt"),
                Item.s(i, "createdBy"), Item.instant(i, "revokedAt"), Item.s(i, "revokedBy"), Item.s(i, "tokenHash"));
    }

    /** The link a token hashes to (strongly consistent: a revoke is seen by the next page request). */
    Optional<ReviewLink> byTokenHash(String tokenHash) {
        return table.get(tokenPk(tokenHash), TOKEN_SK).filter(i -> Item.s(i, "validUntil") != null).map(ReviewLinkStore::fromItem);
    }

    /** The link {@code linkId} of {@code tenantId} (another tenant's id is none). */
    Optional<ReviewLink> get(String tenantId, String linkId) {
        return table.get(TenantRecords.pk(tenantId), linkSk(linkId)).map(ReviewLinkStore::fromItem);
    }

    /** The tenant's links, newest first. */
    Page<ReviewLink> list(String tenantId, int limit, String cursor) {
        return table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, false).map(ReviewLinkStore::fromItem);
    }

    /**
     * Marks both rows revoked in one transaction; false if the link already was (a concurrent revoke won). A token row
     * already gone (TTL) leaves the link row to revoke alone.
     */
    boolean revoke(ReviewLink l, Instant at, String by) {
        Map<String, AttrValue> values = Map.of(":at", AttrValue.fromS(IsoInstant.format(at)), ":by", AttrValue.fromS(by));
        String notYet = "attribute_exists(PK) AND attribute_not_exists(revokedAt)";
        Write.Update link = new Write.Update(Table.key(TenantRecords.pk(l.tenantId()), linkSk(l.id())),
                "SET revokedAt = :at, revokedBy = :by", notYet, Map.of(), values);
        Write.Update token = new Write.Update(Table.key(tokenPk(l.tokenHash()), TOKEN_SK),
                "SET revokedAt = :at, revokedBy = :by", notYet, Map.of(), values);
        return switch (writes.write(link, l.tenantId(), Map.of(), List.of(token))) {
            case WRITTEN -> true;
            case CHANGE_REFUSED -> false;
            case WITH_REFUSED -> table.updateIf(link);
        };
    }
}
