package com.socialwire.shared.tenants;

import java.util.Set;

/** The lifecycle states of a tenant; DELETE makes it inactive. */
public final class TenantStatus {
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String INACTIVE = "inactive";
    public static final Set<String> ALL = Set.of(ACTIVE, PAUSED, INACTIVE);

    private TenantStatus() {
    }
}
