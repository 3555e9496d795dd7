package com.socialwire.accounts.store;

import com.socialwire.accounts.model.Account;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.ApiKeyStore.ApiKey;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Optional;

/** Accounts in the single table ({@code ACCOUNT#{id}} / {@code PROFILE}), created together with their first key. */
public final class AccountStore {

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
        Put accountPut = Put.builder().tableName(table.name())
                .item(Item.create().s(Table.PK, pk(account.id())).s(Table.SK, PROFILE).s("type", "account")
                        .s("id", account.id()).s("name", account.name()).s("status", account.status())
                        .instant("createdAt", account.createdAt()).build())
                .conditionExpression("attribute_not_exists(PK)").build();
        table.client().transactWriteItems(b -> b.transactItems(List.of(
                TransactWriteItem.builder().put(accountPut).build(),
                TransactWriteItem.builder().put(keys.put(firstKey, keyHash)).build(),
                counters.add(java.util.Map.of("accounts", 1L, "activeKeys", 1L)))));
    }

    public void addKey(ApiKey key, String keyHash) {
        table.client().transactWriteItems(b -> b.transactItems(List.of(
                TransactWriteItem.builder().put(keys.put(key, keyHash)).build(),
                counters.add("activeKeys", 1))));
    }

    /** Revokes a key and lowers the active-key count together; false if it was already revoked. */
    public boolean revokeKey(String keyHash, java.time.Instant at) {
        return keys.revoke(keyHash, at, List.of(counters.add("activeKeys", -1)));
    }

    public Optional<Account> get(String accountId) {
        return table.get(pk(accountId), PROFILE).map(i -> new Account(Item.s(i, "id"), Item.s(i, "name"),
                Item.s(i, "status"), Item.instant(i, "createdAt")));
    }
}
