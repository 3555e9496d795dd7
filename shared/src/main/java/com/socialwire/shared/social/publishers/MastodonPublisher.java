package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mastodon's {@link PlatformPublisher}, on the account's own instance (mastodon/documentation methods/media.md,
 * methods/statuses.md):
 * <ul>
 *   <li>preparation uploads each medium with {@code POST /api/v2/media} (multipart {@code file} and {@code description},
 *       the alt text); a 202 means the instance still processes it, so the delivery waits and asks
 *       {@code GET /api/v1/media/:id} (206 while processing, 200 when done) before publishing;</li>
 *   <li>the publishing call is {@code POST /api/v1/statuses} with an {@code Idempotency-Key} of the delivery: Mastodon
 *       keeps the key an hour and answers a repeat with the status it already made. A thread is one such call per
 *       part, each under its own key derived from the delivery's and the part's index, each further part replying to
 *       the one before ({@code in_reply_to_id}), the media with the first; publishing goes on after the parts the state
 *       records as posted;</li>
 *   <li>a lost answer is reconciled inside that hour by trusting the key (publishing again returns the same status);
 *       after it, by reading the account's newest statuses and the source text of those made since the attempt
 *       ({@code GET /api/v1/statuses/:id/source}): ours is found, none since means not published, a list that does
 *       not reach back to the attempt means the platform cannot tell. A thread's parts are matched in order, so one
 *       that stopped half-way is {@link Reconciled.Partial}.</li>
 * </ul>
 */
public final class MastodonPublisher implements PlatformPublisher {

    /** How long Mastodon keeps an Idempotency-Key (an hour), less a margin for clocks and the call itself. */
    static final Duration KEY_KEPT = Duration.ofMinutes(55);
    /** The most statuses one list answers (Mastodon's maximum page). */
    static final int PAGE = 40;

    private final PlatformHttp http;
    private final MediaBytes media;
    private final long maxMediaBytes;

    /**
     * @param media         where a post's media are read from
     * @param maxMediaBytes the largest medium uploaded (instances cap images at about 16 MB and videos at about 99 MB)
     */
    public MastodonPublisher(PlatformHttp http, MediaBytes media, long maxMediaBytes) {
        this.http = http;
        this.media = media;
        this.maxMediaBytes = maxMediaBytes;
    }

    @Override
    public String platform() {
        return "mastodon";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        ArrayNode uploaded = state.withArray("media");
        for (int i = uploaded.size(); i < post.media().size(); i++) {
            Media m = post.media().get(i);
            PlatformResult<byte[]> bytes = media.fetch(m, maxMediaBytes, "Mastodon");
            if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
                return bytes.failure();
            }
            PlatformResult<JsonNode> r = upload(target, m, b);
            if (!(r instanceof PlatformResult.Ok<JsonNode>(JsonNode attachment))) {
                return r.failure();
            }
            uploaded.addObject().put("id", attachment.path("id").asText()).put("ready", !attachment.path("url").isNull()
                    && attachment.hasNonNull("url"));
        }
        for (JsonNode a : uploaded) {
            if (!a.path("ready").asBoolean()) {
                String id = a.path("id").asText();
                PlatformResult<JsonNode> r = http.get(api(target, "/api/v1/media/" + PlatformHttp.component(id)), target.accessToken(),
                        Map.of(), "GET /api/v1/media/:id", json -> json.has("id") ? json : null);
                switch (r) {
                    case PlatformResult.Ok<JsonNode>(JsonNode attachment) when attachment.hasNonNull("url") -> ((ObjectNode) a).put("ready", true);
                    case PlatformResult.Ok<JsonNode> processing -> {
                        return new PlatformResult.Ok<>(new Prepared.Waiting(state, 10, "Mastodon is processing media " + id));
                    }
                    // 206 Partial Content has an empty body: the mapping reads it as "no expected result"
                    case PlatformResult.Rejected<JsonNode> partial when partial.httpStatus() == 206 -> {
                        return new PlatformResult.Ok<>(new Prepared.Waiting(state, 10, "Mastodon is processing media " + id));
                    }
                    default -> {
                        return r.failure();
                    }
                }
            }
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        List<String> texts = ThreadParts.texts(post);
        List<String> made = ThreadParts.posted(state);
        String rootUrl = state.path("rootUrl").asText("");
        for (int k = made.size(); k < texts.size(); k++) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("status", texts.get(k));
            form.put("in_reply_to_id", k == 0 ? null : made.get(k - 1));
            StringBuilder body = new StringBuilder(PlatformHttp.encode(form));
            for (JsonNode a : k == 0 ? state.path("media") : Json.array()) {
                body.append('&').append(PlatformHttp.component("media_ids[]")).append('=').append(PlatformHttp.component(a.path("id").asText()));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(api(target, "/api/v1/statuses"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                    .header("Content-Type", PlatformHttp.formContentType())
                    .header("Authorization", "Bearer " + target.accessToken())
                    .header("Idempotency-Key", partKey(dedupeKey, k));
            PlatformResult<Published> r = http.send(request, "POST /api/v1/statuses", true, List.of(target.accessToken()),
                    json -> json.hasNonNull("id") ? new Published(json.path("id").asText(), url(json)) : null);
            if (!(r instanceof PlatformResult.Ok<Published>(Published part))) {
                return k == 0 ? r : ThreadParts.stoppedAt("Mastodon", k, made.getFirst(), r);
            }
            made.add(part.externalId());
            rootUrl = k == 0 ? part.url() : rootUrl;
        }
        return new PlatformResult.Ok<>(new Published(made.getFirst(), rootUrl));
    }

    /**
     * Inside the keys' hour, trusts them; after it, matches the thread's parts in order among the account's statuses
     * since the attempt by their source text, each further part as a reply to the one before
     * ({@code in_reply_to_id}). All found: {@link Reconciled.Found}; none: {@link Reconciled.NotFound}; the first
     * ones: {@link Reconciled.Partial}, so publishing goes on after them; two candidates for a part, or a list that
     * does not reach back to the attempt: {@link Reconciled.CannotTell}.
     */
    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        if (http.clock().instant().isBefore(armedAt.plus(KEY_KEPT))) {
            // the instance still holds the keys: publishing again answers the statuses the attempt made, if it made them
            return new PlatformResult.Ok<>(new Reconciled.NotFound());
        }
        String account = PlatformHttp.component(target.account().externalId());
        PlatformResult<List<JsonNode>> recent = http.get(api(target, "/api/v1/accounts/" + account + "/statuses?limit=" + PAGE
                + "&exclude_reblogs=true"), target.accessToken(), Map.of(), "GET /api/v1/accounts/:id/statuses", json -> {
                    if (!json.isArray()) {
                        return null;
                    }
                    List<JsonNode> list = new ArrayList<>();
                    json.forEach(list::add);
                    return list;
                });
        if (!(recent instanceof PlatformResult.Ok<List<JsonNode>>(List<JsonNode> statuses))) {
            return recent.failure();
        }
        Instant since = armedAt.minus(Duration.ofMinutes(2));
        List<JsonNode> sinceAttempt = statuses.stream().filter(s -> !IsoInstant.parse(s.path("created_at").asText()).isBefore(since)).toList();
        boolean reachesBack = statuses.size() < PAGE || sinceAttempt.size() < statuses.size();
        List<String> texts = ThreadParts.texts(post);
        List<String> made = ThreadParts.posted(state);
        String rootUrl = state.path("rootUrl").asText("");
        for (int k = made.size(); k < texts.size(); k++) {
            String parent = k == 0 ? null : made.get(k - 1);
            List<JsonNode> matches = new ArrayList<>();
            for (JsonNode s : sinceAttempt) {
                if (!Objects.equals(parent, s.hasNonNull("in_reply_to_id") ? s.path("in_reply_to_id").asText() : null)) {
                    continue;
                }
                PlatformResult<String> source = http.get(api(target, "/api/v1/statuses/" + PlatformHttp.component(s.path("id").asText()) + "/source"),
                        target.accessToken(), Map.of(), "GET /api/v1/statuses/:id/source", json -> json.hasNonNull("text") ? json.path("text").asText() : null);
                if (!(source instanceof PlatformResult.Ok<String>(String text))) {
                    return source.failure();
                }
                if (text.equals(texts.get(k))) {
                    matches.add(s);
                }
            }
            if (matches.size() > 1) {
                return new PlatformResult.Ok<>(new Reconciled.CannotTell(matches.size() + " statuses since the attempt match part " + (k + 1)));
            }
            if (matches.isEmpty()) {
                if (!reachesBack) {
                    return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account made more than " + PAGE + " statuses since the attempt"));
                }
                break;
            }
            made.add(matches.getFirst().path("id").asText());
            rootUrl = k == 0 ? url(matches.getFirst()) : rootUrl;
        }
        if (made.size() == texts.size()) {
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(made.getFirst(), rootUrl)));
        }
        if (made.isEmpty()) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound());
        }
        return ThreadParts.partial(state.deepCopy().put("rootUrl", rootUrl), made);
    }

    /**
     * The Idempotency-Key of part {@code k} of the delivery (0: the post itself, the delivery's own key): derived from
     * the delivery's key, the same for every attempt.
     */
    static String partKey(String dedupeKey, int k) {
        return k == 0 ? dedupeKey : dedupeKey + "-" + k;
    }

    private static String url(JsonNode status) {
        return status.path("url").asText(status.path("uri").asText());
    }

    /** {@code POST /api/v2/media}: multipart {@code file} and {@code description}; 200 processed, 202 still processing. */
    private PlatformResult<JsonNode> upload(Target target, Media m, byte[] bytes) {
        String boundary = "socialwire-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String name = MultipartForm.filename("file", m.contentType());
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: "
                + m.contentType() + "\r\n\r\n");
        body.writeBytes(bytes);
        write(body, "\r\n");
        if (m.altText() != null && !m.altText().isBlank()) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + m.altText() + "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(api(target, "/api/v2/media"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + target.accessToken());
        // an upload makes nothing the audience sees: a lost answer just uploads again
        return http.send(request, "POST /api/v2/media", false, List.of(target.accessToken()), json -> json.hasNonNull("id") ? json : null);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static URI api(Target target, String path) {
        return URI.create(target.account().instance() + path);
    }
}
