package com.socialwire.shared.social.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.providers.instagram.HttpGraphApi;
import com.socialwire.shared.social.PlatformResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The one way a connector calls a social platform: sends a request and maps the answer to a {@link PlatformResult}
 * once, for every platform. It reads the error shapes they use (RFC 6749 {@code error}/{@code error_description},
 * Meta's {@code error{message,type,code}}, Google's {@code error{code,message,errors[{reason}],status}}, X's problem
 * {@code title}/{@code detail}, LinkedIn's
 * {@code serviceErrorCode}/{@code message}, Pinterest's {@code code}/{@code message}, TikTok's
 * {@code error{code,message,log_id}}, whose successes carry {@code code: "ok"}) and never puts a secret of the
 * request (token, code, client secret, verifier) into a message or a log line: messages name the call by method and
 * path only, and every secret is scrubbed from what the platform answered.
 */
public final class PlatformHttp {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformHttp.class);
    private static final int MAX_MESSAGE = 300;
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final Logger log;
    /** Headers every call carries (Reddit's required User-Agent). */
    private final Map<String, String> always;

    public PlatformHttp(HttpClient http, Duration timeout, Clock clock) {
        this(http, timeout, clock, LOG);
    }

    /** {@code log}: where failures are logged (tests read it to prove no secret reaches a log line). */
    public PlatformHttp(HttpClient http, Duration timeout, Clock clock, Logger log) {
        this(http, timeout, clock, log, Map.of());
    }

    private PlatformHttp(HttpClient http, Duration timeout, Clock clock, Logger log, Map<String, String> always) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.always = Map.copyOf(always);
    }

    /**
     * The same client, every call also carrying header {@code name} (Reddit refuses or throttles calls without a
     * descriptive {@code User-Agent}: platforms.md §10.1).
     */
    public PlatformHttp withHeader(String name, String value) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(always);
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new PlatformHttp(http, timeout, clock, log, headers);
    }

    /** A client of its own ({@link ProviderHttp#newClient()}) with this request timeout. */
    public static PlatformHttp create(Duration timeout) {
        return new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.systemUTC());
    }

    public Clock clock() {
        return clock;
    }

    /**
     * One call. {@code unsafe}: the request may change something at the platform (a token call spends the code or a
     * rotating refresh token): once sent, a timeout or a broken connection is {@link PlatformResult.Unknown}; a safe
     * read is {@link PlatformResult.Transient} then. {@code parse} answers null when a 2xx body is not what was
     * expected. {@code secrets}: the values to scrub from anything shown.
     */
    public <T> PlatformResult<T> send(HttpRequest.Builder request, String what, boolean unsafe,
                                      Collection<String> secrets, Function<JsonNode, T> parse) {
        return exchange(request, what, unsafe, secrets, response -> {
            JsonNode body = ProviderHttp.jsonOrNull(response.body());
            return body == null ? null : parse.apply(body);
        });
    }

    /**
     * {@link #send} for an answer whose result is not (only) its JSON body — a created resource's id in a header
     * (LinkedIn's {@code x-restli-id}), an upload's empty 201: {@code parse} gets the whole 2xx response and answers
     * null when the result is not there. Failures are mapped as {@link #send} maps them.
     */
    public <T> PlatformResult<T> exchange(HttpRequest.Builder request, String what, boolean unsafe,
                                          Collection<String> secrets, Function<HttpResponse<String>, T> parse) {
        return exchange(request, what, unsafe, secrets, status -> false, parse);
    }

    /**
     * {@link #exchange} where statuses besides 2xx are answers for {@code parse} too ({@code answers}): Google's
     * resumable upload answers {@code 308 Resume Incomplete} with the bytes it holds in {@code Range}.
     */
    public <T> PlatformResult<T> exchange(HttpRequest.Builder request, String what, boolean unsafe, Collection<String> secrets,
                                          IntPredicate answers, Function<HttpResponse<String>, T> parse) {
        HttpResponse<String> response;
        always.forEach(request::setHeader);
        try {
            response = http.send(request.timeout(timeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // Nothing was sent: always safe to try again.
            return failed(new PlatformResult.Transient<>(0, "connect_failed", what + ": cannot connect", 0));
        } catch (HttpTimeoutException e) {
            return afterSend(unsafe, what, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return afterSend(unsafe, what, "I/O error " + e.getClass().getSimpleName() + ": "
                    + scrub(e.getMessage(), secrets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return afterSend(unsafe, what, "interrupted");
        }
        return map(response, what, unsafe, secrets, answers, parse);
    }

    /** A GET with a bearer token (safe: a read). */
    public <T> PlatformResult<T> get(URI uri, String accessToken, Map<String, String> headers, String what,
                                     Function<JsonNode, T> parse) {
        if (!usableToken(accessToken)) {
            return new PlatformResult.AuthFailed<>(0, "no_token", what + ": no usable access token");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Authorization", "Bearer " + accessToken);
        headers.forEach(request::header);
        return send(request, what, false, List.of(accessToken), parse);
    }

    /**
     * A JSON POST with a bearer token (and {@code headers}, LinkedIn's version headers); {@code unsafe}: it may change
     * what the audience sees (a reply, a comment), so an answer lost after sending is {@link PlatformResult.Unknown}.
     */
    public <T> PlatformResult<T> postJson(URI uri, String accessToken, Map<String, String> headers, JsonNode body, String what,
                                          boolean unsafe, Function<JsonNode, T> parse) {
        if (!usableToken(accessToken)) {
            return new PlatformResult.AuthFailed<>(0, "no_token", what + ": no usable access token");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(com.socialwire.shared.Json.write(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + accessToken);
        headers.forEach(request::header);
        return send(request, what, unsafe, List.of(accessToken), parse);
    }

    /** {@link #postJson} with a form-encoded body (Meta's Graph and Threads edges). */
    public <T> PlatformResult<T> postForm(URI uri, String accessToken, Map<String, String> form, String what, boolean unsafe,
                                          Function<JsonNode, T> parse) {
        if (!usableToken(accessToken)) {
            return new PlatformResult.AuthFailed<>(0, "no_token", what + ": no usable access token");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(formBody(form))
                .header("Content-Type", FORM)
                .header("Authorization", "Bearer " + accessToken);
        return send(request, what, unsafe, List.of(accessToken), parse);
    }

    /** A form-encoded POST body. */
    public static HttpRequest.BodyPublisher formBody(Map<String, String> params) {
        return HttpRequest.BodyPublishers.ofString(encode(params), StandardCharsets.UTF_8);
    }

    public static String formContentType() {
        return FORM;
    }

    /**
     * {@code application/x-www-form-urlencoded} pairs in the map's order, spaces as {@code %20} (X's and
     * LinkedIn's documented authorize URLs write scopes so; a literal plus stays {@code %2B}) and {@code *} as
     * {@code %2A}: nothing but RFC 3986's unreserved characters is left unescaped.
     */
    public static String encode(Map<String, String> params) {
        StringJoiner s = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                s.add(component(k) + "=" + component(v));
            }
        });
        return s.toString();
    }

    public static String component(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    // A token is printable ASCII; checking first keeps a malformed one out of the HttpClient's own exception text.
    static boolean usableToken(String token) {
        return token != null && !token.isEmpty() && token.length() <= 4096 && token.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private <T> PlatformResult<T> afterSend(boolean unsafe, String what, String why) {
        if (unsafe) {
            return failed(new PlatformResult.Unknown<>(what + ": " + why + "; it may or may not have taken effect"));
        }
        return failed(new PlatformResult.Transient<>(0, "no_answer", what + ": " + why, 0));
    }

    private <T> PlatformResult<T> map(HttpResponse<String> response, String what, boolean unsafe, Collection<String> secrets,
                                      IntPredicate answers, Function<HttpResponse<String>, T> parse) {
        int answered = response.statusCode();
        int status = answered;
        JsonNode body = ProviderHttp.jsonOrNull(response.body());
        Problem p = Problem.of(body);
        if (status >= 200 && status < 300 || answers.test(status)) {
            T value = parse.apply(response);
            if (value != null) {
                return new PlatformResult.Ok<>(value);
            }
            if (p.code.isEmpty() || "ok".equals(p.code)) {
                String m = what + ": HTTP " + status + " without the expected result";
                return failed(unsafe ? new PlatformResult.Unknown<>(m + "; it may or may not have taken effect")
                        : new PlatformResult.Rejected<>(status, "unexpected_answer", m));
            }
            // a refusal in a 2xx answer (TikTok's token endpoint answers its OAuth errors so): read as the 400 it means
            status = 400;
        }
        String message = what + ": HTTP " + answered + (p.code.isEmpty() ? "" : " " + p.code)
                + (p.text.isEmpty() ? (body == null ? " (not JSON)" : "") : ": " + ProviderHttp.clip(p.text, MAX_MESSAGE));
        message = scrub(message, secrets);
        String code = p.code.isEmpty() ? "http_" + status : ProviderHttp.clip(scrub(p.code, secrets), 80);
        PlatformResult<T> result;
        if (status == 401 || "invalid_grant".equals(p.code) || p.metaCode == 190 || p.metaCode == 102) {
            result = new PlatformResult.AuthFailed<>(status, code, message);
        } else if (status == 429 || status >= 500 || HttpGraphApi.isThrottle(p.metaCode) || p.metaTransient) {
            result = new PlatformResult.Transient<>(status, code, message, retryAfter(response.headers()));
        } else {
            result = new PlatformResult.Rejected<>(status, code, message);
        }
        return failed(result);
    }

    private <T> PlatformResult<T> failed(PlatformResult<T> result) {
        String message = switch (result) {
            case PlatformResult.Transient<T> t -> t.message();
            case PlatformResult.AuthFailed<T> a -> a.message();
            case PlatformResult.Rejected<T> r -> r.message();
            case PlatformResult.Unknown<T> u -> u.message();
            case PlatformResult.Ok<T> ok -> "ok";
        };
        log.warn("platform call failed ({}): {}", result.getClass().getSimpleName(), message);
        return result;
    }

    /**
     * Seconds to wait: {@code Retry-After} (seconds or an HTTP date), else X's {@code x-rate-limit-reset} (epoch
     * seconds), else Reddit's {@code x-ratelimit-reset} (seconds to the end of the window) or Mastodon's (the ISO time it ends), else 0.
     */
    long retryAfter(HttpHeaders headers) {
        long now = clock.instant().getEpochSecond();
        String after = headers.firstValue("Retry-After").orElse("").trim();
        if (!after.isEmpty()) {
            try {
                return Math.max(0, Long.parseLong(after));
            } catch (NumberFormatException e) {
                try {
                    return Math.max(0, ZonedDateTime.parse(after, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond() - now);
                } catch (DateTimeParseException ignored) {
                    // fall through to the platform's own header
                }
            }
        }
        String reset = headers.firstValue("x-rate-limit-reset").orElse("").trim();
        String window = headers.firstValue("x-ratelimit-reset").orElse("").trim();
        try {
            return !reset.isEmpty() ? Math.max(0, Long.parseLong(reset) - now)
                    : window.isEmpty() ? 0 : Math.max(0, (long) Math.ceil(Double.parseDouble(window)));
        } catch (NumberFormatException e) {
            // Mastodon's X-RateLimit-Reset is the ISO 8601 time the window ends (methods/rate-limits)
            try {
                return window.isEmpty() ? 0 : Math.max(0, com.socialwire.shared.IsoInstant.parse(window).getEpochSecond() - now);
            } catch (RuntimeException notATime) {
                return 0;
            }
        }
    }

    static String scrub(String text, Collection<String> secrets) {
        String s = text == null ? "" : text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                s = ProviderHttp.redact(s, secret);
                // a platform may quote it URL-encoded, spaces as %20 or +
                s = ProviderHttp.redact(s, component(secret));
                s = ProviderHttp.redact(s, URLEncoder.encode(secret, StandardCharsets.UTF_8));
            }
        }
        return s;
    }

    /**
     * An error body read in whichever of the platforms' shapes it has. {@code metaTransient}: the platform says to try
     * again (Meta's {@code is_transient}; Google's rate-limit and backend reasons).
     */
    private record Problem(String code, String text, int metaCode, boolean metaTransient) {

        /** Google's {@code errors[].reason}s that mean "try again later" (youtube/v3/docs/errors, core errors). */
        private static final Set<String> GOOGLE_TRANSIENT = Set.of("rateLimitExceeded",
                "userRateLimitExceeded", "backendError", "internalError");

        static Problem of(JsonNode body) {
            if (body == null || !body.isObject()) {
                return new Problem("", "", 0, false);
            }
            JsonNode error = body.get("error");
            if (error != null && error.isObject() && (error.path("errors").isArray() || error.path("status").isTextual())) { // Google
                String reason = error.path("errors").path(0).path("reason").asText(error.path("status").asText(""));
                return new Problem(reason, error.path("message").asText(""), 0, GOOGLE_TRANSIENT.contains(reason));
            }
            if (error != null && error.isObject() && error.path("code").isTextual()) { // TikTok: {code, message, log_id}
                return new Problem(error.path("code").asText(), error.path("message").asText(""), 0, false);
            }
            if (error != null && error.isObject()) { // Meta
                String type = error.path("type").asText("");
                int code = error.path("code").asInt(0);
                return new Problem(code != 0 ? "meta_" + code : type, error.path("message").asText(""), code,
                        error.path("is_transient").asBoolean(false));
            }
            if (error != null && error.isTextual()) { // RFC 6749, Mastodon
                return new Problem(error.asText(), body.path("error_description").asText(""), 0, false);
            }
            if (body.has("serviceErrorCode")) { // LinkedIn
                return new Problem("linkedin_" + body.path("serviceErrorCode").asText(), body.path("message").asText(""), 0, false);
            }
            if (body.has("title") || body.has("detail")) { // X problem
                return new Problem(body.path("title").asText(""), body.path("detail").asText(""), 0, false);
            }
            if (body.has("code") || body.has("message")) { // Pinterest, LinkedIn without service code
                String code = body.path("code").asText("");
                return new Problem(code.isEmpty() ? "" : "code_" + code, body.path("message").asText(""), 0, false);
            }
            return new Problem("", "", 0, false);
        }
    }
}
