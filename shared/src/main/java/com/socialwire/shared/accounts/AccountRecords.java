package com.socialwire.shared.accounts;

import com.socialwire.shared.Ids;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An account's row in the single table ({@code ACCOUNT#{id}} / {@code PROFILE}) as every context
 * but its owner reads it: the accounts function writes the row (AccountStore), and any other
 * context finds an account only through {@link #find} (billing checks the account a payment or an
 * adjustment names), never by reading the row by hand.
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

    public static AccountProfile fromItem(Map<String, AttrValue> i) {
        return new AccountProfile(Item.s(i, "id"), Item.s(i, "name"), Item.s(i, "status"), Item.instant(i, "createdAt"));
    }
}
