package com.socialwire.local.runtime;

import com.socialwire.accounts.model.Account;
import com.socialwire.accounts.store.AccountStore;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Table;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * A local-only demo account with a known admin key, created through the accounts store at
 * start, so the events/ fixtures and the README's curl lines work on a fresh runtime; it gets the
 * promotional credits a local signup gets, so paid work (publishing, drafts, regeneration) runs on it. It exists
 * only in the local runtime; a deployment has no such account.
 */
final class DemoAccount {

    static final String ACCOUNT_ID = "acct_localDemoAgency000";
    static final String KEY_ID = "key_localDemoAdmin00000";

    private DemoAccount() {
    }

    static void ensure(LocalEnvironment env) {
        String raw = env.demoKey();
        Table table = new Table(new AwsClients(env.functionConfig("AccountsFunction")).dynamoDb(), env.resources().tables().get("Table"));
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        AccountStore accounts = new AccountStore(table, new ApiKeyStore(table, clock));
        try {
            accounts.create(new Account(ACCOUNT_ID, "Local Demo Agency", "active", now),
                    new ApiKeyStore.ApiKey(KEY_ID, ACCOUNT_ID, "local demo admin", Role.ADMIN, Set.of(), raw.substring(0, 12), now, null, null),
                    Hashing.sha256Hex(raw));
        } catch (TransactionCanceledException alreadyThere) {
            // kept on disk from an earlier run (--persist)
        }
        // the same promotional credits a local signup gets, once (keyed like the signup grant), so paid work runs on it
        long grant = env.functionConfig("AccountsFunction").getLong("SIGNUP_GRANT_MICRO_CREDITS", 0);
        if (grant > 0) {
            new DynamoLedger(table, clock).grant(ACCOUNT_ID, grant, "signup:" + ACCOUNT_ID, Ledger.Category.PROMOTIONAL, "signup promotion");
        }
    }
}
