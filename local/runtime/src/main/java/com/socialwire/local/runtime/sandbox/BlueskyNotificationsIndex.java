package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LOCAL BLUESKY NOTIFICATIONS INDEX, served at {@code /_local/blueskyindex}: the local stand-in for the AppView's
 * {@code app.bsky.notification.listNotifications}, which a PDS cannot answer by itself (the local network is a real
 * reference PDS without an AppView: bluesky-pds.md). It answers in the lexicon's shape ({@code {cursor?, notifications:
 * [{uri, cid, author, reason, reasonSubject?, record, isRead, indexedAt, labels}]}}, newest first, {@code cursor} paging
 * to older ones, {@code reasons} filtering) by reading the PDS itself on every call, nothing cached:
 * <ul>
 *   <li>the bearer token is checked by the PDS ({@code com.atproto.server.getSession}): whose notifications;</li>
 *   <li>every repository ({@code com.atproto.sync.listRepos}), each one's newest posts ({@code com.atproto.repo.listRecords}
 *       of {@code app.bsky.feed.post}, 100) and its handle and name ({@code describeRepo}, the profile record);</li>
 *   <li>a post of someone else is a {@code reply} when its {@code reply.parent} (or {@code root}) is one of the account's
 *       posts, a {@code quote} when its embedded record is, a {@code mention} when a facet mentions the account's DID.</li>
 * </ul>
 * {@code indexedAt} is the post's own {@code createdAt} (the index has no time it saw it). The PDS is the local runtime's
 * Bluesky service: the real one {@code --bluesky-pds} starts ({@link #pds(String)}), else the Bluesky sandbox.
 */
public final class BlueskyNotificationsIndex implements PlatformSandbox {

    static final Set<String> REASONS = Set.of("reply", "mention", "quote");
    static final int MAX_LIMIT = 100;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private volatile String base = "http://127.0.0.1/_local/blueskyindex";
    private volatile String pds;

    @Override
    public String name() {
        return "blueskyindex";
    }

    @Override
    public String label() {
        return "Bluesky notifications index";
    }

    /** Points the Bluesky mention source at this index instead of an AppView behind the account's PDS. */
    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("BLUESKY_APPVIEW_URL", base);
    }

    /** The PDS the index reads (the real one {@code --bluesky-pds} started); by default the Bluesky sandbox beside it. */
    public void pds(String url) {
        this.pds = url == null ? null : url.replaceAll("/+$", "");
    }

    String pdsUrl() {
        String p = pds;
        return p != null ? p : base.substring(0, base.lastIndexOf('/')) + "/bluesky";
    }

    @Override
    public SandboxOAuth oauth() {
        return null;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (!(request.method().equals("GET") && request.path().equals("/xrpc/app.bsky.notification.listNotifications"))) {
            return error(404, "MethodNotImplemented", "the LOCAL notifications index answers app.bsky.notification.listNotifications only");
        }
        String token = request.bearer().orElse(null);
        if (token == null) {
            return error(401, "AuthMissing", "Authentication Required");
        }
        try {
            Pds.Answer session = new Pds(pdsUrl(), http).get("com.atproto.server.getSession", token);
            if (session.status() != 200) {
                return SandboxResponse.json(session.status(), session.body()); // the PDS's own refusal (ExpiredToken, InvalidToken…)
            }
            String me = session.body().path("did").asText();
            return SandboxResponse.json(200, page(me, request));
        } catch (IOException e) {
            return error(502, "UpstreamFailure", "the local PDS did not answer: " + e.getClass().getSimpleName());
        }
    }

    private ObjectNode page(String me, SandboxRequest request) throws IOException {
        int limit = 50;
        String cursor = null;
        List<String> reasons = new ArrayList<>();
        for (String pair : request.rawQuery() == null ? new String[0] : request.rawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (key) {
                case "limit" -> limit = Math.clamp(Long.parseLong(value), 1, MAX_LIMIT);
                case "cursor" -> cursor = value;
                case "reasons", "reasons[]" -> reasons.add(value);
                default -> { }
            }
        }
        List<ObjectNode> all = notifications(me);
        all.sort(Comparator.comparing((ObjectNode n) -> n.path("indexedAt").asText() + " " + n.path("uri").asText()).reversed());
        List<ObjectNode> out = new ArrayList<>();
        String next = null;
        for (ObjectNode n : all) {
            String position = n.path("indexedAt").asText() + " " + n.path("uri").asText();
            if ((cursor != null && position.compareTo(cursor) >= 0) || (!reasons.isEmpty() && !reasons.contains(n.path("reason").asText()))) {
                continue;
            }
            if (out.size() == limit) {
                next = out.getLast().path("indexedAt").asText() + " " + out.getLast().path("uri").asText();
                break;
            }
            out.add(n);
        }
        ObjectNode answer = Json.object();
        if (next != null) {
            answer.put("cursor", next);
        }
        ArrayNode list = answer.putArray("notifications");
        out.forEach(list::add);
        answer.put("priority", false);
        answer.put("sandbox", "LOCAL BLUESKY NOTIFICATIONS INDEX over the PDS " + pdsUrl() + ": indexedAt is each post's createdAt");
        return answer;
    }

    /** Every post of another repository that replies to, quotes or mentions {@code me}, as a notification. */
    private List<ObjectNode> notifications(String me) throws IOException {
        Pds p = new Pds(pdsUrl(), http);
        String mine = "at://" + me + "/";
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode repo : p.get("com.atproto.sync.listRepos?limit=1000", null).body().path("repos")) {
            String did = repo.path("did").asText();
            if (did.equals(me) || !repo.path("active").asBoolean(true)) {
                continue;
            }
            JsonNode records = p.get("com.atproto.repo.listRecords?repo=" + q(did) + "&collection=app.bsky.feed.post&limit=100", null).body();
            ObjectNode author = null;
            for (JsonNode r : records.path("records")) {
                JsonNode value = r.path("value");
                String reason = null;
                String subject = null;
                String parent = value.path("reply").path("parent").path("uri").asText("");
                String root = value.path("reply").path("root").path("uri").asText("");
                String quoted = value.path("embed").path("record").path("uri").asText(value.path("embed").path("record").path("record").path("uri").asText(""));
                if (parent.startsWith(mine) || root.startsWith(mine)) {
                    reason = "reply";
                    subject = parent.startsWith(mine) ? parent : root;
                } else if (quoted.startsWith(mine)) {
                    reason = "quote";
                    subject = quoted;
                } else if (mentions(value, me)) {
                    reason = "mention";
                }
                if (reason == null) {
                    continue;
                }
                author = author != null ? author : author(p, did);
                ObjectNode n = Json.object().put("uri", r.path("uri").asText()).put("cid", r.path("cid").asText());
                n.set("author", author);
                n.put("reason", reason);
                if (subject != null) {
                    n.put("reasonSubject", subject);
                }
                n.set("record", value);
                n.put("isRead", false);
                String created = value.path("createdAt").asText("");
                n.put("indexedAt", created.isEmpty() ? IsoInstant.millis(Instant.EPOCH) : created);
                n.putArray("labels");
                out.add(n);
            }
        }
        return out;
    }

    private static boolean mentions(JsonNode record, String me) {
        for (JsonNode facet : record.path("facets")) {
            for (JsonNode feature : facet.path("features")) {
                if ("app.bsky.richtext.facet#mention".equals(feature.path("$type").asText()) && me.equals(feature.path("did").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A profileView of {@code did}: its handle ({@code describeRepo}) and, where it has a profile record, its name. */
    private static ObjectNode author(Pds p, String did) throws IOException {
        ObjectNode a = Json.object().put("did", did).put("handle", p.get("com.atproto.repo.describeRepo?repo=" + q(did), null).body()
                .path("handle").asText("handle.invalid"));
        Pds.Answer profile = p.get("com.atproto.repo.getRecord?repo=" + q(did) + "&collection=app.bsky.actor.profile&rkey=self", null);
        if (profile.status() == 200 && profile.body().path("value").hasNonNull("displayName")) {
            a.put("displayName", profile.body().path("value").path("displayName").asText());
        }
        a.putArray("labels");
        return a;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static SandboxResponse error(int status, String error, String message) {
        return SandboxResponse.json(status, Map.of("error", error, "message", message));
    }

    /** XRPC reads of the PDS. */
    private record Pds(String url, HttpClient http) {

        record Answer(int status, JsonNode body) {
        }

        Answer get(String method, String bearer) throws IOException {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url + "/xrpc/" + method)).timeout(Duration.ofSeconds(10)).GET();
            if (bearer != null) {
                r.header("Authorization", "Bearer " + bearer);
            }
            try {
                HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode body = response.body() == null || response.body().isBlank() ? Json.object() : Json.tree(response.body());
                return new Answer(response.statusCode(), body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
