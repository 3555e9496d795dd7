package com.socialwire.shared.social;

import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.AttrValue;

import java.util.Map;

/**
 * A {@link Grant} as item attributes under a name prefix: its two tokens each sealed by {@link SecretCipher}, bound to
 * {@code context} and to which token it is (a sealed access token cannot be opened as a refresh token, nor as another
 * account's), the rest (expiries, scopes, rotation) in the clear. One codec for the accounts and the pending selections.
 */
public final class GrantSeal {

    private GrantSeal() {
    }

    /** Writes {@code grant} into {@code item} under {@code prefix} (a null grant writes nothing). */
    public static Item put(Item item, String prefix, Grant grant, SecretCipher cipher, String context) {
        if (grant == null) {
            return item;
        }
        if (grant.accessToken() != null && !grant.accessToken().isBlank()) {
            item.s(prefix + "AccessEnc", cipher.encrypt(grant.accessToken(), context + ":access"));
        }
        if (grant.refreshToken() != null && !grant.refreshToken().isBlank()) {
            item.s(prefix + "RefreshEnc", cipher.encrypt(grant.refreshToken(), context + ":refresh"));
        }
        return item.instant(prefix + "ExpiresAt", grant.expiresAt())
                .instant(prefix + "RefreshExpiresAt", grant.refreshExpiresAt())
                .strings(prefix + "Scopes", grant.scopes())
                .bool(prefix + "Rotates", grant.rotates());
    }

    /** The grant stored under {@code prefix}, or null if there is none (no access token). */
    public static Grant read(Map<String, AttrValue> item, String prefix, SecretCipher cipher, String context) {
        String access = Item.s(item, prefix + "AccessEnc");
        if (access == null) {
            return null;
        }
        String refresh = Item.s(item, prefix + "RefreshEnc");
        return new Grant(cipher.decrypt(access, context + ":access"),
                refresh == null ? null : cipher.decrypt(refresh, context + ":refresh"),
                Item.instant(item, prefix + "ExpiresAt"), Item.instant(item, prefix + "RefreshExpiresAt"),
                Item.strings(item, prefix + "Scopes"), Boolean.TRUE.equals(Item.bool(item, prefix + "Rotates")));
    }

    /** True if {@code name} is one of the attributes {@link #put} writes under {@code prefix}. */
    static boolean isGrantAttribute(String name, String prefix) {
        return name.startsWith(prefix) && switch (name.substring(prefix.length())) {
            case "AccessEnc", "RefreshEnc", "ExpiresAt", "RefreshExpiresAt", "Scopes", "Rotates" -> true;
            default -> false;
        };
    }
}
