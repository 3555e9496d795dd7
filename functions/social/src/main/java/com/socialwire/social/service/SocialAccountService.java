package com.socialwire.social.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.store.Page;
import com.socialwire.social.store.OAuthStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's social accounts: list, read, rename, disconnect, the default per platform, connecting by app password
 * and confirming a pending selection. The gate has already answered 404 for a tenant the caller may not see.
 */
public final class SocialAccountService {

    static final Set<String> CONNECT_FIELDS = Set.of("platform", "identifier", "appPassword", "instance");
    static final Set<String> PATCH_FIELDS = Set.of("name", "handle");
    static final Set<String> CONFIRM_FIELDS = Set.of("nonce", "selections");
    static final int MAX_SELECTIONS = 50;

    private final SocialAccounts accounts;
    private final OAuthStore store;
    private final Connectors connectors;
    private final Connecting connecting;
    private final Clock clock;
    private final boolean allowLocalHttp;

    public SocialAccountService(SocialAccounts accounts, OAuthStore store, Connectors connectors, Connecting connecting,
                                Clock clock) {
        this(accounts, store, connectors, connecting, clock, false);
    }

    /** @param allowLocalHttp whether {@code http://localhost} may stand for a server (tests, the local runtime) */
    public SocialAccountService(SocialAccounts accounts, OAuthStore store, Connectors connectors, Connecting connecting,
                                Clock clock, boolean allowLocalHttp) {
        this.allowLocalHttp = allowLocalHttp;
        this.accounts = accounts;
        this.store = store;
        this.connectors = connectors;
        this.connecting = connecting;
        this.clock = clock;
    }

    public Page<Map<String, Object>> list(String tenantId, int limit, String cursor) {
        return accounts.list(tenantId, limit, cursor).map(Connecting::view);
    }

    public Map<String, Object> get(String tenantId, String accountId) {
        return Connecting.view(owned(tenantId, accountId).account());
    }

    /** PATCH: the display fields only; {@code ifMatch} (the version read) refuses a change made in between (409). */
    public Map<String, Object> update(String tenantId, String accountId, ObjectNode body, String ifMatch) {
        JsonBody in = new JsonBody(body, PATCH_FIELDS);
        Optional<String> name = in.string("name", false, 1, 200);
        Optional<String> handle = in.string("handle", false, 1, 200);
        in.check();
        SocialAccounts.Stored before = owned(tenantId, accountId);
        if (ifMatch != null) {
            long expected = version(ifMatch);
            if (expected != before.account().version()) {
                throw new ApiException(ErrorCode.CONFLICT, "the social account changed since version " + expected
                        + "; read it again", Map.of("version", before.account().version()));
            }
        }
        return Connecting.view(accounts.updateDisplay(before, name.orElse(null), handle.orElse(null)));
    }

    /** DELETE: {@code revoked}, tokens deleted, the platform's default moved to another account or cleared. */
    public Map<String, Object> revoke(String tenantId, String accountId) {
        return Connecting.view(accounts.revoke(owned(tenantId, accountId)));
    }

    public Map<String, Object> makeDefault(String tenantId, String accountId) {
        owned(tenantId, accountId);
        return Connecting.view(accounts.makeDefault(tenantId, accountId));
    }

    /**
     * POST: connects by handle and app password (platforms whose connector takes one, Bluesky): a secret not in the
     * platform's app-password form is refused before any call. 201 with the account, or 202 with a pending selection.
     */
    public Connected connectByAppPassword(Principal who, String tenantId, ObjectNode body) {
        JsonBody in = new JsonBody(body, CONNECT_FIELDS);
        String platformName = in.string("platform", true, 1, 40).orElse(null);
        String identifier = in.string("identifier", true, 1, 253).orElse(null);
        String secret = in.string("appPassword", true, 1, 256).orElse(null);
        String instance = in.string("instance", false, 1, 253).map(i -> OAuthService.instance(in, i, allowLocalHttp)).orElse(null);
        in.check();
        String platform = OAuthService.platform(platformName);
        Connector connector = OAuthService.connector(connectors, platform);
        if (connector.method() != Connector.Method.APP_PASSWORD) {
            throw OAuthService.unprocessable(platform + " connects through OAuth: POST /v1/tenants/" + tenantId + "/oauth/"
                    + platform + "/start", "platform", "connects through OAuth");
        }
        if (!connector.acceptsAsAppPassword(secret)) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "appPassword must be an app password, never the "
                    + "account's main password", Map.of("appPassword", "must be an app password (xxxx-xxxx-xxxx-xxxx), "
                    + "created in the platform's settings"), null);
        }
        PlatformResult<Connector.Login> login = connector.login(identifier, secret, instance);
        if (!(login instanceof PlatformResult.Ok<Connector.Login> ok)) {
            throw Connecting.error(platform, login, "the identifier or app password");
        }
        // the account lives where the login says (Bluesky: the PDS its DID document names), not where it logged in
        String home = ok.value().account().attributes().getOrDefault("pdsUrl", instance);
        PlatformResult<Connecting.Outcome> outcome = connecting.granted(tenantId, who.accountId(), who.keyId(), connector,
                home, ok.value().grant());
        if (!(outcome instanceof PlatformResult.Ok<Connecting.Outcome> done)) {
            throw Connecting.error(platform, outcome, "the session");
        }
        return switch (done.value()) {
            case Connecting.Outcome.Connected c -> new Connected(201, Connecting.view(c.accounts().get(0)));
            case Connecting.Outcome.Waiting w -> new Connected(202, Connecting.view(w.pending()));
        };
    }

    /** A connect's answer: its status and body. */
    public record Connected(int status, Map<String, Object> body) {
    }

    /** The accounts a pending selection offers (no tokens); another tenant's, unknown or expired: 404 / 410. */
    public Map<String, Object> pending(Principal who, String nonce) {
        return Connecting.view(visiblePending(who, nonce, null));
    }

    /** Connects the chosen accounts of a pending selection, once. */
    public Map<String, Object> confirm(Principal who, String tenantId, ObjectNode body) {
        JsonBody in = new JsonBody(body, CONFIRM_FIELDS);
        String nonce = in.string("nonce", true, 1, 100).orElse(null);
        JsonNode raw = body.get("selections");
        List<int[]> chosen = new ArrayList<>(); // {index, default 0/1}
        if (raw == null || !raw.isArray() || raw.isEmpty() || raw.size() > MAX_SELECTIONS) {
            in.reject("selections", "must be an array of 1 to " + MAX_SELECTIONS + " {index, default} objects");
        } else {
            Set<Integer> seen = new HashSet<>();
            int defaults = 0;
            for (JsonNode s : raw) {
                JsonNode index = s.path("index");
                JsonNode def = s.path("default");
                boolean shaped = s.isObject() && index.isIntegralNumber() && index.canConvertToInt()
                        && (def.isMissingNode() || def.isNull() || def.isBoolean());
                Set<String> extra = new HashSet<>();
                s.fieldNames().forEachRemaining(extra::add);
                extra.removeAll(Set.of("index", "default"));
                if (!shaped || !extra.isEmpty() || !seen.add(index.asInt())) {
                    in.reject("selections", "each selection is {index: a distinct integer, default?: boolean}");
                    break;
                }
                defaults += def.asBoolean(false) ? 1 : 0;
                chosen.add(new int[]{index.asInt(), def.asBoolean(false) ? 1 : 0});
            }
            if (defaults > 1) {
                in.reject("selections", "at most one selection can be the default");
            }
        }
        in.check();
        OAuthStore.Pending p = visiblePending(who, nonce, tenantId);
        for (int[] c : chosen) {
            if (c[0] < 0 || c[0] >= p.offered().size()) {
                throw ApiException.validation("selection index " + c[0] + " is not one of the offered accounts",
                        Map.of("selections", "index must be from 0 to " + (p.offered().size() - 1)));
            }
        }
        if (!store.consumePending(nonce)) {
            throw ApiException.notFound("pending selection " + nonce);
        }
        List<Map<String, Object>> connected = new ArrayList<>();
        for (int[] c : chosen) {
            SocialAccount a = connecting.connect(tenantId, p.platform(), p.instance(), p.offered().get(c[0]), p.grant(), c[1] == 1);
            connected.add(Connecting.view(a));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", connected);
        return out;
    }

    /** The selection if {@code who} may see it (and, with {@code tenantId}, it is that tenant's): else 404, expired 410. */
    private OAuthStore.Pending visiblePending(Principal who, String nonce, String tenantId) {
        OAuthStore.Pending p = nonce == null || !nonce.startsWith("pnd_") || nonce.length() > 100 ? null
                : store.pending(nonce).orElse(null);
        if (p == null || !who.canSee(p.accountId(), p.tenantId()) || tenantId != null && !tenantId.equals(p.tenantId())) {
            throw ApiException.notFound("pending selection " + nonce);
        }
        if (!p.until().isAfter(clock.instant())) {
            throw new ApiException(ErrorCode.NOT_FOUND, 410, "the pending selection expired; connect again",
                    Map.of("nonce", nonce), null);
        }
        return p;
    }

    private SocialAccounts.Stored owned(String tenantId, String accountId) {
        return accounts.load(tenantId, accountId).orElseThrow(() -> ApiException.notFound("social account " + accountId));
    }

    /** {@code If-Match}: the version as a number, quoted or not ({@code 3}, {@code "3"}, {@code W/"3"}); else 400. */
    static long version(String ifMatch) {
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (!v.matches("[0-9]{1,18}")) {
            throw ApiException.validation("If-Match must be the account's version (a number)", Map.of("If-Match", ifMatch));
        }
        return Long.parseLong(v);
    }
}
