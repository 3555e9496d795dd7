package com.socialwire.shared.social;

import java.util.Locale;

/** Whether a social account can be published to; stored and shown as its wire name. */
public enum AccountStatus {
    /** Its token works (as far as we last saw). */
    CONNECTED,
    /** The platform refused its token or its refresh: a person must connect it again; deliveries to it wait or fail saying so. */
    RECONNECT_REQUIRED,
    /** Disconnected by the tenant (kept for the history of its deliveries; its tokens are deleted). */
    REVOKED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of that wire name; an unknown one reads as {@link #RECONNECT_REQUIRED} (never publish on a guess). */
    public static AccountStatus of(String wire) {
        if (wire != null) {
            for (AccountStatus s : values()) {
                if (s.wire().equals(wire)) {
                    return s;
                }
            }
        }
        return RECONNECT_REQUIRED;
    }
}
