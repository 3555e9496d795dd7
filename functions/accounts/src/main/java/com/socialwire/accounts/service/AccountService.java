package com.socialwire.accounts.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.accounts.model.Account;
import com.socialwire.accounts.model.KeyView;
import com.socialwire.accounts.store.AccountStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.security.ApiKeyStore;
import com.socialwire.shared.security.ApiKeyStore.ApiKey;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.RateLimiter;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.Page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Accounts and their API keys: signup, who-am-I, key creation, listing and revocation. */
public final class AccountService {

    public static final String WARNING = "Store this API key now: it is shown only once and cannot be recovered. "
            + "Only its SHA-256 hash is kept.";
    private static final Set<String> ROLES = roleNames();
    private static final Duration MAX_KEY_LIFETIME = Duration.ofDays(3 * 365);

    private final AccountStore accounts;
    private final ApiKeyStore keys;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final String keyEnvironment;
    private final Ledger ledger;
    private final long signupGrant;
    private final RateLimiter grantsPerSource;

    /**
     * {@code grantsPerSource} counts signup grants per source address and day: once it refuses, a
     * signup still makes the account and its key, without the promotional credits.
     */
    public AccountService(AccountStore accounts, ApiKeyStore keys, TenantDirectory tenants, Clock clock, String keyEnvironment,
                          Ledger ledger, long signupGrant, RateLimiter grantsPerSource) {
        this.accounts = accounts;
        this.keys = keys;
        this.tenants = tenants;
        this.clock = clock;
        this.keyEnvironment = keyEnvironment;
        this.ledger = ledger;
        this.signupGrant = signupGrant;
        this.grantsPerSource = grantsPerSource;
    }

    /**
     * A new account with an admin key; the raw key is in the answer and nowhere else. The signup
     * grant goes to the first signups of each source address per day ({@link #source}); later ones
     * get the account with {@code grantedMicroCredits: 0} and a {@code grantNote} saying why.
     */
    public Map<String, Object> signup(ObjectNode body, String sourceIp) {
        JsonBody in = new JsonBody(body, Set.of("accountName", "keyName"));
        String accountName = in.string("accountName", true, 1, 100).orElse(null);
        String keyName = in.string("keyName", false, 1, 100).orElse("default");
        in.check();
        Instant now = clock.instant();
        Account account = new Account(Ids.next("acct"), accountName, "active", now);
        String raw = ApiKeyStore.generate(keyEnvironment);
        ApiKey key = new ApiKey(Ids.next("key"), account.id(), keyName, Role.ADMIN, Set.of(), prefix(raw), now, null, null);
        accounts.create(account, key, Hashing.sha256Hex(raw));
        long granted = 0;
        String grantNote = null;
        if (signupGrant > 0 && !grantsPerSource.check("signup-grant:" + source(sourceIp), 0, null).allowed()) {
            grantNote = "no promotional credits: this address has had its signup grants for today";
        } else if (signupGrant > 0) {
            try {
                ledger.grant(account.id(), signupGrant, "signup:" + account.id(), Ledger.Category.PROMOTIONAL, "signup promotion");
                granted = signupGrant;
            } catch (RuntimeException e) {
                // the account exists and works; the promotion can be granted by the owner later
                org.slf4j.LoggerFactory.getLogger(AccountService.class).error("signup grant for {} failed", account.id(), e);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", account);
        out.put("grantedMicroCredits", granted);
        out.put("grantNote", grantNote);
        out.put("key", KeyView.of(key, now));
        out.put("apiKey", raw);
        out.put("warning", WARNING);
        return out;
    }

    public Map<String, Object> me(Principal caller) {
        Account account = accounts.get(caller.accountId()).orElseThrow(() -> ApiException.notFound("account"));
        ApiKey key = keys.byId(caller.keyId()).map(Map.Entry::getValue).orElseThrow(() -> ApiException.notFound("key"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", account);
        out.put("key", KeyView.of(key, clock.instant()));
        return out;
    }

    public Page<KeyView> listKeys(Principal caller, int limit, String cursor) {
        Instant now = clock.instant();
        return keys.list(caller.accountId(), limit, cursor).map(k -> KeyView.of(k, now));
    }

    public Map<String, Object> createKey(Principal caller, ObjectNode body) {
        JsonBody in = new JsonBody(body, Set.of("name", "role", "tenantIds", "expiresAt"));
        String name = in.string("name", true, 1, 100).orElse(null);
        String roleName = in.oneOf("role", true, ROLES).orElse(null);
        List<String> tenantIds = in.strings("tenantIds", 100, 64).orElse(List.of());
        Instant now = clock.instant();
        Instant expiresAt = in.string("expiresAt", false, 1, 40).map(v -> {
            try {
                return IsoInstant.parse(v);
            } catch (DateTimeParseException e) {
                in.reject("expiresAt", "must be an ISO-8601 UTC timestamp such as 2027-01-01T00:00:00Z");
                return null;
            }
        }).orElse(null);
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_KEY_LIFETIME)))) {
            in.reject("expiresAt", "must be in the future and at most 3 years ahead");
        }
        Role role = roleName == null ? null : Role.parse(roleName);
        if (role == Role.CLIENT && tenantIds.isEmpty()) {
            in.reject("tenantIds", "a client key needs the tenant ids it may reach");
        }
        if (role != null && role != Role.CLIENT && !tenantIds.isEmpty()) {
            in.reject("tenantIds", "only client keys are restricted to tenants; " + role.json() + " keys reach the whole account");
        }
        for (String t : tenantIds) {
            boolean ours = Ids.looksLike("tnt", t) && tenants.accountOf(t).map(caller.accountId()::equals).orElse(false);
            if (!ours) {
                in.reject("tenantIds", "no tenant " + t + " in this account");
            }
        }
        in.check();
        String raw = ApiKeyStore.generate(keyEnvironment);
        ApiKey key = new ApiKey(Ids.next("key"), caller.accountId(), name, role, Set.copyOf(tenantIds), prefix(raw), now, expiresAt, null);
        accounts.addKey(key, Hashing.sha256Hex(raw));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", KeyView.of(key, now));
        out.put("apiKey", raw);
        out.put("warning", WARNING);
        return out;
    }

    /** Revokes a key of the caller's account; it stops working within {@link ApiKeyStore#CACHE_TTL}. */
    public Map<String, Object> revokeKey(Principal caller, String keyId) {
        Map.Entry<String, ApiKey> found = (Ids.looksLike("key", keyId) ? keys.byId(keyId) : java.util.Optional.<Map.Entry<String, ApiKey>>empty())
                .filter(e -> e.getValue().accountId().equals(caller.accountId()))
                .orElseThrow(() -> ApiException.notFound("key " + keyId));
        Instant now = clock.instant();
        ApiKey key = found.getValue();
        if (key.revokedAt() == null) {
            accounts.revokeKey(found.getKey(), key.accountId(), now);
            key = new ApiKey(key.id(), key.accountId(), key.name(), key.role(), key.tenantIds(), key.prefix(),
                    key.createdAt(), key.expiresAt(), now);
        }
        return Map.of("key", KeyView.of(key, now));
    }

    /** The source a signup grant is counted under: the IPv4 address, or the /64 network of an IPv6 address. */
    static String source(String ip) {
        if (ip == null || !ip.contains(":") || !ip.matches("[0-9A-Fa-f:.]{2,45}")) {
            return ip == null ? "" : ip; // only an address literal is parsed: never a name lookup
        }
        try {
            byte[] a = java.net.InetAddress.getByName(ip).getAddress();
            if (a.length == 16) {
                java.util.Arrays.fill(a, 8, 16, (byte) 0);
                return java.net.InetAddress.getByAddress(a).getHostAddress() + "/64";
            }
        } catch (java.io.IOException e) {
            // not an address literal; counted as given
        }
        return ip;
    }

    /** What a key list shows to tell keys apart: {@code sw_live_AbCd}. */
    static String prefix(String raw) {
        return raw.substring(0, 12);
    }

    /** Every role's JSON name; a loop, not a stream, so the first request builds no stream pipeline. */
    private static Set<String> roleNames() {
        Set<String> names = new HashSet<>();
        for (Role role : Role.values()) {
            names.add(role.json());
        }
        return names;
    }
}
