package com.socialwire.local.stores;

import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.IdempotencyStore;
import com.socialwire.shared.store.IdempotencyStore.Claim;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The idempotency store against DynamoDB Local: the semantics every worker and create route relies on. */
class IdempotencyStoreIT {

    static Table table;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        table = new Table(new AwsClients(env.functionConfig("TenantsFunction")).dynamoDb(), env.resources().tables().get("Table"));
    }

    static IdempotencyStore at(Instant now) {
        return new IdempotencyStore(table, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void firstClaimsThenSeesTheStoredResultAndAnotherPayloadIsAMismatch() {
        Instant t = Instant.parse("2026-11-22T12:00:00Z");
        String key = "k-" + System.nanoTime();
        assertInstanceOf(Claim.Acquired.class, at(t).claim("test", key, "h1", Duration.ofSeconds(30), Duration.ofHours(24)));
        assertInstanceOf(Claim.InProgress.class, at(t).claim("test", key, "h1", Duration.ofSeconds(30), Duration.ofHours(24)));
        at(t).complete("test", key, "{\"id\":1}");
        Claim again = at(t.plusSeconds(60)).claim("test", key, "h1", Duration.ofSeconds(30), Duration.ofHours(24));
        assertEquals(new Claim.Completed("{\"id\":1}"), again);
        assertInstanceOf(Claim.Mismatch.class, at(t).claim("test", key, "h2", Duration.ofSeconds(30), Duration.ofHours(24)));
        assertInstanceOf(Claim.Acquired.class, at(t.plus(Duration.ofHours(25))).claim("test", key, "h2", Duration.ofSeconds(30), Duration.ofHours(24)),
                "an expired record no longer blocks the key");
    }

    @Test
    void aCrashedClaimExpiresAndAReleasedOneIsFreeAgain() {
        Instant t = Instant.parse("2026-11-22T12:00:00Z");
        String key = "k-" + System.nanoTime();
        at(t).claim("test", key, "h", Duration.ofSeconds(30), Duration.ofHours(24));
        assertInstanceOf(Claim.Acquired.class, at(t.plusSeconds(31)).claim("test", key, "h", Duration.ofSeconds(30), Duration.ofHours(24)));
        at(t).release("test", key);
        assertInstanceOf(Claim.Acquired.class, at(t.plusSeconds(32)).claim("test", key, "h", Duration.ofSeconds(30), Duration.ofHours(24)));
    }

    @Test
    void concurrentClaimsHaveExactlyOneWinner() throws Exception {
        Instant t = Instant.parse("2026-11-22T12:00:00Z");
        String key = "k-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Claim>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(() -> at(t).claim("test", key, "h", Duration.ofSeconds(30), Duration.ofHours(24)));
            }
            long winners = 0;
            for (Future<Claim> f : pool.invokeAll(calls)) {
                if (f.get() instanceof Claim.Acquired) {
                    winners++;
                }
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }
}
