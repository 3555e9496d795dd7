package com.socialwire.accounts.store;

import com.socialwire.shared.store.Write;
import com.socialwire.accounts.model.Account;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.ApiKeyStore.ApiKey;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts in the single table ({@code ACCOUNT#{id}} / {@code PROFILE}), created together with their
 * first key. The profile counts the account's unrevoked keys ({@code activeKeys}), in the same
 * transaction as each key's creation and revocation, so the cap {@link #MAX_ACTIVE_KEYS} holds
 * under concurrent creates.
 */
public final class AccountStore {

    /** Unrevoked keys one account may have (expired keys count until they are revoked). */
    public static final int MAX_ACTIVE_KEYS = 50;
    private static final String PROFILE = "PROFILE";

    private final Table table;
    private final ApiKeyStore keys;
    private final Counters counters;

    public AccountStore(Table table, ApiKeyStore keys) {
        this.table = table;
        this.keys = keys;
        this.counters = new Counters(table);
    }

    static String pk(String accountId) {
        return "ACCOUNT#" + accountId;
    }

    /** The account, its first key and the platform counts, in one transaction. */
    public void create(Account account, ApiKey firstKey, String keyHash) {
        Write.Put accountPut = new Write.Put(Item.create().s(Table.PK, pk(account.id())).s(Table.SK, PROFILE).s("type", "account")
                .s("id", account.id()).s("name", account.name()).s("status", account.status())
                .n("activeKeys", 1)
                .instant("createdAt", account.createdAt()).build(), "attribute_not_exists(PK)", Map.of(), Map.of());
        table.transact(List.of(accountPut, keys.put(firstKey, keyHash), counters.add(java.util.Map.of("accounts", 1L, "activeKeys", 1L))));
    }

    /** Adds a key, or 409 KEY_LIMIT_REACHED if the account already has {@link #MAX_ACTIVE_KEYS} unrevoked keys. */
    public void addKey(ApiKey key, String keyHash) {
        Write.Update count = new Write.Update(Table.key(pk(key.accountId()), PROFILE),
                "SET activeKeys = if_not_exists(activeKeys, :zero) + :one",
                "attribute_exists(PK) AND (attribute_not_exists(activeKeys) OR activeKeys < :max)", Map.of(),
                Map.of(":zero", n(0), ":one", n(1), ":max", n(MAX_ACTIVE_KEYS)));
        try {
            table.transact(List.of(keys.put(key, keyHash), count, counters.add("activeKeys", 1)));
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().size() > 1 && "ConditionalCheckFailed".equals(e.cancellationReasons().get(1).code())) {
                throw new ApiException(ErrorCode.KEY_LIMIT_REACHED,
                        "this account already has " + MAX_ACTIVE_KEYS + " active API keys; revoke one it no longer uses",
                        Map.of("limit", MAX_ACTIVE_KEYS));
            }
            throw e;
        }
    }

    /** Revokes a key and lowers the active-key counts together; false if it was already revoked. */
    public boolean revokeKey(String keyHash, String accountId, java.time.Instant at) {
        Write.Update count = new Write.Update(Table.key(pk(accountId), PROFILE), "SET activeKeys = if_not_exists(activeKeys, :one) - :one",
                "attribute_exists(PK)", Map.of(), Map.of(":one", n(1)));
        return keys.revoke(keyHash, at, List.of(counters.add("activeKeys", -1), count));
    }

    private static AttrValue n(long v) {
        return AttrValue.fromN(Long.toString(v));
    }

    public Optional<Account> get(String accountId) {
        return table.get(pk(accountId), PROFILE).map(i -> new Account(Item.s(i, "id"), Item.s(i, "name"),
                Item.s(i, "status"), Item.instant(i, "createdAt")));
    }
}
