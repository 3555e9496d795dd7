package com.socialwire.tenants.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.analytics.Activity;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.tenants.Branding;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantSettings;
import com.socialwire.shared.tenants.TenantStatus;
import com.socialwire.tenants.store.TenantStore;
import com.socialwire.tenants.store.TenantStore.Stored;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The rules of tenants: validation, ownership, token encryption, soft delete. */
public final class TenantService {

    static final Set<String> FIELDS = Set.of("name", "igHandle", "igUserId", "igAccessToken", "igTokenExpiresAt",
            "brandVoice", "noGoTopics", "status", "timezone", "settings");
    static final Set<String> SETTINGS_FIELDS = Set.of("requiresQaApproval", "requiresClientApproval", "deliveryMode",
            "dailyLlmBudgetUsd", "autoReplyComments", "autoReplyDms", "spamAction", "noGoAction", "engagementTopics", "branding");
    static final Set<String> BRANDING_FIELDS = Set.of("primaryColor", "accentColor", "logoMediaId");
    /** The kinds of media a logo may be. */
    static final Set<String> LOGO_KINDS = Set.of("image", "gif");
    static final Set<String> DELIVERY_MODES = Set.of("auto_publish", "download_only", "both");
    private static final Pattern IG_HANDLE = Pattern.compile("[A-Za-z0-9._]{1,30}");
    private static final Pattern IG_USER_ID = Pattern.compile("[0-9]{1,32}");
    /** The IANA zone ids, read from the JDK's tzdb on the first tenant that names a zone, not at cold start. */
    private static final class Zones {
        static final Set<String> IDS = ZoneId.getAvailableZoneIds();
    }

    private final TenantStore store;
    private final SecretCipher cipher;
    private final LlmBudget budget;
    private final Clock clock;
    private final InstagramProof proof;
    private final SocialAccounts social;
    private final Activity activity;
    private final MediaLibrary media;

    /** {@code graph} is asked for only when a token must be proven (see {@link InstagramProof}). */
    public TenantService(TenantStore store, SecretCipher cipher, LlmBudget budget, Supplier<GraphApi> graph,
                         SocialAccounts social, Activity activity, MediaLibrary media, Clock clock) {
        this.store = store;
        this.media = media;
        this.social = social;
        this.activity = activity;
        this.cipher = cipher;
        this.budget = budget;
        this.proof = new InstagramProof(graph);
        this.clock = clock;
    }

    public Tenant create(Principal caller, ObjectNode body) {
        JsonBody in = new JsonBody(body, FIELDS);
        String name = in.string("name", true, 1, 100).orElse(null);
        Instant now = clock.instant();
        String id = Ids.next("tnt");
        Draft d = read(in, new Draft(name, null, null, null, null, null, List.of(), TenantStatus.ACTIVE, "UTC",
                TenantSettings.DEFAULTS, false));
        checkLogo(in, body, id);
        in.check();
        String igUserId = bind(in, d, null, () -> null);
        Tenant tenant = new Tenant(id, caller.accountId(), d.name, d.igHandle, igUserId,
                d.token == null ? Tenant.TOKEN_NONE : Tenant.TOKEN_VALID, d.tokenExpiresAt, d.brandVoice,
                d.noGoTopics, d.status, d.timezone, d.settings, 1, now, now);
        store.create(new Stored(tenant, d.token == null ? null : cipher.encrypt(d.token, tokenContext(id))));
        return present(tenant);
    }

    public Tenant get(Principal caller, String tenantId) {
        return present(owned(caller, tenantId).tenant());
    }

    /**
     * The Instagram id the tenant ends up bound to, {@code currentId} before this request: a new token binds the
     * id it proves (a body igUserId must agree); a body id other than the current one needs a token that proves
     * it (the stored one if none is sent); clearing the id needs no proof.
     */
    private String bind(JsonBody in, Draft d, String currentId, Supplier<String> storedToken) {
        if (d.token != null) {
            if (in.isNull("igUserId")) {
                throw InstagramProof.unproven();
            }
            return proof.owner(d.token, in.has("igUserId") ? d.igUserId : null);
        }
        if (d.igUserId == null || d.igUserId.equals(currentId)) {
            return d.igUserId;
        }
        String token = d.clearToken ? null : storedToken.get();
        if (token == null) {
            throw InstagramProof.unproven();
        }
        return proof.owner(token, d.igUserId);
    }

    /** The account's tenants, newest first; a client key sees only its listed tenants. */
    public Page<Tenant> list(Principal caller, int limit, String cursor) {
        if (caller.role() == Role.CLIENT) {
            List<Tenant> mine = store.getAll(caller.tenantIds().stream().sorted().toList()).stream()
                    .filter(t -> caller.canSee(t.accountId(), t.id())).limit(limit).map(this::present).toList();
            return new Page<>(mine, null);
        }
        return store.list(caller.accountId(), limit, cursor).map(this::present);
    }

    public Tenant update(Principal caller, String tenantId, ObjectNode body) {
        Stored before = owned(caller, tenantId);
        Tenant t = before.tenant();
        JsonBody in = new JsonBody(body, FIELDS);
        String name = in.has("name") ? in.string("name", true, 1, 100).orElse(t.name()) : t.name();
        Draft d = read(in, new Draft(name, t.igHandle(), t.igUserId(), null, t.tokenExpiresAt(), t.brandVoice(),
                t.noGoTopics(), t.status(), t.timezone(), t.settings(), false));
        checkLogo(in, body, tenantId);
        in.check();
        if ((d.token != null || d.clearToken || !java.util.Objects.equals(d.igUserId, t.igUserId()))
                && social.defaults(tenantId).containsKey("instagram")) {
            throw ApiException.conflict("this tenant's Instagram connection follows its Instagram social account: "
                    + "connect another one through POST /v1/tenants/" + tenantId + "/oauth/instagram/start after disconnecting "
                    + "that one (DELETE …/social-accounts/{accountId})");
        }
        String igUserId = bind(in, d, t.igUserId(),
                () -> before.tokenEnvelope() == null ? null : cipher.decrypt(before.tokenEnvelope(), tokenContext(tenantId)));
        String envelope = before.tokenEnvelope();
        String tokenStatus = t.igTokenStatus();
        Instant expiresAt = d.tokenExpiresAt;
        if (d.token != null) {
            envelope = cipher.encrypt(d.token, tokenContext(tenantId));
            tokenStatus = Tenant.TOKEN_VALID;
        } else if (d.clearToken) {
            envelope = null;
            tokenStatus = Tenant.TOKEN_NONE;
            expiresAt = null;
        }
        Tenant after = new Tenant(t.id(), t.accountId(), d.name, d.igHandle, igUserId, tokenStatus, expiresAt,
                d.brandVoice, d.noGoTopics, d.status, d.timezone, d.settings, t.version() + 1, t.createdAt(), clock.instant());
        store.update(before, new Stored(after, envelope));
        return present(after);
    }

    /** The day's LLM spend by model against the daily budget ({@code date} in the tenant's time zone, default today). */
    public java.util.Map<String, Object> cost(Principal caller, String tenantId, String date) {
        Tenant t = present(owned(caller, tenantId).tenant());
        java.time.LocalDate day;
        try {
            day = date == null ? budget.today(t) : java.time.LocalDate.parse(date);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.validation("date must be YYYY-MM-DD", java.util.Map.of("date", date));
        }
        LlmBudget.Spend spend = budget.spend(tenantId, day);
        BigDecimal limit = t.settings().dailyLlmBudgetUsd();
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("tenantId", tenantId);
        out.put("date", spend.date());
        out.put("timezone", t.timezone());
        out.put("totalUsd", spend.totalUsd());
        out.put("byModel", spend.byModel());
        out.put("budgetUsd", limit);
        out.put("budgetRemainingUsd", limit.subtract(spend.totalUsd()).max(BigDecimal.ZERO).stripTrailingZeros());
        return out;
    }

    /**
     * Whether the tenant can be served now, and what to look at: the checks (stored, Instagram token usable, Meta not
     * throttling it, budget left today, no social account to reconnect or with an ended token), each social account's
     * token state and expiry, Meta's throttling, the day's budget, the last publish and the last report.
     */
    public java.util.Map<String, Object> health(Principal caller, String tenantId) {
        Tenant t = present(owned(caller, tenantId).tenant());
        Instant now = clock.instant();
        LlmBudget.Spend spend = budget.spend(tenantId, budget.today(t));
        BigDecimal limit = t.settings().dailyLlmBudgetUsd();
        boolean tokenValid = Tenant.TOKEN_VALID.equals(t.igTokenStatus());
        boolean budgetOk = spend.totalUsd().compareTo(limit) < 0;
        Optional<Instant> throttledUntil = store.throttledUntil(tenantId).filter(u -> u.isAfter(now));
        boolean rateLimitOk = throttledUntil.isEmpty();
        java.util.List<java.util.Map<String, Object>> accounts = new java.util.ArrayList<>();
        // the social accounts a person must connect again (a refused token or refresh), by id
        java.util.List<java.util.Map<String, Object>> reconnect = new java.util.ArrayList<>();
        boolean accountsOk = true;
        for (SocialAccounts.Stored stored : social.allStored(tenantId)) {
            SocialAccount a = stored.account();
            if (a.status() == AccountStatus.REVOKED) {
                continue;
            }
            SocialAccounts.TokenState state = SocialAccounts.tokenState(stored, now);
            accountsOk &= !state.problem();
            java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
            one.put("id", a.accountId());
            one.put("platform", a.platform());
            one.put("handle", a.handle());
            one.put("status", a.status().wire());
            one.put("statusReason", a.statusReason());
            one.put("tokenState", state.wire());
            one.put("tokenExpiresAt", a.tokenExpiresAt());
            accounts.add(one);
            if (a.status() == AccountStatus.RECONNECT_REQUIRED) {
                java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
                r.put("id", a.accountId());
                r.put("platform", a.platform());
                r.put("statusReason", a.statusReason());
                reconnect.add(r);
            }
        }
        java.util.Map<String, Object> checks = new java.util.LinkedHashMap<>();
        checks.put("db", true);
        checks.put("tokenValid", tokenValid);
        checks.put("rateLimitOk", rateLimitOk);
        checks.put("budgetOk", budgetOk);
        checks.put("socialAccountsOk", accountsOk);
        boolean healthy = tokenValid && rateLimitOk && budgetOk && accountsOk && TenantStatus.ACTIVE.equals(t.status());
        java.util.Map<String, Object> instagram = new java.util.LinkedHashMap<>();
        instagram.put("tokenStatus", t.igTokenStatus());
        instagram.put("tokenExpiresAt", t.tokenExpiresAt());
        java.util.Map<String, Object> rate = new java.util.LinkedHashMap<>();
        rate.put("ok", rateLimitOk);
        rate.put("metaThrottledUntil", throttledUntil.orElse(null));
        java.util.Map<String, Object> money = new java.util.LinkedHashMap<>();
        money.put("date", spend.date());
        money.put("budgetUsd", limit);
        money.put("spentUsd", spend.totalUsd());
        money.put("remainingUsd", limit.subtract(spend.totalUsd()).max(BigDecimal.ZERO).stripTrailingZeros());
        money.put("ok", budgetOk);
        Activity.Latest latest = activity.latest(tenantId);
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("tenantId", tenantId);
        out.put("status", healthy ? "healthy" : "degraded");
        out.put("checks", checks);
        out.put("instagram", instagram);
        out.put("socialAccounts", accounts);
        out.put("socialAccountsToReconnect", reconnect);
        out.put("rateLimit", rate);
        out.put("budget", money);
        out.put("lastPublish", latest.lastPublishAt() == null ? null
                : java.util.Map.of("at", latest.lastPublishAt(), "platform", latest.lastPublishPlatform()));
        out.put("lastReport", latest.lastReport() == null ? null : latest.lastReport());
        return out;
    }

    /** Soft delete: the tenant stays (its history matters) but becomes {@code inactive}. */
    public Tenant deactivate(Principal caller, String tenantId) {
        Stored before = owned(caller, tenantId);
        Tenant t = before.tenant();
        if (TenantStatus.INACTIVE.equals(t.status())) {
            return present(t);
        }
        Tenant after = new Tenant(t.id(), t.accountId(), t.name(), t.igHandle(), t.igUserId(), t.igTokenStatus(),
                t.tokenExpiresAt(), t.brandVoice(), t.noGoTopics(), TenantStatus.INACTIVE, t.timezone(), t.settings(),
                t.version() + 1, t.createdAt(), clock.instant());
        store.update(before, new Stored(after, before.tokenEnvelope()));
        return present(after);
    }

    /** The tenant if the caller may see it; another account's tenant is indistinguishable from none (404). */
    Stored owned(Principal caller, String tenantId) {
        if (!Ids.looksLike("tnt", tenantId)) {
            throw ApiException.notFound("tenant " + tenantId);
        }
        return store.load(tenantId)
                .filter(s -> caller.canSee(s.tenant().accountId(), s.tenant().id()))
                .orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
    }

    static String tokenContext(String tenantId) {
        return com.socialwire.shared.tenants.TenantProfiles.tokenContext(tenantId);
    }

    /** A stored token past its expiry shows as expired even before a worker notices. */
    private Tenant present(Tenant t) {
        if (Tenant.TOKEN_VALID.equals(t.igTokenStatus()) && t.tokenExpiresAt() != null
                && t.tokenExpiresAt().isBefore(clock.instant())) {
            return t.withTokenStatus(Tenant.TOKEN_EXPIRED);
        }
        return t;
    }

    private record Draft(String name, String igHandle, String igUserId, String token, Instant tokenExpiresAt,
                         String brandVoice, List<String> noGoTopics, String status, String timezone,
                         TenantSettings settings, boolean clearToken) {
    }

    /** Applies the body's fields over {@code base}; problems are collected in {@code in}. */
    private static Draft read(JsonBody in, Draft base) {
        String igHandle = in.isNull("igHandle") ? null : in.string("igHandle", false, 1, 31)
                .map(h -> h.startsWith("@") ? h.substring(1) : h)
                .filter(h -> valid(in, "igHandle", IG_HANDLE.matcher(h).matches(), "must be an Instagram username: letters, digits, '.' and '_', at most 30"))
                .orElse(in.has("igHandle") ? null : base.igHandle);
        String igUserId = in.isNull("igUserId") ? null : in.string("igUserId", false, 1, 32)
                .filter(v -> valid(in, "igUserId", IG_USER_ID.matcher(v).matches(), "must be the numeric Instagram user id"))
                .orElse(in.has("igUserId") ? null : base.igUserId);
        String token = in.isNull("igAccessToken") ? null : in.string("igAccessToken", false, 10, 1024).orElse(null);
        Instant tokenExpiresAt = in.isNull("igTokenExpiresAt") ? null : in.string("igTokenExpiresAt", false, 1, 40)
                .flatMap(v -> instant(in, "igTokenExpiresAt", v))
                .orElse(in.has("igTokenExpiresAt") ? null : base.tokenExpiresAt);
        String brandVoice = in.isNull("brandVoice") ? null : in.string("brandVoice", false, 0, 2000).orElse(base.brandVoice);
        List<String> noGo = in.isNull("noGoTopics") ? List.of() : in.strings("noGoTopics", 50, 100).orElse(base.noGoTopics);
        String status = in.oneOf("status", false, TenantStatus.ALL).orElse(base.status);
        String timezone = in.string("timezone", false, 1, 64)
                .filter(z -> valid(in, "timezone", Zones.IDS.contains(z), "must be an IANA time zone such as Europe/Berlin"))
                .orElse(base.timezone);
        TenantSettings settings = in.object("settings", SETTINGS_FIELDS).map(s -> {
            TenantSettings b = base.settings;
            return new TenantSettings(
                    s.bool("requiresQaApproval").orElse(b.requiresQaApproval()),
                    s.bool("requiresClientApproval").orElse(b.requiresClientApproval()),
                    s.oneOf("deliveryMode", false, DELIVERY_MODES).orElse(b.deliveryMode()),
                    s.decimal("dailyLlmBudgetUsd", BigDecimal.ZERO, new BigDecimal("10000"), 6).orElse(b.dailyLlmBudgetUsd()),
                    s.bool("autoReplyComments").orElse(b.autoReplyComments()),
                    s.bool("autoReplyDms").orElse(b.autoReplyDms()),
                    s.oneOf("spamAction", false, TenantSettings.SPAM_ACTIONS).orElse(b.spamAction()),
                    s.oneOf("noGoAction", false, TenantSettings.NO_GO_ACTIONS).orElse(b.noGoAction()),
                    s.isNull("engagementTopics") ? List.of() : s.strings("engagementTopics", 10, 100).orElse(b.engagementTopics()),
                    s.isNull("branding") ? Branding.NONE : s.object("branding", BRANDING_FIELDS)
                            .map(br -> branding(br, b.branding())).orElse(b.branding()));
        }).orElse(base.settings);
        return new Draft(base.name, igHandle, igUserId, token, tokenExpiresAt, brandVoice, noGo, status, timezone,
                settings, in.isNull("igAccessToken"));
    }

    /**
     * The body's branding over {@code base}, field by field (absent: kept, null: cleared): colours are {@code #rrggbb}
     * (stored in lower case), the logo a media id; a string of the wrong shape is unprocessable (422). Whether the
     * logo is one of the tenant's images is {@link #checkLogo}'s.
     */
    private static Branding branding(JsonBody in, Branding base) {
        String primary = color(in, "primaryColor", base.primaryColor());
        String accent = color(in, "accentColor", base.accentColor());
        String logo = in.isNull("logoMediaId") ? null : in.string("logoMediaId", false, 1, 100)
                .filter(v -> {
                    boolean ok = Ids.looksLike("med", v);
                    if (!ok) {
                        in.rejectUnprocessable("logoMediaId", "must be a media id (med_…) of this tenant's media library");
                    }
                    return ok;
                })
                .orElse(in.has("logoMediaId") ? null : base.logoMediaId());
        Branding b = new Branding(primary, accent, logo);
        return b.isEmpty() ? Branding.NONE : b;
    }

    private static String color(JsonBody in, String field, String base) {
        if (in.isNull(field)) {
            return null;
        }
        if (!in.has(field)) {
            return base;
        }
        Optional<String> v = in.string(field, false, 0, 100);
        if (v.isEmpty()) {
            return base; // not a string: the body's error says so
        }
        String c = Branding.color(v.get());
        if (c == null) {
            in.rejectUnprocessable(field, "must be a colour as #rrggbb, such as #1a73e8");
        }
        return c;
    }

    /**
     * A logo the body names must be one of this tenant's images or GIFs (not deleted, not failed); anything else is
     * unprocessable (422). Another tenant's media id reads as absent.
     */
    private void checkLogo(JsonBody in, ObjectNode body, String tenantId) {
        com.fasterxml.jackson.databind.JsonNode logo = body.path("settings").path("branding").path("logoMediaId");
        if (!logo.isTextual() || !Ids.looksLike("med", logo.asText().strip())) {
            return; // absent, null, or refused by its shape already
        }
        String mediaId = logo.asText().strip();
        Optional<MediaRef> ref = media.find(tenantId, mediaId);
        String field = "settings.branding.logoMediaId";
        if (ref.isEmpty()) {
            in.rejectUnprocessable(field, "no media " + mediaId + " in this tenant's media library");
        } else if (!LOGO_KINDS.contains(ref.get().kind())) {
            in.rejectUnprocessable(field, "must be an image (media " + mediaId + " is a " + ref.get().kind() + ")");
        } else if ("failed".equals(ref.get().status())) {
            in.rejectUnprocessable(field, "media " + mediaId + " failed processing; upload the logo again");
        }
    }

    private static boolean valid(JsonBody in, String field, boolean ok, String message) {
        if (!ok) {
            in.reject(field, message);
        }
        return ok;
    }

    private static Optional<Instant> instant(JsonBody in, String field, String value) {
        try {
            return Optional.of(IsoInstant.parse(value));
        } catch (DateTimeParseException e) {
            in.reject(field, "must be an ISO-8601 UTC timestamp such as 2026-12-31T00:00:00Z");
            return Optional.empty();
        }
    }
}
