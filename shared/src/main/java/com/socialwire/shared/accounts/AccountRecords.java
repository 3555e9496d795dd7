package com.socialwire.shared.accounts;

import com.socialwire.shared.Ids;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An account's row in the single table ({@code ACCOUNT#{id}} / {@code PROFILE}): the one mapping,
 * used by the accounts function that writes it and — through {@link #find} — by every other
 * context that reads an account (billing checks the account a payment or adjustment names).
 */
public final class AccountRecords {

    public static final String PROFILE = "PROFILE";

    /** An account as every context sees it. */
    public record AccountProfile(String id, String name, String status, Instant createdAt) {
    }

    private final Table table;

    public AccountRecords(Table table) {
        this.table = table;
    }

    public static String pk(String accountId) {
        return "ACCOUNT#" + accountId;
    }

    /** The account named {@code accountId}; empty if there is none, or the id is not an account id at all. */
    public Optional<AccountProfile> find(String accountId) {
        if (!Ids.looksLike("acct", accountId)) {
            return Optional.empty();
        }
        return table.get(pk(accountId), PROFILE).map(AccountRecords::fromItem);
    }

    public static Map<String, AttributeValue> toItem(AccountProfile a) {
        return Item.create().s(Table.PK, pk(a.id())).s(Table.SK, PROFILE).s("type", "account")
                .s("id", a.id()).s("name", a.name()).s("status", a.status())
                .instant("createdAt", a.createdAt()).build();
    }

    public static AccountProfile fromItem(Map<String, AttributeValue> i) {
        return new AccountProfile(Item.s(i, "id"), Item.s(i, "name"), Item.s(i, "status"), Item.instant(i, "createdAt"));
    }
}
