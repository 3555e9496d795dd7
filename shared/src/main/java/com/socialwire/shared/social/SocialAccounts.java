package com.socialwire.shared.social;

import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.SortableNumbers;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.InstagramBinding;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's social accounts in the single table (keys in {@link Table}'s class comment), the one class that writes
 * them. Under the tenant's partition:
 * <ul>
 *   <li>{@code SOCIAL#{accountId}}: the account ({@link SocialAccount}) and its grant, both tokens sealed by
 *       {@link SecretCipher} bound to the tenant and account ({@link #tokenContext}); an optimistic {@code version};
 *       while a refresh runs, its lease ({@code refreshLeaseOwner}, {@code refreshLeaseUntil} epoch ms); while it is
 *       connected and its grant needs care ({@link Grant#careDueAt}), GSI2 keys {@code TOKENCARE#{shard 0-3}} /
 *       {@code {due epoch ms, 13 digits}#{tenantId}#{accountId}}, so the token-care sweep finds the accounts due
 *       without a scan.</li>
 *   <li>{@code SOCIALEXT#{sha256(platform, instance, externalId)}}: which of our accounts that platform account is,
 *       so a reconnect updates the same account (same id) instead of adding a second one.</li>
 *   <li>{@code SOCIALDEFAULT#{platform}}: the tenant's default account of that platform (one pointer per platform:
 *       the first account connected claims it, {@link #makeDefault} moves it, a revoke moves or clears it).</li>
 *   <li>{@code SOCIALGRANT#{sha256(platform, instance, grantOwner)}}: the refresh lease of a grant several accounts
 *       share (the boards of one Pinterest user, {@link Connector.Offered#GRANT_OWNER}); such accounts carry
 *       {@code grantOwner}, and a refresh of one saves the new grant into all of them.</li>
 * </ul>
 * Every write is conditional (on the version, on the pointer's target, on the lease) and every account write is a
 * whole-item put that carries over what it does not change (the sealed grant, a running lease).
 *
 * <p>An Instagram account is also the tenant's Instagram connection ({@link InstagramBinding}: {@code igUserId}, the
 * sealed token Meta's webhooks, the engagement workers and the Instagram publisher use, the lock that routes webhooks
 * to the tenant). Connecting it (or making it the default) writes the binding in the same transaction as the account,
 * so the two never disagree; a tenant bound to another Instagram account, or an account bound to another tenant, is
 * 409 and nothing is written. A refresh puts the new token on the tenant too, {@code reconnect_required} marks its
 * token expired, and revoking the account unbinds the tenant.
 */
public final class SocialAccounts {

    static final String ACCOUNT = "SOCIAL#";
    static final String EXTERNAL = "SOCIALEXT#";
    static final String DEFAULT = "SOCIALDEFAULT#";
    static final String SHARED_GRANT = "SOCIALGRANT#";
    static final String GRANT_OWNER = "grantOwner";
    static final String GRANT = "grant";
    /** The platform whose account is also the tenant's Instagram connection. */
    static final String INSTAGRAM = "instagram";
    static final String LEASE_OWNER = "refreshLeaseOwner";
    static final String LEASE_UNTIL = "refreshLeaseUntil";
    static final String CARE = "TOKENCARE#";
    static final int CARE_SHARDS = 4;
    private static final int ATTEMPTS = 5;

    private final Table table;
    private final SecretCipher cipher;
    private final Clock clock;

    public SocialAccounts(Table table, SecretCipher cipher, Clock clock) {
        this.table = table;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** An account as stored: its view, and the item it was read from (what a write carries over). */
    public record Stored(SocialAccount account, Map<String, AttrValue> item) {
        @Override
        public String toString() {
            return account == null ? "Stored[none]" : "Stored[" + account.platform() + " " + account.accountId() + " v" + account.version() + "]";
        }
    }

    /** What a connect stores: the platform account offered and the grant that publishes to it. */
    public record Connection(String platform, String instance, Connector.Offered offered, Grant grant) {
        @Override
        public String toString() {
            return "Connection[" + platform + " " + offered + "]";
        }
    }

    public static String pk(String tenantId) {
        return TenantRecords.pk(tenantId);
    }

    static String sk(String accountId) {
        return ACCOUNT + accountId;
    }

    /** What the account's sealed tokens are bound to: this tenant, this account. */
    public static String tokenContext(String tenantId, String accountId) {
        return "tenant:" + tenantId + ":social:" + accountId;
    }

    static String externalSk(String platform, String instance, String externalId) {
        return EXTERNAL + Hashing.sha256Hex(platform + "\n" + (instance == null ? "" : instance) + "\n" + externalId);
    }

    // ---------------------------------------------------------------- reads

    public Optional<Stored> load(String tenantId, String accountId) {
        if (!Ids.looksLike("sa", accountId)) {
            return Optional.empty();
        }
        return table.get(pk(tenantId), sk(accountId)).map(i -> {
            String platform = Item.s(i, "platform");
            String defaultId = table.get(pk(tenantId), DEFAULT + platform).map(d -> Item.s(d, "accountId")).orElse(null);
            return new Stored(fromItem(i, accountId.equals(defaultId)), i);
        });
    }

    /**
     * The account as stored, without reading whether it is its platform's default ({@code isDefault} false): one read,
     * for the code that only uses its token (token care, the inbox poll).
     */
    public Optional<Stored> loadAccount(String tenantId, String accountId) {
        if (!Ids.looksLike("sa", accountId)) {
            return Optional.empty();
        }
        return table.get(pk(tenantId), sk(accountId)).map(i -> new Stored(fromItem(i, false), i));
    }

    /** One page of the tenant's accounts, in id order. */
    public Page<SocialAccount> list(String tenantId, int limit, String cursor) {
        Map<String, String> defaults = defaults(tenantId);
        return table.query(null, Table.PK, pk(tenantId), Table.SK, ACCOUNT, ACCOUNT + "\uffff", limit, cursor, true, null)
                .map(i -> fromItem(i, Item.s(i, "accountId").equals(defaults.get(Item.s(i, "platform")))));
    }

    /** All the tenant's accounts (a tenant has a handful: health, moving a default). */
    public List<SocialAccount> all(String tenantId) {
        return allStored(tenantId).stream().map(Stored::account).toList();
    }

    /** All the tenant's accounts as stored (what {@link #tokenState} reads), in id order. */
    public List<Stored> allStored(String tenantId) {
        Map<String, String> defaults = defaults(tenantId);
        List<Stored> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Map<String, AttrValue>> page = table.query(null, Table.PK, pk(tenantId), Table.SK, ACCOUNT, ACCOUNT + "\uffff", 100,
                    cursor, true, null);
            page.items().forEach(i -> out.add(new Stored(fromItem(i, Item.s(i, "accountId").equals(defaults.get(Item.s(i, "platform")))), i)));
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** How an account's token stands (tenant health), read without opening it: see {@link #tokenState}. */
    public enum TokenState {
        /** Good for more than {@link #EXPIRING}. */
        VALID,
        /** Ends within {@link #EXPIRING} (token care refreshes long-lived tokens well before). */
        EXPIRING,
        /** Ended, and nothing can refresh it: the account needs connecting again before it can publish. */
        EXPIRED,
        /** A short-lived access token with a refresh token: it is refreshed when used. */
        REFRESHED_ON_USE,
        /** It does not expire. */
        NO_EXPIRY,
        /** The platform refused it or its refresh (or the account was disconnected). */
        RECONNECT_REQUIRED;

        public static final Duration EXPIRING_WITHIN = Duration.ofDays(7);

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** A state a person must act on. */
        public boolean problem() {
            return this == EXPIRED || this == RECONNECT_REQUIRED;
        }
    }

    /**
     * {@code stored}'s token state at {@code now}: an access token that ended while a live refresh token stands behind it
     * is {@link TokenState#REFRESHED_ON_USE} (X, TikTok, YouTube…: hours-long tokens), not expired.
     */
    public static TokenState tokenState(Stored stored, Instant now) {
        SocialAccount a = stored.account();
        if (a.status() != AccountStatus.CONNECTED) {
            return TokenState.RECONNECT_REQUIRED;
        }
        Instant end = a.tokenExpiresAt();
        Instant refreshEnd = Item.instant(stored.item(), GRANT + "RefreshExpiresAt");
        boolean refreshable = Item.s(stored.item(), GRANT + "RefreshEnc") != null && (refreshEnd == null || refreshEnd.isAfter(now));
        if (end == null) {
            return TokenState.NO_EXPIRY;
        }
        if (refreshable && end.isBefore(now.plus(TokenState.EXPIRING_WITHIN))) {
            return TokenState.REFRESHED_ON_USE;
        }
        return !end.isAfter(now) ? TokenState.EXPIRED : !end.isAfter(now.plus(TokenState.EXPIRING_WITHIN)) ? TokenState.EXPIRING
                : TokenState.VALID;
    }

    /** The tenant's default account id by platform. */
    public Map<String, String> defaults(String tenantId) {
        Map<String, String> out = new HashMap<>();
        table.query(null, Table.PK, pk(tenantId), Table.SK, DEFAULT, DEFAULT + "\uffff", 100, null, true, null)
                .items().forEach(i -> out.put(Item.s(i, "platform"), Item.s(i, "accountId")));
        return out;
    }

    /** The account's grant, decrypted (for the code that calls the platform only; never returned or logged). */
    public Optional<Grant> grant(Stored stored) {
        SocialAccount a = stored.account();
        return Optional.ofNullable(GrantSeal.read(stored.item(), GRANT, cipher, tokenContext(a.tenantId(), a.accountId())));
    }

    // ---------------------------------------------------------------- connect, change, revoke

    /**
     * Connects {@code c}'s platform account to the tenant: the account already known for it (same platform, instance
     * and external id; a revoked one too) is updated and connected again with the new grant, else a new one is made.
     * The first account of a platform becomes its default; {@code makeDefault} makes this one the default.
     */
    public SocialAccount connect(String tenantId, Connection c, boolean makeDefault) {
        String extSk = externalSk(c.platform(), c.instance(), c.offered().externalId());
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Optional<String> known = table.get(pk(tenantId), extSk).map(i -> Item.s(i, "accountId"));
            Optional<Stored> before = known.flatMap(id -> load(tenantId, id));
            String accountId = known.orElseGet(() -> Ids.next("sa"));
            long version = before.map(s -> s.account().version()).orElse(0L);
            SocialAccount after = new SocialAccount(tenantId, accountId, c.platform(), c.offered().externalId(),
                    c.offered().handle(), c.offered().name(), c.offered().avatarUrl(), c.offered().kind(), c.instance(),
                    c.grant().scopes(), c.grant().expiresAt(), AccountStatus.CONNECTED, null, false,
                    before.map(s -> s.account().connectedAt()).orElse(now), now, version + 1);
            Item item = item(after);
            before.ifPresent(s -> carry(s.item(), item, false));
            GrantSeal.put(item, GRANT, c.grant(), cipher, tokenContext(tenantId, accountId));
            item.s(GRANT_OWNER, c.offered().attributes().get(Connector.Offered.GRANT_OWNER));
            care(item, after, c.grant().careDueAt(now));
            List<Write> binding = binding(after, c.grant(), now);
            boolean written;
            if (before.isPresent()) {
                written = binding.isEmpty() ? replace(item.build(), version)
                        : create(List.of(versioned(item.build(), version)), binding, after.externalId());
            } else if (known.isPresent()) { // a pointer without its account (never written so): the account again
                written = create(List.of(put(item.build(), "attribute_not_exists(PK)")), binding, after.externalId());
            } else {
                written = create(List.of(put(item.build(), "attribute_not_exists(PK)"),
                        put(Item.create().s(Table.PK, pk(tenantId)).s(Table.SK, extSk).s("accountId", accountId)
                                .s("platform", c.platform()).build(), "attribute_not_exists(PK)")), binding, after.externalId());
            }
            if (written) {
                // its inbox row: a polled account due now (its cursor kept from an earlier connection), a pushed one findable
                Optional<Write.Update> inboxRow = com.socialwire.shared.social.mentions.InboxCursors.connected(after, now);
                if (inboxRow.isPresent()) {
                    table.update(inboxRow.get());
                }
                shareGrant(tenantId, c, accountId);
                if (makeDefault) {
                    makeDefault(tenantId, accountId);
                } else {
                    claimDefault(tenantId, c.platform(), accountId);
                }
                return load(tenantId, accountId).orElseThrow().account();
            }
            if (attempt >= ATTEMPTS) {
                throw ApiException.conflict("the social account was changed by another request; retry");
            }
        }
    }

    /** The display fields changed ({@code null}: unchanged), if the account is still at {@code before}'s version. */
    public SocialAccount updateDisplay(Stored before, String name, String handle) {
        SocialAccount a = before.account();
        SocialAccount after = new SocialAccount(a.tenantId(), a.accountId(), a.platform(), a.externalId(),
                handle == null ? a.handle() : handle, name == null ? a.name() : name, a.avatarUrl(), a.kind(), a.instance(),
                a.scopes(), a.tokenExpiresAt(), a.status(), a.statusReason(), a.isDefault(), a.connectedAt(),
                clock.instant(), a.version() + 1);
        Item item = item(after);
        carry(before.item(), item, true);
        if (a.status() == AccountStatus.CONNECTED) {
            care(item, after, Item.instant(before.item(), CARE_DUE));
        }
        if (!replace(item.build(), a.version())) {
            throw ApiException.conflict("the social account was changed by another request; read it again and retry");
        }
        return after;
    }

    /**
     * Disconnects the account: {@code revoked}, its tokens deleted; if it was its platform's default, another
     * connected account of that platform becomes the default, else there is none.
     */
    public SocialAccount revoke(Stored before) {
        SocialAccount a = before.account();
        if (a.status() == AccountStatus.REVOKED) {
            return a;
        }
        SocialAccount after = new SocialAccount(a.tenantId(), a.accountId(), a.platform(), a.externalId(), a.handle(),
                a.name(), a.avatarUrl(), a.kind(), a.instance(), a.scopes(), null, AccountStatus.REVOKED,
                "disconnected", false, a.connectedAt(), clock.instant(), a.version() + 1);
        Item item = item(after); // no grant: the tokens are gone, and no lease
        if (!replace(item.build(), a.version())) {
            throw ApiException.conflict("the social account was changed by another request; read it again and retry");
        }
        moveDefaultAway(a.tenantId(), a.platform(), a.accountId());
        // false when it has no inbox row (a platform without an inbox source)
        table.updateIf(com.socialwire.shared.social.mentions.InboxCursors.disconnected(a.tenantId(), a.accountId()));
        if (INSTAGRAM.equals(a.platform())) {
            try {
                table.transact(InstagramBinding.unbind(a.tenantId(), a.externalId(), clock.instant()));
            } catch (TransactionCanceledException notBound) {
                // the tenant is not bound to this account (it was unbound by hand, or never bound)
            }
        }
        return after;
    }

    /** Makes the account its platform's default (409 if it is revoked, 404 if there is none). */
    public SocialAccount makeDefault(String tenantId, String accountId) {
        Stored s = load(tenantId, accountId).orElseThrow(() -> ApiException.notFound("social account " + accountId));
        String platform = s.account().platform();
        List<Write> binding = s.account().status() == AccountStatus.REVOKED ? List.of()
                : grant(s).map(g -> binding(s.account(), g, clock.instant())).orElse(List.of());
        if (!create(List.of(
                new Write.Check(Table.key(pk(tenantId), sk(accountId)), "#st <> :revoked", Map.of("#st", "status"),
                        Map.of(":revoked", AttrValue.fromS(AccountStatus.REVOKED.wire()))),
                put(pointer(tenantId, platform, accountId), null)), binding, s.account().externalId())) {
            throw ApiException.conflict("a revoked social account cannot be the default; connect it again first");
        }
        return load(tenantId, accountId).orElseThrow().account();
    }

    /** The first account of a platform becomes its default (a no-op when there is one). */
    private void claimDefault(String tenantId, String platform, String accountId) {
        try {
            table.put(put(pointer(tenantId, platform, accountId), "attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException alreadyOne) {
            // the platform has its default
        }
    }

    private void moveDefaultAway(String tenantId, String platform, String accountId) {
        String next = all(tenantId).stream()
                .filter(o -> o.platform().equals(platform) && !o.accountId().equals(accountId)
                        && o.status() != AccountStatus.REVOKED)
                .sorted((x, y) -> x.status() == y.status() ? x.connectedAt().compareTo(y.connectedAt())
                        : x.status() == AccountStatus.CONNECTED ? -1 : 1)
                .map(SocialAccount::accountId).findFirst().orElse(null);
        Map<String, AttrValue> mine = Map.of(":me", AttrValue.fromS(accountId));
        try {
            if (next == null) {
                table.delete(new Write.Delete(Table.key(pk(tenantId), DEFAULT + platform), "accountId = :me", Map.of(), mine));
            } else {
                table.put(new Write.Put(pointer(tenantId, platform, next), "accountId = :me", Map.of(), mine));
            }
        } catch (ConditionalCheckFailedException notMine) {
            // it was not the default (or another request moved it already)
        }
    }

    // ---------------------------------------------------------------- token care (see TokenCare)

    /**
     * Takes the account's refresh lease for {@code owner} until {@code ttl} from now, if the account is connected and
     * nobody holds an unexpired lease: one refresh at a time per account.
     */
    public boolean tryLease(String tenantId, String accountId, String owner, Duration ttl) {
        return lease(tenantId, sk(accountId), true, owner, ttl);
    }

    /** Gives the lease back if {@code owner} still holds it. */
    public void releaseLease(String tenantId, String accountId, String owner) {
        release(tenantId, sk(accountId), owner);
    }

    /**
     * The grant the account shares with other accounts of the tenant ({@link Connector.Offered#GRANT_OWNER}: the
     * boards of one Pinterest user), as the key of its lease; empty for an account with a grant of its own.
     */
    public Optional<String> sharedGrant(Stored stored) {
        return Optional.ofNullable(sharedGrant(stored.item()));
    }

    private static String sharedGrant(Map<String, AttrValue> item) {
        return sharedGrant(Item.s(item, "platform"), Item.s(item, "instance"), Item.s(item, GRANT_OWNER));
    }

    private static String sharedGrant(String platform, String instance, String owner) {
        return owner == null ? null : externalSk(platform, instance, owner).substring(EXTERNAL.length());
    }

    /**
     * A connect with a grant its person's other accounts share (a Pinterest user's boards): they get the new grant
     * too, so the accounts of one person always hold one grant, one refresh chain.
     */
    private void shareGrant(String tenantId, Connection c, String accountId) {
        String shared = sharedGrant(c.platform(), c.instance(), c.offered().attributes().get(Connector.Offered.GRANT_OWNER));
        if (shared != null) {
            saveShared(tenantId, shared, accountId, c.grant());
        }
    }

    /** Saves {@code grant} into every account sharing {@code sharedGrant} but {@code exceptAccountId} (see {@link #saveRefreshed}). */
    public void saveShared(String tenantId, String sharedGrant, String exceptAccountId, Grant grant) {
        for (String other : sharing(tenantId, sharedGrant)) {
            if (!other.equals(exceptAccountId)) {
                saveRefreshed(tenantId, other, grant);
            }
        }
    }

    /** The tenant's accounts (any status but revoked) that share {@code sharedGrant}. */
    public List<String> sharing(String tenantId, String sharedGrant) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Map<String, AttrValue>> page = table.query(null, Table.PK, pk(tenantId), Table.SK, ACCOUNT, ACCOUNT + "\uffff",
                    100, cursor, true, i -> sharedGrant.equals(sharedGrant(i)));
            page.items().stream().filter(i -> AccountStatus.of(Item.s(i, "status")) != AccountStatus.REVOKED)
                    .forEach(i -> out.add(Item.s(i, "accountId")));
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** {@link #tryLease} for a grant several accounts share: one refresh at a time for all of them. */
    public boolean trySharedLease(String tenantId, String sharedGrant, String owner, Duration ttl) {
        return lease(tenantId, SHARED_GRANT + sharedGrant, false, owner, ttl);
    }

    /** Gives a shared grant's lease back if {@code owner} still holds it. */
    public void releaseSharedLease(String tenantId, String sharedGrant, String owner) {
        release(tenantId, SHARED_GRANT + sharedGrant, owner);
    }

    private boolean lease(String tenantId, String sk, boolean connectedAccount, String owner, Duration ttl) {
        long now = clock.millis();
        Map<String, String> names = new HashMap<>(Map.of("#o", LEASE_OWNER, "#u", LEASE_UNTIL));
        Map<String, AttrValue> values = new HashMap<>(Map.of(":me", AttrValue.fromS(owner),
                ":until", AttrValue.fromN(Long.toString(now + ttl.toMillis())), ":now", AttrValue.fromN(Long.toString(now))));
        String free = "(attribute_not_exists(#u) OR #u < :now)";
        if (connectedAccount) {
            names.put("#st", "status");
            values.put(":connected", AttrValue.fromS(AccountStatus.CONNECTED.wire()));
        }
        // a held lease is routine (another refresher): a result, not an exception
        return table.updateIf(new Write.Update(Table.key(pk(tenantId), sk), "SET #o = :me, #u = :until",
                connectedAccount ? "#st = :connected AND " + free : free, names, values));
    }

    private void release(String tenantId, String sk, String owner) {
        // false when it expired and was taken, or was released already
        table.updateIf(new Write.Update(Table.key(pk(tenantId), sk), "REMOVE #o, #u", "#o = :me",
                Map.of("#o", LEASE_OWNER, "#u", LEASE_UNTIL), Map.of(":me", AttrValue.fromS(owner))));
    }

    /**
     * Saves a refreshed grant ({@code merged}: the stored grant {@link Grant#refreshedBy} the platform's answer) and
     * ends the lease. Retried over concurrent changes of other fields: a rotated refresh token is the only one that
     * works, so it is never dropped while the account is not revoked. Empty if the account was revoked meanwhile.
     */
    public Optional<Stored> saveRefreshed(String tenantId, String accountId, Grant merged) {
        for (int attempt = 1; attempt <= ATTEMPTS * 2; attempt++) {
            Optional<Stored> before = load(tenantId, accountId);
            if (before.isEmpty() || before.get().account().status() == AccountStatus.REVOKED) {
                return Optional.empty();
            }
            SocialAccount a = before.get().account();
            SocialAccount after = new SocialAccount(a.tenantId(), a.accountId(), a.platform(), a.externalId(), a.handle(),
                    a.name(), a.avatarUrl(), a.kind(), a.instance(), merged.scopes(), merged.expiresAt(), a.status(),
                    a.statusReason(), a.isDefault(), a.connectedAt(), clock.instant(), a.version() + 1);
            Item item = item(after); // the lease ends with this write
            GrantSeal.put(item, GRANT, merged, cipher, tokenContext(tenantId, accountId));
            item.s(GRANT_OWNER, Item.s(before.get().item(), GRANT_OWNER));
            if (a.status() == AccountStatus.CONNECTED) {
                care(item, after, merged.careDueAt(after.updatedAt()));
            }
            Map<String, AttrValue> built = item.build();
            if (replace(built, a.version())) {
                if (INSTAGRAM.equals(a.platform())) {
                    // false when the tenant was unbound from this account meanwhile: nothing to follow
                    table.updateIf(InstagramBinding.token(tenantId, a.externalId(),
                            cipher.encrypt(merged.accessToken(), TenantProfiles.tokenContext(tenantId)), merged.expiresAt()));
                }
                return Optional.of(new Stored(after, built));
            }
        }
        throw new IllegalStateException("the refreshed grant of " + accountId + " could not be saved");
    }

    /** The platform refused the account's token or refresh for good: {@code reconnect_required} with the reason. */
    public void markReconnectRequired(String tenantId, String accountId, String reason) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Stored> before = load(tenantId, accountId);
            if (before.isEmpty() || before.get().account().status() != AccountStatus.CONNECTED) {
                return;
            }
            SocialAccount a = before.get().account();
            SocialAccount after = new SocialAccount(a.tenantId(), a.accountId(), a.platform(), a.externalId(), a.handle(),
                    a.name(), a.avatarUrl(), a.kind(), a.instance(), a.scopes(), a.tokenExpiresAt(),
                    AccountStatus.RECONNECT_REQUIRED, reason, a.isDefault(), a.connectedAt(), clock.instant(), a.version() + 1);
            Item item = item(after);
            carry(before.get().item(), item, false);
            if (replace(item.build(), a.version())) {
                if (INSTAGRAM.equals(a.platform())) {
                    // the tenant's Instagram token is this one: its health and workers see it expired too
                    table.updateIf(InstagramBinding.expired(tenantId, a.externalId()));
                }
                return;
            }
        }
    }

    /**
     * One page of the connected accounts whose token care is due by {@code now}, of one of the {@value #CARE_SHARDS}
     * shards, soonest first (the sweep reads every shard).
     */
    public Page<SocialAccount> dueForCare(int shard, Instant now, int limit, String cursor) {
        return table.query(Table.GSI2, Table.GSI2PK, CARE + shard, Table.GSI2SK, null, SortableNumbers.zeroPadded(now.toEpochMilli(), 13) + "#\uffff",
                limit, cursor, true, i -> AccountStatus.of(Item.s(i, "status")) == AccountStatus.CONNECTED)
                .map(i -> fromItem(i, false));
    }

    /** How many shards the care index has (the sweep reads each). */
    public static int careShards() {
        return CARE_SHARDS;
    }

    /** When the account's token care is next due (null: it needs none, or it is not connected). */
    public static Instant careDueAt(Stored stored) {
        return Item.instant(stored.item(), CARE_DUE);
    }

    /**
     * Moves the account's token care to {@code due} (null: none) while it is connected at {@code version}: the platform
     * cannot refresh it now or ever, so the sweep looks again only then. False if the account changed meanwhile.
     */
    public boolean postponeCare(String tenantId, String accountId, long version, Instant due) {
        Map<String, String> names = new HashMap<>(Map.of("#sk2", Table.GSI2SK, "#due", CARE_DUE, "#v", "version", "#st", "status"));
        Map<String, AttrValue> values = new HashMap<>(Map.of(":v", AttrValue.fromN(Long.toString(version)),
                ":connected", AttrValue.fromS(AccountStatus.CONNECTED.wire())));
        String set;
        if (due == null) {
            names.put("#pk2", Table.GSI2PK);
            set = "REMOVE #pk2, #sk2, #due";
        } else {
            set = "SET #sk2 = :sk, #due = :due";
            values.put(":sk", AttrValue.fromS(careSortKey(due, tenantId, accountId)));
            values.put(":due", AttrValue.fromS(IsoInstant.format(due)));
        }
        return table.updateIf(new Write.Update(Table.key(pk(tenantId), sk(accountId)), set, "#v = :v AND #st = :connected", names, values));
    }

    // ---------------------------------------------------------------- items

    static final String CARE_DUE = "tokenCareDueAt";

    /** Puts the account in the token-care index at {@code due} (nothing when null). */
    private static void care(Item item, SocialAccount a, Instant due) {
        if (due != null) {
            item.s(Table.GSI2PK, CARE + Math.floorMod(a.accountId().hashCode(), CARE_SHARDS))
                    .s(Table.GSI2SK, careSortKey(due, a.tenantId(), a.accountId())).instant(CARE_DUE, due);
        }
    }

    static String careSortKey(Instant due, String tenantId, String accountId) {
        return SortableNumbers.zeroPadded(Math.max(0, due.toEpochMilli()), 13) + "#" + tenantId + "#" + accountId;
    }

    private static Item item(SocialAccount a) {
        return Item.create().s(Table.PK, pk(a.tenantId())).s(Table.SK, sk(a.accountId())).s("type", "social_account")
                .s("tenantId", a.tenantId()).s("accountId", a.accountId()).s("platform", a.platform())
                .s("externalId", a.externalId()).s("handle", a.handle()).s("name", a.name()).s("avatarUrl", a.avatarUrl())
                .s("kind", a.kind()).s("instance", a.instance()).strings("scopes", a.scopes())
                .instant("tokenExpiresAt", a.tokenExpiresAt()).s("status", a.status().wire()).s("statusReason", a.statusReason())
                .instant("connectedAt", a.connectedAt()).instant("updatedAt", a.updatedAt()).n("version", a.version());
    }

    /** Copies the sealed grant, whose grant it is, and (if {@code lease}) a running lease from {@code from} into {@code to}. */
    private static void carry(Map<String, AttrValue> from, Item to, boolean lease) {
        Map<String, AttrValue> kept = new HashMap<>();
        from.forEach((k, v) -> {
            if (GrantSeal.isGrantAttribute(k, GRANT) || k.equals(GRANT_OWNER) || lease && (k.equals(LEASE_OWNER) || k.equals(LEASE_UNTIL))) {
                kept.put(k, v);
            }
        });
        kept.forEach((k, v) -> {
            if (v.s() != null) {
                to.s(k, v.s());
            } else if (v.n() != null) {
                to.n(k, Long.parseLong(v.n()));
            } else if (v.bool() != null) {
                to.bool(k, v.bool());
            } else if (v.hasL()) {
                to.strings(k, v.l().stream().map(AttrValue::s).toList());
            }
        });
    }

    static SocialAccount fromItem(Map<String, AttrValue> i, boolean isDefault) {
        return new SocialAccount(Item.s(i, "tenantId"), Item.s(i, "accountId"), Item.s(i, "platform"),
                Item.s(i, "externalId"), Item.s(i, "handle"), Item.s(i, "name"), Item.s(i, "avatarUrl"), Item.s(i, "kind"),
                Item.s(i, "instance"), Item.strings(i, "scopes"), Item.instant(i, "tokenExpiresAt"),
                AccountStatus.of(Item.s(i, "status")), Item.s(i, "statusReason"), isDefault,
                Item.instant(i, "connectedAt"), Item.instant(i, "updatedAt"), Item.n(i, "version"));
    }

    private static Map<String, AttrValue> pointer(String tenantId, String platform, String accountId) {
        return Item.create().s(Table.PK, pk(tenantId)).s(Table.SK, DEFAULT + platform).s("platform", platform)
                .s("accountId", accountId).build();
    }

    private static Write.Put put(Map<String, AttrValue> item, String condition) {
        return new Write.Put(item, condition, Map.of(), Map.of());
    }

    private boolean create(List<Write> writes) {
        return create(writes, List.of(), null);
    }

    /**
     * {@code writes} and the tenant's Instagram {@code binding} (may be empty) in one transaction: false if one of
     * {@code writes}' conditions failed (the caller retries or refuses), 409 if one of the binding's did.
     */
    private boolean create(List<Write> writes, List<Write> binding, String igUserId) {
        List<Write> all = new ArrayList<>(writes);
        all.addAll(binding);
        try {
            table.transact(all);
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = writes.size(); i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    throw InstagramBinding.conflict(igUserId);
                }
            }
            return false;
        }
    }

    /**
     * The writes that make {@code a} (an Instagram account, connected with {@code grant}) the tenant's Instagram
     * connection; none for another platform.
     */
    private List<Write> binding(SocialAccount a, Grant grant, Instant now) {
        if (!INSTAGRAM.equals(a.platform())) {
            return List.of();
        }
        Tenant tenant = table.get(TenantRecords.pk(a.tenantId()), TenantRecords.PROFILE).map(TenantRecords::fromItem)
                .orElseThrow(() -> ApiException.notFound("tenant " + a.tenantId()));
        return InstagramBinding.bind(tenant, a.externalId(), a.handle(),
                cipher.encrypt(grant.accessToken(), TenantProfiles.tokenContext(a.tenantId())), grant.expiresAt(), now);
    }

    private static Write.Put versioned(Map<String, AttrValue> item, long expectedVersion) {
        return new Write.Put(item, "version = :v", Map.of(), Map.of(":v", AttrValue.fromN(Long.toString(expectedVersion))));
    }

    /** Puts {@code item} if the stored one is at {@code expectedVersion}; false if it is not. */
    private boolean replace(Map<String, AttrValue> item, long expectedVersion) {
        try {
            table.put(versioned(item, expectedVersion));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
