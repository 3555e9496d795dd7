package com.socialwire.local.stores;

import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * API keys written straight into the local table, for tests of one function that cannot sign up
 * through AccountsFunction. The key rows are the ones {@link ApiKeyStore} writes, so the
 * authoriser under test reads them exactly as it reads real keys.
 */
public final class TestKeys {

    /** A key: its account, its id and the raw value to send as a bearer key. */
    public record Key(String accountId, String keyId, String raw) {
    }

    private TestKeys() {
    }

    public static Key create(LocalEnvironment env, String accountId, Role role, Set<String> tenantIds) {
        Table table = new Table(new AwsClients(env.functionConfig(env.template().functions().get(0).logicalId())).dynamoDb(),
                env.resources().tables().get("Table"));
        String raw = ApiKeyStore.generate("test");
        ApiKeyStore.ApiKey key = new ApiKeyStore.ApiKey(Ids.next("key"), accountId, "test " + role.json(), role, tenantIds,
                raw.substring(0, 12), Instant.now(), null, null);
        ApiKeyStore store = new ApiKeyStore(table, Clock.systemUTC());
        var put = store.put(key, Hashing.sha256Hex(raw));
        table.put(new Write.Put(put.item()));
        return new Key(accountId, key.id(), raw);
    }

    /** An admin key of a new account. */
    public static Key newAccount(LocalEnvironment env) {
        return create(env, Ids.next("acct"), Role.ADMIN, Set.of());
    }
}
