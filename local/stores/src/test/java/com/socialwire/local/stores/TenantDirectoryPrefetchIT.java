package com.socialwire.local.stores;

import com.socialwire.shared.Ids;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The tenant directory's read started beside the key's checks (HttpApi) answers as a read in turn would, and a read
 * nobody took leaves nothing behind: a tenant created after a refused request's prefetch is found.
 */
class TenantDirectoryPrefetchIT {

    private static final Table TABLE = HttpApiIT.TABLE;

    private static void createTenant(String tenantId, String accountId) {
        TABLE.put(new Write.Put(Map.of(Table.PK, AttrValue.fromS(TenantDirectory.pk(tenantId)), Table.SK, AttrValue.fromS("PROFILE"),
                "accountId", AttrValue.fromS(accountId))));
    }

    @Test
    void aPrefetchedReadAnswersTheAccountAndIsThenCached() throws Exception {
        String tenantId = "tnt_" + Ids.base62(20);
        createTenant(tenantId, "acct_prefetch1");
        TenantDirectory directory = new TenantDirectory(TABLE);

        Future<Optional<String>> started = directory.prefetch(tenantId);

        assertEquals(Optional.of("acct_prefetch1"), directory.accountOf(tenantId, started));
        assertNull(directory.prefetch(tenantId), "a cached tenant is not read again");
        assertEquals(Optional.of("acct_prefetch1"), directory.accountOf(tenantId));
    }

    @Test
    void aReadNobodyTookLeavesNoStaleAnswerForATenantCreatedLater() throws Exception {
        String tenantId = "tnt_" + Ids.base62(20);
        TenantDirectory directory = new TenantDirectory(TABLE);

        Future<Optional<String>> dropped = directory.prefetch(tenantId); // the request's key was refused: never taken
        assertEquals(Optional.empty(), dropped.get());
        createTenant(tenantId, "acct_prefetch2");

        assertEquals(Optional.of("acct_prefetch2"), directory.accountOf(tenantId, directory.prefetch(tenantId)));
        assertEquals(Optional.empty(), directory.accountOf("tnt_" + Ids.base62(20), null));
    }
}
