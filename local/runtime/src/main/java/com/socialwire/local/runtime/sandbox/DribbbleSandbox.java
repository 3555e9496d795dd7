package com.socialwire.local.runtime.sandbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LOCAL DRIBBBLE SANDBOX: the Dribbble API v2 calls Socialwire's {@code DribbbleConnector} and {@code DribbblePublisher}
 * make, answered as developer.dribbble.com/v2 documents them — {@code GET /v2/user}, {@code POST /v2/shots} (multipart
 * {@code image} and {@code title}; 202 Accepted with the shot's {@code Location}), {@code GET /v2/user/shots} — with a
 * token from {@link SandboxOAuth} that does not expire (no refresh token). Nothing reaches Dribbble.
 */
public final class DribbbleSandbox implements PlatformSandbox {

    public static final String CLIENT_ID = "sbx-dribbble-client";

    private final SandboxOAuth oauth;
    private final Clock clock;
    private final List<Map<String, Object>> shots = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(471_756);
    private volatile String base = "";

    public DribbbleSandbox() {
        this(Clock.systemUTC());
    }

    DribbbleSandbox(Clock clock) {
        this.clock = clock;
        this.oauth = new SandboxOAuth("dribbble", "Dribbble", CLIENT_ID, "sbx-dribbble-secret", "/oauth/authorize", "/oauth/token",
                false, null, new SandboxOAuth.User("4242", "sandbox-studio", "Sandbox Studio"), clock);
    }

    @Override
    public String name() {
        return "dribbble";
    }

    @Override
    public String label() {
        return "Dribbble";
    }

    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("DRIBBBLE_CLIENT_ID", CLIENT_ID, "DRIBBBLE_CLIENT_SECRET", oauth.clientSecret(), "DRIBBBLE_AUTH_BASE", base,
                "DRIBBBLE_API_BASE", base);
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        Optional<SandboxOAuth.User> user = oauth.user(request);
        if (user.isEmpty()) {
            return SandboxResponse.json(401, Map.of("message", "Bad credentials"));
        }
        SandboxOAuth.User me = user.get();
        return switch (request.method() + " " + request.path()) {
            case "GET /v2/user" -> SandboxResponse.json(200, Map.of("id", Long.parseLong(me.id()), "name", me.name(), "login", me.handle(),
                    "html_url", "https://dribbble.com/" + me.handle(), "avatar_url", "", "can_upload_shot", true, "type", "Player"));
            case "POST /v2/shots" -> shot(request);
            case "GET /v2/user/shots" -> {
                synchronized (shots) {
                    yield SandboxResponse.json(200, List.copyOf(shots));
                }
            }
            default -> SandboxResponse.json(404, Map.of("message", "Not Found"));
        };
    }

    private SandboxResponse shot(SandboxRequest request) {
        String body = new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String title = RedditSandbox.multipartField(body, "title").map(t -> new String(t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8)).orElse("");
        if (!body.contains("name=\"image\"; filename=")) {
            return SandboxResponse.json(422, Map.of("message", "Validation failed.", "errors", List.of(Map.of("attribute", "image", "message", "can't be blank"))));
        }
        if (title.isBlank()) {
            return SandboxResponse.json(422, Map.of("message", "Validation failed.", "errors", List.of(Map.of("attribute", "title", "message", "can't be blank"))));
        }
        long id = ids.incrementAndGet();
        Map<String, Object> shot = new LinkedHashMap<>();
        shot.put("id", id);
        shot.put("title", title);
        shot.put("description", RedditSandbox.multipartField(body, "description").map(d -> "<p>" + SandboxOAuth.esc(d) + "</p>").orElse(null));
        shot.put("width", 800);
        shot.put("height", 600);
        shot.put("published_at", clock.instant().toString());
        shot.put("updated_at", clock.instant().toString());
        shot.put("html_url", "https://dribbble.com/shots/" + id);
        shot.put("animated", false);
        shot.put("tags", List.of());
        synchronized (shots) {
            shots.add(0, shot);
        }
        return SandboxResponse.empty(202).withHeader("location", base + "/v2/shots/" + id);
    }
}
