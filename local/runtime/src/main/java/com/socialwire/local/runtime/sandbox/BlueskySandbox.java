package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.bluesky.BlueskyApi;
import com.socialwire.shared.providers.bluesky.Tid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * LOCAL BLUESKY SANDBOX: a stand-in PDS for the XRPC calls Socialwire's {@code BlueskyConnector} and
 * {@code BlueskyPublisher} make, answered as the reference PDS does — {@code com.atproto.server.createSession} (an app
 * password; the answer's DID document names this sandbox as the account's PDS), {@code refreshSession} (the refresh
 * token rotates: a used one is refused), {@code getSession}, {@code com.atproto.identity.resolveHandle},
 * {@code com.atproto.repo.uploadBlob} (at most {@value BlueskyApi#MAX_IMAGE_BYTES} bytes), {@code createRecord} (the
 * caller's record key honoured; a key the repository already holds answers 500, as the reference PDS does),
 * {@code getRecord} ({@code RecordNotFound}), {@code deleteRecord}, {@code com.atproto.sync.getBlob} and, for the local
 * notifications index ({@link BlueskyNotificationsIndex}), {@code listRecords}, {@code describeRepo} and
 * {@code com.atproto.sync.listRepos}; XRPC errors as
 * {@code {error, message}}. Records are kept per repository, so a lost answer is settled by asking for the key.
 *
 * <p>The demo account is {@value #DEMO_HANDLE} with the app password {@value #DEMO_APP_PASSWORD}; any other handle
 * logs in with any app password of the right form (the first one it uses stays its password). Revoking a person
 * ({@code POST /_local/bluesky/_revoke {userId?: did or handle}}) ends their sessions, as deleting the app password
 * does: their tokens answer 401 {@code InvalidToken}; logging in again makes a new session. Nothing reaches Bluesky.
 */
public final class BlueskySandbox implements PlatformSandbox {

    public static final String DEMO_HANDLE = "sandbox.bsky.social";
    public static final String DEMO_DID = "did:plc:sandboxdemoaccountbskyab";
    public static final String DEMO_APP_PASSWORD = "sand-boxd-emo2-bsky";
    static final Duration ACCESS_LIFETIME = Duration.ofHours(2);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(90);
    private static final Pattern HANDLE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)+");
    private static final String XRPC = "/xrpc/";

    /** An account of the sandbox PDS; {@code appPassword} the one it logs in with. */
    private record Account(String did, String handle, String appPassword) {
    }

    /** A token the sandbox issued: whose, which kind, until when; {@code spent} a rotated refresh token, {@code revoked} its session ended. */
    private record Token(String did, boolean refresh, Instant expires, boolean spent, boolean revoked) {
    }

    /** A stored record: its CID and value. */
    private record StoredRecord(String cid, JsonNode value) {
    }

    /** An uploaded blob. */
    private record StoredBlob(String mimeType, byte[] bytes) {
    }

    private final Clock clock;
    private final Map<String, Account> byHandle = new LinkedHashMap<>();
    private final Map<String, Account> byDid = new LinkedHashMap<>();
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    /** did → "collection/rkey" → record. */
    private final Map<String, Map<String, StoredRecord>> repos = new LinkedHashMap<>();
    /** did → cid → blob. */
    private final Map<String, Map<String, StoredBlob>> blobs = new LinkedHashMap<>();
    private volatile String base = "";

    public BlueskySandbox() {
        this(Clock.systemUTC());
    }

    BlueskySandbox(Clock clock) {
        this.clock = clock;
        add(new Account(DEMO_DID, DEMO_HANDLE, DEMO_APP_PASSWORD));
    }

    @Override
    public String name() {
        return "bluesky";
    }

    @Override
    public String label() {
        return "Bluesky";
    }

    /** Accounts log in here when their owner names no PDS; the DID documents it answers send every later call here too. */
    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("BLUESKY_SERVICE", base);
    }

    @Override
    public SandboxOAuth oauth() {
        return null;
    }

    /** Ends every session of {@code userId} (a DID or handle; null: the demo account). */
    @Override
    public synchronized String revoke(String userId) {
        Account a = userId == null ? byDid.get(DEMO_DID) : account(userId);
        if (a == null) {
            throw new IllegalArgumentException("no sandbox Bluesky account " + userId);
        }
        tokens.replaceAll((jwt, t) -> t.did().equals(a.did()) ? new Token(t.did(), t.refresh(), t.expires(), t.spent(), true) : t);
        return a.did();
    }

    @Override
    public synchronized SandboxResponse handle(SandboxRequest request) {
        if (!request.path().startsWith(XRPC)) {
            return error(404, "NotFound", "the sandbox PDS answers /xrpc/… only");
        }
        String route = request.method() + " " + request.path().substring(XRPC.length());
        return switch (route) {
            case "POST com.atproto.server.createSession" -> createSession(request.json());
            case "POST com.atproto.server.refreshSession" -> refreshSession(request);
            case "GET com.atproto.server.getSession" -> withAccess(request, this::session);
            case "GET com.atproto.identity.resolveHandle" -> {
                Account a = byHandle.get(request.query().getOrDefault("handle", "").toLowerCase(Locale.ROOT));
                yield a == null ? error(400, "InvalidRequest", "Unable to resolve handle") : SandboxResponse.json(200, Map.of("did", a.did()));
            }
            case "POST com.atproto.repo.uploadBlob" -> withAccess(request, a -> uploadBlob(a, request));
            case "POST com.atproto.repo.createRecord" -> withAccess(request, a -> createRecord(a, request.json()));
            case "GET com.atproto.repo.getRecord" -> getRecord(request.query());
            case "GET com.atproto.repo.listRecords" -> listRecords(request.query());
            case "GET com.atproto.repo.describeRepo" -> describeRepo(request.query().getOrDefault("repo", ""));
            case "GET com.atproto.sync.listRepos" -> listRepos();
            case "POST com.atproto.repo.deleteRecord" -> withAccess(request, a -> deleteRecord(a, request.json()));
            case "GET com.atproto.sync.getBlob" -> getBlob(request.query());
            case "GET app.bsky.feed.getPosts" -> withAccess(request, a -> getPosts(request.query().getOrDefault("uris", "")));
            case "GET app.bsky.actor.getProfile" -> withAccess(request, a -> getProfile(request.query().getOrDefault("actor", "")));
            default -> error(501, "MethodNotImplemented", "Method Not Implemented");
        };
    }

    // ------------------------------------------------------------------ sessions

    private SandboxResponse createSession(JsonNode body) {
        String identifier = body.path("identifier").asText("").strip().toLowerCase(Locale.ROOT).replaceFirst("^@", "");
        String password = body.path("password").asText("");
        if (identifier.isEmpty() || password.isEmpty()) {
            return error(400, "InvalidRequest", "Input must have the properties \"identifier\" and \"password\"");
        }
        Account a = account(identifier);
        if (a == null && HANDLE.matcher(identifier).matches() && BlueskyApi.isAppPassword(password)) {
            a = add(new Account("did:plc:" + base32(sha256(identifier.getBytes(StandardCharsets.UTF_8))).substring(0, 24), identifier, password));
        }
        if (a == null || !a.appPassword().equals(password)) {
            return error(401, "AuthenticationRequired", "Invalid identifier or password");
        }
        return SandboxResponse.json(200, sessionAnswer(a, true));
    }

    private SandboxResponse refreshSession(SandboxRequest request) {
        String jwt = request.bearer().orElse(null);
        Token t = jwt == null ? null : tokens.get(jwt);
        if (t == null || !t.refresh()) {
            return jwt == null ? error(401, "AuthenticationRequired", "Authentication Required") : error(401, "InvalidToken", "Token could not be verified");
        }
        if (t.revoked()) {
            return error(401, "InvalidToken", "Token has been revoked");
        }
        if (t.spent() || !clock.instant().isBefore(t.expires())) {
            return error(400, "ExpiredToken", t.spent() ? "Token has been revoked" : "Token has expired");
        }
        tokens.put(jwt, new Token(t.did(), true, t.expires(), true, false)); // rotating: this refresh token is spent
        return SandboxResponse.json(200, sessionAnswer(byDid.get(t.did()), false));
    }

    private Map<String, Object> sessionAnswer(Account a, boolean withEmail) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("did", a.did());
        out.put("didDoc", didDoc(a));
        out.put("handle", a.handle());
        if (withEmail) {
            out.put("email", a.handle() + "@sandbox.invalid");
            out.put("emailConfirmed", true);
        }
        out.put("accessJwt", issue(a.did(), false));
        out.put("refreshJwt", issue(a.did(), true));
        out.put("active", true);
        return out;
    }

    private SandboxResponse session(Account a) {
        return SandboxResponse.json(200, Map.of("did", a.did(), "handle", a.handle(), "email", a.handle() + "@sandbox.invalid",
                "emailConfirmed", true, "didDoc", didDoc(a), "active", true));
    }

    /** The DID document the PDS answers: its {@code #atproto_pds} service is this sandbox. */
    private Map<String, Object> didDoc(Account a) {
        return Map.of("@context", List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"),
                "id", a.did(), "alsoKnownAs", List.of("at://" + a.handle()),
                "service", List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer", "serviceEndpoint", base)));
    }

    /** A JWT shaped as the PDS's (its {@code sub} the DID, {@code exp} its end); the signature is a random id. */
    private String issue(String did, boolean refresh) {
        Instant now = clock.instant();
        Instant expires = now.plus(refresh ? REFRESH_LIFETIME : ACCESS_LIFETIME);
        ObjectNode payload = Json.object().put("scope", refresh ? "com.atproto.refresh" : "com.atproto.appPass").put("sub", did)
                .put("aud", "did:web:sandbox.bsky.local").put("iat", now.getEpochSecond()).put("exp", expires.getEpochSecond());
        if (refresh) {
            payload.put("jti", Ids.base62(24));
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwt = b64.encodeToString(Json.bytes(Map.of("typ", refresh ? "refresh+jwt" : "at+jwt", "alg", "ES256K"))) + "."
                + b64.encodeToString(Json.bytes(payload)) + "." + b64.encodeToString(("sbx-" + Ids.base62(32)).getBytes(StandardCharsets.US_ASCII));
        tokens.put(jwt, new Token(did, refresh, expires, false, false));
        return jwt;
    }

    /** Answers {@code call} for the owner of the request's live access token, else the XRPC auth error. */
    private SandboxResponse withAccess(SandboxRequest request, java.util.function.Function<Account, SandboxResponse> call) {
        String jwt = request.bearer().orElse(null);
        if (jwt == null) {
            return error(401, "AuthenticationRequired", "Authentication Required");
        }
        Token t = tokens.get(jwt);
        if (t == null || t.refresh()) {
            return error(401, "InvalidToken", t == null ? "Token could not be verified" : "Bad token scope");
        }
        if (t.revoked()) {
            return error(401, "InvalidToken", "Token has been revoked");
        }
        if (!clock.instant().isBefore(t.expires())) {
            return error(400, "ExpiredToken", "Token has expired");
        }
        return call.apply(byDid.get(t.did()));
    }

    // ------------------------------------------------------------------ repositories

    private SandboxResponse uploadBlob(Account a, SandboxRequest request) {
        byte[] bytes = request.body();
        if (bytes.length > BlueskyApi.MAX_IMAGE_BYTES) {
            return error(400, "BlobTooLarge", "This file is too large. It is " + bytes.length + " bytes but the maximum size is "
                    + BlueskyApi.MAX_IMAGE_BYTES + " bytes.");
        }
        String mime = request.header("content-type").orElse("application/octet-stream");
        String cid = cid(0x55, bytes);
        blobs.computeIfAbsent(a.did(), d -> new LinkedHashMap<>()).put(cid, new StoredBlob(mime, bytes));
        return SandboxResponse.json(200, Map.of("blob", Map.of("$type", "blob", "ref", Map.of("$link", cid), "mimeType", mime, "size", bytes.length)));
    }

    private SandboxResponse createRecord(Account a, JsonNode body) {
        if (!repoOf(a, body.path("repo").asText(""))) {
            return error(400, "InvalidRequest", "Invalid repo");
        }
        String collection = body.path("collection").asText("");
        JsonNode record = body.path("record");
        if (collection.isEmpty() || !record.isObject()) {
            return error(400, "InvalidRequest", "Input must have the properties \"repo\", \"collection\" and \"record\"");
        }
        String rkey = body.hasNonNull("rkey") ? body.path("rkey").asText() : Tid.of(clock.instant().toEpochMilli() * 1000, 0);
        String invalid = invalid(a, collection, rkey, (ObjectNode) record);
        if (invalid != null) {
            return error(400, "InvalidRequest", invalid);
        }
        Map<String, StoredRecord> repo = repos.computeIfAbsent(a.did(), d -> new LinkedHashMap<>());
        if (repo.containsKey(collection + "/" + rkey)) {
            // the reference PDS: the repository's tree refuses a key it holds ("There is already a value at key"), as a 500
            return error(500, "InternalServerError", "Internal Server Error");
        }
        ObjectNode value = ((ObjectNode) record).deepCopy();
        if (!value.has("$type")) {
            value.put("$type", collection);
        }
        String cid = cid(0x71, Json.bytes(value));
        repo.put(collection + "/" + rkey, new StoredRecord(cid, value));
        return SandboxResponse.json(200, Map.of("uri", "at://" + a.did() + "/" + collection + "/" + rkey, "cid", cid,
                "commit", Map.of("cid", cid(0x71, (a.did() + rkey).getBytes(StandardCharsets.UTF_8)), "rev", Tid.of(clock.instant().toEpochMilli() * 1000, 1)),
                "validationStatus", "valid"));
    }

    /** What the PDS's record validation would refuse, or null: a bad key, a post's text over Bluesky's limits, an unknown blob. */
    private String invalid(Account a, String collection, String rkey, ObjectNode record) {
        if (!rkey.matches("[A-Za-z0-9._:~-]{1,512}") || rkey.equals(".") || rkey.equals("..")) {
            return "Invalid rkey: " + rkey;
        }
        if (!collection.equals("app.bsky.feed.post")) {
            return null;
        }
        String text = record.path("text").asText(null);
        if (text == null || !record.hasNonNull("createdAt")) {
            return "Invalid app.bsky.feed.post record: Record must have the properties \"text\" and \"createdAt\"";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > 3000 || graphemes(text) > 300) {
            return "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes";
        }
        JsonNode images = record.path("embed").path("images");
        if (images.size() > 4) {
            return "Invalid app.bsky.feed.post record: Record/embed/images must not have more than 4 elements";
        }
        Map<String, StoredBlob> mine = blobs.getOrDefault(a.did(), Map.of());
        for (JsonNode image : images) {
            String cid = image.path("image").path("ref").path("$link").asText("");
            if (!mine.containsKey(cid)) {
                return "Could not find blob: " + cid;
            }
        }
        return null;
    }

    private SandboxResponse getRecord(Map<String, String> q) {
        Account a = account(q.getOrDefault("repo", ""));
        String collection = q.getOrDefault("collection", "");
        String rkey = q.getOrDefault("rkey", "");
        if (a == null) {
            return error(400, "InvalidRequest", "Could not find repo: " + q.getOrDefault("repo", ""));
        }
        String uri = "at://" + a.did() + "/" + collection + "/" + rkey;
        StoredRecord r = repos.getOrDefault(a.did(), Map.of()).get(collection + "/" + rkey);
        if (r == null) {
            return error(400, "RecordNotFound", "Could not locate record: " + uri);
        }
        return SandboxResponse.json(200, Map.of("uri", uri, "cid", r.cid(), "value", r.value()));
    }

    /** {@code com.atproto.sync.listRepos}: every repository of this PDS (the notifications index reads them all). */
    private SandboxResponse listRepos() {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Account a : byDid.values()) {
            out.add(Map.of("did", a.did(), "head", cid(0x71, a.did().getBytes(StandardCharsets.UTF_8)), "rev",
                    Tid.of(clock.instant().toEpochMilli() * 1000, 1), "active", true));
        }
        return SandboxResponse.json(200, Map.of("repos", out));
    }

    /** {@code com.atproto.repo.listRecords}: a collection's records, newest key first, {@code limit} (50, at most 100). */
    private SandboxResponse listRecords(Map<String, String> q) {
        Account a = account(q.getOrDefault("repo", ""));
        if (a == null) {
            return error(400, "InvalidRequest", "Could not find repo: " + q.getOrDefault("repo", ""));
        }
        String prefix = q.getOrDefault("collection", "") + "/";
        int limit = Math.clamp(Long.parseLong(q.getOrDefault("limit", "50")), 1, 100);
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        repos.getOrDefault(a.did(), Map.of()).entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.<String, StoredRecord>comparingByKey().reversed()).limit(limit)
                .forEach(e -> out.add(Map.of("uri", "at://" + a.did() + "/" + e.getKey(), "cid", e.getValue().cid(), "value", e.getValue().value())));
        return SandboxResponse.json(200, Map.of("records", out));
    }

    /** {@code com.atproto.repo.describeRepo}: a repository's handle and collections. */
    private SandboxResponse describeRepo(String repo) {
        Account a = account(repo);
        if (a == null) {
            return error(400, "InvalidRequest", "Could not find repo: " + repo);
        }
        List<String> collections = repos.getOrDefault(a.did(), Map.of()).keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().toList();
        return SandboxResponse.json(200, Map.of("handle", a.handle(), "did", a.did(), "didDoc", didDoc(a), "collections", collections,
                "handleIsCorrect", true));
    }

    /**
     * The AppView's {@code app.bsky.feed.getPosts} as a PDS proxies it: the post's view with its counts (LOCAL SANDBOX
     * numbers, made up from its URI and growing with its age; 0 in its first hour). A URI of no post is left out.
     */
    private SandboxResponse getPosts(String uri) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("at://([^/]+)/([^/]+)/([^/]+)").matcher(uri);
        java.util.List<Object> views = new java.util.ArrayList<>();
        Account a = m.matches() ? account(m.group(1)) : null;
        StoredRecord r = a == null ? null : repos.getOrDefault(a.did(), Map.of()).get(m.group(2) + "/" + m.group(3));
        if (r != null) {
            java.time.Instant created;
            try {
                created = java.time.Instant.parse(r.value().path("createdAt").asText());
            } catch (RuntimeException e) {
                created = clock.instant();
            }
            long minutes = java.time.Duration.between(created, clock.instant()).toMinutes();
            double grown = minutes < 60 ? 0 : 1 - Math.exp(-minutes / (48.0 * 60));
            long base = Math.round((20 + Math.abs((long) uri.hashCode()) % 80) * grown);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("uri", uri);
            view.put("cid", r.cid());
            view.put("author", Map.of("did", a.did(), "handle", a.handle()));
            view.put("record", r.value());
            view.put("replyCount", base / 8);
            view.put("repostCount", base / 5);
            view.put("likeCount", base);
            view.put("quoteCount", base / 20);
            view.put("indexedAt", r.value().path("createdAt").asText(""));
            views.add(view);
        }
        return SandboxResponse.json(200, Map.of("posts", views));
    }

    /** The AppView's {@code app.bsky.actor.getProfile}: the account's counts (LOCAL SANDBOX: 50 followers plus one per post). */
    private SandboxResponse getProfile(String actor) {
        Account a = account(actor);
        if (a == null) {
            return error(400, "InvalidRequest", "Profile not found");
        }
        int posts = repos.getOrDefault(a.did(), Map.of()).size();
        return SandboxResponse.json(200, Map.of("did", a.did(), "handle", a.handle(), "followersCount", 50 + posts, "followsCount", 12,
                "postsCount", posts));
    }

    private SandboxResponse deleteRecord(Account a, JsonNode body) {
        if (!repoOf(a, body.path("repo").asText(""))) {
            return error(400, "InvalidRequest", "Invalid repo");
        }
        repos.getOrDefault(a.did(), new LinkedHashMap<>()).remove(body.path("collection").asText("") + "/" + body.path("rkey").asText(""));
        return SandboxResponse.json(200, Map.of("commit", Map.of("cid", cid(0x71, Ids.base62(16).getBytes(StandardCharsets.US_ASCII)),
                "rev", Tid.of(clock.instant().toEpochMilli() * 1000, 1))));
    }

    private SandboxResponse getBlob(Map<String, String> q) {
        Account a = account(q.getOrDefault("did", ""));
        StoredBlob b = a == null ? null : blobs.getOrDefault(a.did(), Map.of()).get(q.getOrDefault("cid", ""));
        if (b == null) {
            return error(400, "BlobNotFound", "Blob not found");
        }
        return new SandboxResponse(200, Map.of("content-type", b.mimeType()), b.bytes(), 0);
    }

    // ------------------------------------------------------------------ helpers

    private Account add(Account a) {
        byHandle.put(a.handle(), a);
        byDid.put(a.did(), a);
        return a;
    }

    /** The account of a DID or handle, or null. */
    private Account account(String didOrHandle) {
        String key = didOrHandle.strip();
        return key.startsWith("did:") ? byDid.get(key) : byHandle.get(key.toLowerCase(Locale.ROOT).replaceFirst("^@", ""));
    }

    private boolean repoOf(Account a, String repo) {
        return repo.equals(a.did()) || repo.equalsIgnoreCase(a.handle());
    }

    private static SandboxResponse error(int status, String error, String message) {
        return SandboxResponse.json(status, Map.of("error", error, "message", message));
    }

    private static int graphemes(String text) {
        java.text.BreakIterator it = java.text.BreakIterator.getCharacterInstance(Locale.ROOT);
        it.setText(text);
        int n = 0;
        while (it.next() != java.text.BreakIterator.DONE) {
            n++;
        }
        return n;
    }

    /** A CIDv1 (sha2-256) of {@code bytes} with {@code codec} (0x55 raw for blobs, 0x71 dag-cbor for records), base32 as the PDS writes it. */
    static String cid(int codec, byte[] bytes) {
        byte[] digest = sha256(bytes);
        byte[] cid = new byte[4 + digest.length];
        cid[0] = 0x01;
        cid[1] = (byte) codec;
        cid[2] = 0x12;
        cid[3] = 0x20;
        System.arraycopy(digest, 0, cid, 4, digest.length);
        return "b" + base32(cid);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4648 base32, lowercase, unpadded (multibase {@code b}). */
    private static String base32(byte[] bytes) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** The records of {@code did}'s repository in {@code collection} (tests, the outbox's reader): rkey → value. */
    public synchronized Map<String, JsonNode> records(String did, String collection) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        repos.getOrDefault(did, Map.of()).forEach((key, r) -> {
            if (key.startsWith(collection + "/")) {
                out.put(key.substring(collection.length() + 1), r.value());
            }
        });
        return out;
    }
}
