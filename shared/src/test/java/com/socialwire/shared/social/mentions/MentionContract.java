package com.socialwire.shared.social.mentions;

import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What the mention sources' contract tests share: a fixed clock, an account, and the result checks. */
final class MentionContract {

    static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");

    private MentionContract() {
    }

    static PlatformHttp http() {
        return http(NOW);
    }

    static PlatformHttp http(Instant now) {
        return new PlatformHttp(ProviderHttp.newClient(), Duration.ofSeconds(20), Clock.fixed(now, ZoneOffset.UTC));
    }

    static Target target(String platform, String externalId, String handle, String instance, String token) {
        return new Target(new SocialAccount("ten_1", "sa_" + platform, platform, externalId, handle, "Bloom Bakery", null, "profile",
                instance, List.of(), null, AccountStatus.CONNECTED, null, true, NOW, NOW, 1), token);
    }

    @SuppressWarnings("unchecked")
    static <T> T ok(PlatformResult<T> r) {
        return ((PlatformResult.Ok<T>) assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r))).value();
    }
}
