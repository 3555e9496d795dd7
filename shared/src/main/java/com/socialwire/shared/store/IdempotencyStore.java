package com.socialwire.shared.store;

import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Idempotency records on DynamoDB, with Powertools' semantics (its DynamoDB module is not
 * available here): the first caller of a key claims it with a conditional put and gets
 * {@link Claim.Acquired}; a later caller with the same payload gets the stored result
 * ({@link Claim.Completed}) or {@link Claim.InProgress} while the first still works; a different
 * payload under the same key is {@link Claim.Mismatch}. An in-progress claim expires (a crashed
 * worker does not block the key forever); {@link #release} frees a key whose work failed so a
 * retry can do it; records expire through the table's TTL.
 */
public final class IdempotencyStore {

    private static final String SK = "RECORD";

    /** What {@link #claim} found. */
    public sealed interface Claim {
        record Acquired() implements Claim {
        }

        record Completed(String result) implements Claim {
        }

        record InProgress() implements Claim {
        }

        record Mismatch() implements Claim {
        }
    }

    private final Table table;
    private final Clock clock;

    public IdempotencyStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /**
     * Claims {@code key} in {@code scope} for work on a payload with hash {@code payloadHash}.
     * {@code inProgressFor} bounds how long a claim blocks others; {@code keepFor} how long the
     * completed result is kept.
     */
    public Claim claim(String scope, String key, String payloadHash, Duration inProgressFor, Duration keepFor) {
        Instant now = clock.instant();
        Map<String, AttrValue> item = Item.create()
                .s(Table.PK, pk(scope, key)).s(Table.SK, SK)
                .s("status", "IN_PROGRESS")
                .s("payloadHash", payloadHash)
                .n("inProgressUntil", now.plus(inProgressFor).toEpochMilli())
                .n(Table.TTL, now.plus(keepFor).getEpochSecond())
                .build();
        try {
            table.put(new Write.Put(item,
                    "attribute_not_exists(PK) OR #ttl < :nowSec OR (#st = :inProgress AND inProgressUntil < :nowMs)",
                    Map.of("#ttl", Table.TTL, "#st", "status"),
                    Map.of(":nowSec", AttrValue.fromN(Long.toString(now.getEpochSecond())),
                            ":nowMs", AttrValue.fromN(Long.toString(now.toEpochMilli())),
                            ":inProgress", AttrValue.fromS("IN_PROGRESS"))));
            return new Claim.Acquired();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttrValue> old = AttrValue.fromSdk(e.item()); // the SDK's exception: converted only when a claim is refused
            if (old == null || old.isEmpty()) {
                old = table.get(pk(scope, key), SK).orElse(Map.of());
            }
            if (!payloadHash.equals(Item.s(old, "payloadHash"))) {
                return new Claim.Mismatch();
            }
            if ("COMPLETED".equals(Item.s(old, "status"))) {
                return new Claim.Completed(Item.s(old, "result"));
            }
            return new Claim.InProgress();
        }
    }

    /** Stores the result of the work done under {@code key}. */
    public void complete(String scope, String key, String result) {
        table.update(new Write.Update(Table.key(pk(scope, key), SK), "SET #st = :done, #res = :result REMOVE inProgressUntil",
                null, Map.of("#st", "status", "#res", "result"),
                Map.of(":done", AttrValue.fromS("COMPLETED"), ":result", AttrValue.fromS(result))));
    }

    /** Frees {@code key} after failed work, so the next attempt does the work again. */
    public void release(String scope, String key) {
        try {
            table.delete(new Write.Delete(Table.key(pk(scope, key), SK), "#st = :inProgress", Map.of("#st", "status"),
                    Map.of(":inProgress", AttrValue.fromS("IN_PROGRESS"))));
        } catch (ConditionalCheckFailedException alreadyCompleted) {
            // the work finished after all; its result stays
        }
    }

    static String pk(String scope, String key) {
        return "IDEMPOTENCY#" + scope + "#" + key;
    }
}
