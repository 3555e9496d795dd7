package com.socialwire.shared.tenants;

import com.socialwire.shared.store.AttrValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tenant's branding in its item: written only when set, read back as written, and absent or odd in old items reads as none. */
class TenantRecordsBrandingTest {

    static Tenant tenant(TenantSettings settings) {
        Instant at = Instant.parse("2026-12-05T10:00:00Z");
        return new Tenant("tnt_a1", "acct_a1", "Bloom", null, null, Tenant.TOKEN_NONE, null, null, List.of(), "active", "UTC",
                settings, 3, at, at);
    }

    @Test
    void brandingRoundTripsThroughTheItem() {
        for (Branding b : List.of(new Branding("#1a73e8", "#ff00aa", "med_logo1"), new Branding(null, "#000000", null),
                new Branding("#ffffff", null, null), new Branding(null, null, "med_x"))) {
            TenantSettings s = TenantSettings.DEFAULTS.withBranding(b);
            Tenant back = TenantRecords.fromItem(TenantRecords.toItem(tenant(s), null));
            assertEquals(b, back.settings().branding());
            assertEquals(s, back.settings());
        }
    }

    @Test
    void noBrandingWritesNothingAndReadsAsNone() {
        Map<String, AttrValue> item = TenantRecords.toItem(tenant(TenantSettings.DEFAULTS), null);
        assertFalse(item.get("settings").m().containsKey("branding"), item.toString());
        assertSame(Branding.NONE, TenantRecords.fromItem(item).settings().branding());
        assertTrue(TenantSettings.DEFAULTS.branding().isEmpty());
    }

    @Test
    void anItemWithoutSettingsOrWithOddBrandingReadsAsNone() {
        Map<String, AttrValue> item = new HashMap<>(TenantRecords.toItem(tenant(TenantSettings.DEFAULTS), null));
        item.remove("settings");
        assertEquals(Branding.NONE, TenantRecords.fromItem(item).settings().branding());
        Map<String, AttrValue> settings = new HashMap<>(TenantRecords.toItem(tenant(TenantSettings.DEFAULTS), null).get("settings").m());
        settings.put("branding", AttrValue.fromM(Map.of("primaryColor", AttrValue.fromS("red"), "accentColor", AttrValue.fromS("#ABCDEF"))));
        item.put("settings", AttrValue.fromM(settings));
        Branding read = TenantRecords.fromItem(item).settings().branding();
        assertNull(read.primaryColor(), "a colour that is not #rrggbb is not shown");
        assertEquals("#abcdef", read.accentColor());
    }

    @Test
    void theOlderConstructorsKeepWorkingWithoutBranding() {
        TenantSettings nine = new TenantSettings(true, false, "both", new BigDecimal("2.50"), false, true, "hide", "escalate", List.of("soup"));
        TenantSettings eight = new TenantSettings(true, false, "both", new BigDecimal("2.5"), false, true, "hide", "escalate");
        assertSame(Branding.NONE, nine.branding());
        assertSame(Branding.NONE, eight.branding());
        assertSame(Branding.NONE, new TenantSettings(true, false, "both", null, false, true, "hide", "escalate", null, null).branding());
        assertEquals("TenantSettings[requiresQaApproval=true, requiresClientApproval=false, deliveryMode=both, dailyLlmBudgetUsd=null, "
                        + "autoReplyComments=false, autoReplyDms=true, spamAction=hide, noGoAction=escalate, engagementTopics=[], "
                        + "branding=Branding[primaryColor=null, accentColor=null, logoMediaId=null]]",
                new TenantSettings(true, false, "both", null, false, true, "hide", "escalate", null, null).toString());
    }
}
