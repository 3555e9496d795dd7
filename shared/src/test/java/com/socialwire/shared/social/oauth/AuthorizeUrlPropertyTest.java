package com.socialwire.shared.social.oauth;

import com.socialwire.shared.logging.CapturedLog;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded property: whatever the state, redirect URI, scopes and separator, the authorize URL parses back (as a URI and
 * as {@code application/x-www-form-urlencoded} pairs) to exactly the parameters given, with nothing unescaped that a
 * browser or the platform could read differently.
 */
class AuthorizeUrlPropertyTest {

    private static final long SEED = Long.getLong("seed", 20261204L);
    private static final String ALPHABET = "abcXYZ019-._~ :/?#[]@!$&'()*+,;=%\"<>\\^`{|}éß漢😀\t";

    @Test
    void everyAuthorizeUrlRoundTripsThroughUrlParsing() {
        Random random = new Random(SEED);
        PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), Duration.ofSeconds(1), Clock.systemUTC(), new CapturedLog().logger());
        for (int i = 0; i < 2000; i++) {
            String context = "seed " + SEED + ", case " + i;
            boolean pkce = random.nextBoolean();
            String separator = random.nextBoolean() ? " " : ",";
            List<String> scopes = new ArrayList<>();
            for (int k = 1 + random.nextInt(5); k > 0; k--) {
                scopes.add(text(random, 1 + random.nextInt(12)).replace(separator, "_"));
            }
            Map<String, String> extra = random.nextBoolean() ? Map.of("access_type", "offline", "prompt", "consent") : Map.of();
            String base = random.nextBoolean() ? "https://x.com/i/oauth2/authorize" : "https://www.pinterest.com/oauth/?x=1";
            OAuth2Spec spec = new OAuth2Spec("p", URI.create(base), URI.create("https://t.example/token"),
                    OAuth2Spec.ClientAuth.BODY, pkce, separator, scopes, extra, Map.of(), false, false);
            String clientId = text(random, 1 + random.nextInt(20)).replaceAll("\\s", "") + "c";
            String state = text(random, 1 + random.nextInt(40)) + "s";
            URI redirect = URI.create("https://app.example:8443/oauth/p/callback?tenant=" + PlatformHttp.component(text(random, 8)));
            String challenge = Pkce.challenge(Pkce.verifier());

            URI url = new OAuth2Flow(spec, new OAuth2Client(clientId, "secret"), http)
                    .authorizeUrl(state, pkce ? challenge : null, redirect);

            URI reparsed = URI.create(url.toString());
            assertEquals(URI.create(base).getHost(), reparsed.getHost(), context);
            String query = url.getRawQuery();
            assertTrue(query.matches("[A-Za-z0-9\\-._~%=&]*"), context + ": unescaped character in " + query);
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            Map<String, String> expected = new LinkedHashMap<>();
            if (base.contains("?x=1")) {
                expected.put("x", "1");
            }
            expected.put("response_type", "code");
            expected.put("client_id", clientId);
            expected.put("redirect_uri", redirect.toString());
            expected.put("scope", String.join(separator, scopes));
            expected.put("state", state);
            if (pkce) {
                expected.put("code_challenge", challenge);
                expected.put("code_challenge_method", "S256");
            }
            expected.putAll(extra);
            assertEquals(expected, params, context);
        }
    }

    private static String text(Random random, int length) {
        StringBuilder s = new StringBuilder();
        int[] cps = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return s.toString();
    }
}
