package com.socialwire.shared.social.oauth;

import com.socialwire.shared.social.PlatformResult;

/**
 * A platform call failed where the SPI answers a plain value, not a {@link PlatformResult}: Mastodon's app
 * registration behind {@code Connector.authorizeUrl}. The caller maps {@link #result()} like any other failure
 * (a 503 for {@link PlatformResult.Transient}, a 4xx naming the instance for {@link PlatformResult.Rejected}). The
 * message is already free of secrets.
 */
public final class PlatformCallFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PlatformResult<?> result;

    public PlatformCallFailed(PlatformResult<?> result) {
        super(String.valueOf(result), null, false, false);
        this.result = result;
    }

    public PlatformResult<?> result() {
        return result;
    }
}
