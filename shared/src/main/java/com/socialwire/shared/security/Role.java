package com.socialwire.shared.security;

import java.util.Locale;

/** What an API key may do in its account (SPEC §3). */
public enum Role {
    /** Everything in the account, keys and billing included. */
    ADMIN,
    /** Create and change content; no keys, no billing. */
    WRITE,
    /** GET only. */
    READ,
    /** A client approver: only the listed tenants, only the routes that say so. */
    CLIENT;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
