package com.socialwire.shared.security;

/** Who is calling, once their key has been checked. */
public record Principal(Kind kind, String accountId, String keyId) {

    public enum Kind { ANONYMOUS, OWNER }

    public static final Principal ANONYMOUS = new Principal(Kind.ANONYMOUS, null, null);

    /** The platform owner: holder of the key whose hash is {@code OWNER_ADMIN_KEY_SHA256}. */
    public static Principal owner() {
        return new Principal(Kind.OWNER, "owner", "owner");
    }

    public boolean isOwner() {
        return kind == Kind.OWNER;
    }
}
