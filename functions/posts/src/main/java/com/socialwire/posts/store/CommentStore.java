package com.socialwire.posts.store;

import java.util.Map;
import com.socialwire.shared.store.Write;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Review comments on a post: {@code PK TENANT#{tenantId}}, {@code SK POST#{postId}#COMMENT#{commentId}}
 * (comment ids sort by creation: {@code cmt_} + a fixed-width time + random), the comment as JSON in {@code doc}.
 */
public final class CommentStore {

    private final Table table;

    public CommentStore(Table table) {
        this.table = table;
    }

    static String prefix(String postId) {
        return PostStore.sk(postId) + "#COMMENT#";
    }

    public void put(String tenantId, String postId, ObjectNode comment) {
        table.put(new Write.Put(Item.create()
                .s(Table.PK, TenantRecords.pk(tenantId)).s(Table.SK, prefix(postId) + comment.path("id").asText())
                .s("type", "post_comment").s("doc", Json.write(comment)).build()));
    }

    public Optional<ObjectNode> get(String tenantId, String postId, String commentId) {
        return table.get(TenantRecords.pk(tenantId), prefix(postId) + commentId).map(i -> (ObjectNode) Json.tree(Item.s(i, "doc")));
    }

    public Page<ObjectNode> list(String tenantId, String postId, int limit, String cursor) {
        return table.query(null, Table.PK, TenantRecords.pk(tenantId), Table.SK, prefix(postId), prefix(postId) + "~", limit, cursor, true, null)
                .map(i -> (ObjectNode) Json.tree(Item.s(i, "doc")));
    }

    /** Every comment of a post (a post has tens, not thousands). */
    public List<ObjectNode> all(String tenantId, String postId) {
        List<ObjectNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<ObjectNode> page = list(tenantId, postId, 100, cursor);
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    public boolean delete(String tenantId, String postId, String commentId) {
        try {
            table.delete(new Write.Delete(Table.key(TenantRecords.pk(tenantId), prefix(postId) + commentId),
                    "attribute_exists(PK)", Map.of(), Map.of()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static AttrValue s(String v) {
        return AttrValue.fromS(v);
    }
}
