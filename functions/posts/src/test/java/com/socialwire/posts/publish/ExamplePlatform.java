package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A platform for the delivery tests, over real HTTP to a WireMock stub shaped like Mastodon's statuses API: media
 * uploaded in preparation ({@code POST /api/v2/media}, 202 while processing), the status created with an
 * {@code Idempotency-Key} ({@code POST /api/v1/statuses}), a lost answer reconciled by listing the account's newest
 * statuses ({@code GET /api/v1/accounts/{id}/statuses}, a 404 meaning the platform cannot tell); a thread's parts
 * reply to each other, and a thread that stopped half-way reconciles as {@link Reconciled.Partial}. The real
 * platforms' publishers live in shared/providers; this one only drives the delivery state machine.
 */
final class ExamplePlatform implements PlatformPublisher {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final Duration timeout;
    /** The post the last publish call was given, as the delivery built it. */
    volatile Outgoing lastPublished;

    ExamplePlatform(String base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    @Override
    public String platform() {
        return "mastodon";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        ArrayNode ids = state.withArray("mediaIds");
        for (int i = ids.size(); i < post.media().size(); i++) {
            PlatformResult<JsonNode> r = call(target, "POST", "/api/v2/media", "{\"url\":\"" + post.media().get(i).url() + "\"}", null);
            if (!(r instanceof PlatformResult.Ok<JsonNode> ok)) {
                return r.failure();
            }
            ids.add(ok.value().path("id").asText());
            if (ok.value().path("url").isNull()) {
                return new PlatformResult.Ok<>(new Prepared.Waiting(state, 5, "media " + ok.value().path("id").asText()));
            }
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        lastPublished = post;
        // a thread: each part its own status under its own key, replying to the one before; the parts an earlier
        // attempt made (recorded in the state by a reconciliation) are not made again
        List<String> texts = texts(post);
        ArrayNode made = state.path("made").isArray() ? (ArrayNode) state.path("made").deepCopy() : Json.array(); // not a handle: the state stays as armed
        for (int k = made.size(); k < texts.size(); k++) {
            ObjectNode body = Json.object();
            body.put("status", texts.get(k));
            if (k == 0) {
                body.set("media_ids", state.path("mediaIds"));
            } else {
                body.put("in_reply_to_id", made.get(k - 1).path("id").asText());
            }
            PlatformResult<JsonNode> r = call(target, "POST", "/api/v1/statuses", Json.write(body), k == 0 ? dedupeKey : dedupeKey + "-" + k);
            if (!(r instanceof PlatformResult.Ok<JsonNode> ok)) {
                return r.failure();
            }
            made.addObject().put("id", ok.value().path("id").asText()).put("url", ok.value().path("url").asText());
        }
        return new PlatformResult.Ok<>(new Published(made.get(0).path("id").asText(), made.get(0).path("url").asText()));
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        PlatformResult<JsonNode> r = call(target, "GET", "/api/v1/accounts/" + target.account().externalId() + "/statuses?limit=20", null, null);
        if (r instanceof PlatformResult.Rejected<JsonNode> rj && rj.httpStatus() == 404) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account's statuses cannot be listed"));
        }
        if (!(r instanceof PlatformResult.Ok<JsonNode> ok)) {
            return r.failure();
        }
        List<String> texts = texts(post);
        ArrayNode made = state.deepCopy().withArray("made");
        for (int k = made.size(); k < texts.size(); k++) {
            JsonNode found = null;
            for (JsonNode s : ok.value()) {
                boolean inPlace = k == 0 ? !s.hasNonNull("in_reply_to_id") : made.get(k - 1).path("id").asText().equals(s.path("in_reply_to_id").asText());
                if (inPlace && texts.get(k).equals(s.path("text").asText()) && !Instant.parse(s.path("created_at").asText()).isBefore(armedAt.minusSeconds(60))) {
                    found = s;
                }
            }
            if (found == null) {
                break;
            }
            made.addObject().put("id", found.path("id").asText()).put("url", found.path("url").asText());
        }
        if (made.size() == texts.size()) {
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(made.get(0).path("id").asText(), made.get(0).path("url").asText())));
        }
        if (made.isEmpty()) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound());
        }
        ObjectNode partial = state.deepCopy();
        partial.set("made", made);
        return new PlatformResult.Ok<>(new Reconciled.Partial(partial));
    }

    private static List<String> texts(Outgoing post) {
        List<String> texts = new ArrayList<>();
        texts.add(post.text());
        texts.addAll(post.parts());
        return texts;
    }

    private PlatformResult<JsonNode> call(Target target, String method, String path, String body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", "Bearer " + target.accessToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new PlatformResult.Unknown<>("timed out");
        } catch (IOException e) {
            return new PlatformResult.Unknown<>(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PlatformResult.Unknown<>("interrupted");
        }
        int s = r.statusCode();
        if (s / 100 == 2) {
            return new PlatformResult.Ok<>(Json.tree(r.body()));
        }
        if (s == 401) {
            return new PlatformResult.AuthFailed<>(s, "invalid_token", "The access token is invalid");
        }
        if (s == 429 || s >= 500) {
            return new PlatformResult.Transient<>(s, null, "unavailable", 0);
        }
        return new PlatformResult.Rejected<>(s, null, "refused");
    }
}
