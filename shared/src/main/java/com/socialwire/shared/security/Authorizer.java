package com.socialwire.shared.security;

import com.socialwire.shared.Config;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ErrorCode;

import java.util.Locale;
import java.util.Optional;

/**
 * The one authorisation mechanism: turns the request's bearer key into a {@link Principal} and
 * checks it against the route's {@link Access}. A missing or wrong key is 401; nothing is open
 * unless its route says {@link Access#PUBLIC}.
 */
public final class Authorizer {

    private final Optional<String> ownerKeySha256;

    public Authorizer(Config config) {
        this.ownerKeySha256 = config.get("OWNER_ADMIN_KEY_SHA256").map(s -> s.toLowerCase(Locale.ROOT));
    }

    public Principal authorize(ApiRequest request, Access access) {
        if (access == Access.PUBLIC) {
            return Principal.ANONYMOUS;
        }
        String key = bearerKey(request);
        String hash = Hashing.sha256Hex(key);
        if (ownerKeySha256.isPresent() && Hashing.constantTimeEquals(hash, ownerKeySha256.get())) {
            return Principal.owner();
        }
        throw unauthorized("the API key is not valid");
    }

    static String bearerKey(ApiRequest request) {
        String header = request.header("authorization")
                .orElseThrow(() -> unauthorized("missing Authorization header; send 'Authorization: Bearer <api key>'"));
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized("malformed Authorization header; expected 'Bearer <api key>'");
        }
        String key = header.substring(7).trim();
        if (key.isEmpty() || key.length() > 200) {
            throw unauthorized("malformed API key");
        }
        return key;
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message);
    }
}
