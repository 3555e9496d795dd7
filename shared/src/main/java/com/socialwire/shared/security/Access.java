package com.socialwire.shared.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a route demands of its caller. Every route declares one; there is no default, and the
 * route-registry tests refuse public routes that are not on their allow-list.
 *
 * @param isPublic        no key needed (health, signup, webhooks that carry their own signatures)
 * @param ownerOnly       only the platform owner key
 * @param roles           the key roles allowed (others get 403)
 * @param perMinuteLimit  a tighter per-key limit for this route class (0 = the defaults only)
 * @param limitClass      the name the tighter limit is counted under (e.g. {@code ai})
 */
public record Access(boolean isPublic, boolean ownerOnly, Set<Role> roles, int perMinuteLimit, String limitClass) {

    public static final Access PUBLIC = new Access(true, false, Set.of(), 0, null);
    public static final Access OWNER = new Access(false, true, Set.of(), 0, null);

    /** Keys of these roles. */
    public static Access roles(Role first, Role... more) {
        return new Access(false, false, Set.copyOf(EnumSet.of(first, more)), 0, null);
    }

    /** Any key of the account (admin, write, read; client keys only on their tenants). */
    public static Access anyKey() {
        return roles(Role.ADMIN, Role.WRITE, Role.READ, Role.CLIENT);
    }

    /** The same access with a tighter per-key per-minute limit counted under {@code limitClass}. */
    public Access limitedTo(int perMinute, String limitClass) {
        return new Access(isPublic, ownerOnly, roles, perMinute, limitClass);
    }
}
