package com.socialwire.shared.tenants;

import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;

import java.util.HashMap;
import java.util.Map;

/**
 * A tenant's row in the single table ({@code TENANT#{id}} / {@code PROFILE}): the one mapping,
 * used by the tenants function that writes it and by every context that reads a tenant.
 */
public final class TenantRecords {

    public static final String PROFILE = "PROFILE";

    private TenantRecords() {
    }

    public static String pk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    /** The lock row that gives an Instagram account to one tenant. */
    public static String igUserLockKey(String igUserId) {
        return "IGUSER#" + igUserId;
    }

    public static final String IG_USER_LOCK_SK = "TENANT";

    public static String listKey(String accountId) {
        return "ACCOUNT#" + accountId + "#TENANTS";
    }

    public static Map<String, AttrValue> toItem(Tenant t, String tokenEnvelope) {
        TenantSettings s = t.settings();
        Map<String, AttrValue> settings = Item.create()
                .bool("requiresQaApproval", s.requiresQaApproval())
                .bool("requiresClientApproval", s.requiresClientApproval())
                .s("deliveryMode", s.deliveryMode())
                .n("dailyLlmBudgetUsd", s.dailyLlmBudgetUsd())
                .bool("autoReplyComments", s.autoReplyComments())
                .bool("autoReplyDms", s.autoReplyDms())
                .s("spamAction", s.spamAction())
                .s("noGoAction", s.noGoAction())
                .strings("engagementTopics", s.engagementTopics().isEmpty() ? null : s.engagementTopics())
                .map("branding", branding(s.branding()))
                .build();
        Map<String, AttrValue> item = new HashMap<>(Item.create()
                .s(Table.PK, pk(t.id())).s(Table.SK, PROFILE)
                .s(Table.GSI1PK, listKey(t.accountId())).s(Table.GSI1SK, t.createdAt() + "#" + t.id())
                .s("type", "tenant")
                .s("id", t.id()).s("accountId", t.accountId()).s("name", t.name())
                .s("igHandle", t.igHandle()).s("igUserId", t.igUserId())
                .s("igTokenStatus", tokenEnvelope == null ? Tenant.TOKEN_NONE : t.igTokenStatus())
                .s("igAccessTokenEnc", tokenEnvelope)
                .instant("tokenExpiresAt", tokenEnvelope == null ? null : t.tokenExpiresAt())
                .s("brandVoice", t.brandVoice())
                .strings("noGoTopics", t.noGoTopics())
                .s("status", t.status()).s("timezone", t.timezone())
                .map("settings", settings)
                .n("version", t.version())
                .instant("createdAt", t.createdAt()).instant("updatedAt", t.updatedAt())
                .build());
        return item;
    }

    public static Tenant fromItem(Map<String, AttrValue> i) {
        Map<String, AttrValue> s = Item.map(i, "settings");
        TenantSettings d = TenantSettings.DEFAULTS;
        TenantSettings settings = new TenantSettings(
                orElse(Item.bool(s, "requiresQaApproval"), d.requiresQaApproval()),
                orElse(Item.bool(s, "requiresClientApproval"), d.requiresClientApproval()),
                orElse(Item.s(s, "deliveryMode"), d.deliveryMode()),
                orElse(Item.decimal(s, "dailyLlmBudgetUsd"), d.dailyLlmBudgetUsd()),
                orElse(Item.bool(s, "autoReplyComments"), d.autoReplyComments()),
                orElse(Item.bool(s, "autoReplyDms"), d.autoReplyDms()),
                orElse(Item.s(s, "spamAction"), d.spamAction()),
                orElse(Item.s(s, "noGoAction"), d.noGoAction()),
                Item.strings(s, "engagementTopics"),
                branding(Item.map(s, "branding")));
        return new Tenant(Item.s(i, "id"), Item.s(i, "accountId"), Item.s(i, "name"), Item.s(i, "igHandle"),
                Item.s(i, "igUserId"), orElse(Item.s(i, "igTokenStatus"), Tenant.TOKEN_NONE),
                Item.instant(i, "tokenExpiresAt"), Item.s(i, "brandVoice"), Item.strings(i, "noGoTopics"),
                Item.s(i, "status"), Item.s(i, "timezone"), settings, orElse(Item.n(i, "version"), 1L),
                Item.instant(i, "createdAt"), Item.instant(i, "updatedAt"));
    }

    /** The branding's map in the settings, absent when nothing is set (an item written before branding reads the same). */
    static Map<String, AttrValue> branding(Branding b) {
        return b == null || b.isEmpty() ? null : Item.create()
                .s("primaryColor", b.primaryColor()).s("accentColor", b.accentColor()).s("logoMediaId", b.logoMediaId())
                .build();
    }

    static Branding branding(Map<String, AttrValue> m) {
        Branding b = new Branding(Branding.color(Item.s(m, "primaryColor")), Branding.color(Item.s(m, "accentColor")),
                Item.s(m, "logoMediaId"));
        return b.isEmpty() ? Branding.NONE : b;
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
