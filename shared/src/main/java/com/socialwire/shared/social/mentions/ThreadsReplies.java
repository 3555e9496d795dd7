package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Threads replies arrive by webhook (the engagement context's Meta webhook, field {@code replies}), so {@link #poll}
 * reads nothing; the answer goes back here as the Threads publisher makes a thread's parts (scope
 * {@code threads_manage_replies}; developers.facebook.com/docs/threads/retrieve-and-manage-replies):
 * <ul>
 *   <li>reply: a TEXT container with {@code reply_to_id} ({@code POST /{user}/threads}; side-effect free), its status
 *       read ({@code FINISHED}; still {@code IN_PROGRESS}: try again later, nothing was published), then the one
 *       irreversible {@code POST /{user}/threads_publish?creation_id=}.</li>
 *   <li>findReply: the mention's replies ({@code GET /{media-id}/replies?fields=id,text,username,timestamp,permalink}):
 *       one by the account with the reply's text since the attempt is {@link Reconciled.Found}.</li>
 * </ul>
 */
public final class ThreadsReplies implements MentionSource {

    static final String MENTION_ELSEWHERE = "Threads lets apps reply only under the account's own posts; this mention is elsewhere,"
            + " so a person must answer it";

    private final PlatformHttp http;
    private final String base;

    /** @param apiBase {@code THREADS_API_BASE} (https://graph.threads.net) */
    public ThreadsReplies(PlatformHttp http, String apiBase) {
        this.http = http;
        this.base = ProviderHttp.trimBase(apiBase) + "/v1.0";
    }

    @Override
    public List<String> scopes() {
        return List.of("threads_read_replies", "threads_manage_replies");
    }

    @Override
    public String platform() {
        return "threads";
    }

    @Override
    public boolean polled() {
        return false;
    }

    /** Webhook-driven: nothing to read, the cursor stays. */
    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        return new PlatformResult.Ok<>(new Page(List.of(), cursor, false));
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        String user = base + "/" + PlatformHttp.component(target.account().externalId());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("media_type", "TEXT");
        form.put("text", text);
        form.put("reply_to_id", to.externalId());
        PlatformResult<String> container = http.postForm(URI.create(user + "/threads"), target.accessToken(), form,
                "POST /{threads-user-id}/threads", false, json -> json.hasNonNull("id") ? json.path("id").asText() : null);
        if (!(container instanceof PlatformResult.Ok<String>(String id))) {
            return container.failure();
        }
        PlatformResult<String> status = http.get(URI.create(base + "/" + PlatformHttp.component(id) + "?fields=status,error_message"),
                target.accessToken(), Map.of(), "GET /{threads-container-id}", json -> json.hasNonNull("status") ? json.path("status").asText() : null);
        if (!(status instanceof PlatformResult.Ok<String>(String s))) {
            return status.failure();
        }
        if (!"FINISHED".equals(s)) {
            return "IN_PROGRESS".equals(s) ? new PlatformResult.Transient<>(0, "CONTAINER_IN_PROGRESS", "Threads is still preparing the reply", 30)
                    : new PlatformResult.Rejected<>(0, "CONTAINER_" + s.replaceAll("[^A-Z_]", ""), "Threads could not prepare the reply (" + s + ")");
        }
        return http.postForm(URI.create(user + "/threads_publish"), target.accessToken(), Map.of("creation_id", id),
                "POST /{threads-user-id}/threads_publish", true, json -> json.hasNonNull("id") ? new Published(json.path("id").asText(), url(target)) : null);
    }

    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        PlatformResult<JsonNode> listed = http.get(URI.create(base + "/" + PlatformHttp.component(to.externalId())
                        + "/replies?fields=id,text,username,timestamp,permalink&reverse=true"), target.accessToken(), Map.of(),
                "GET /{threads-media-id}/replies", json -> json.path("data").isArray() ? json : null);
        if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
            return listed.failure();
        }
        Instant since = armedAt.minus(Duration.ofMinutes(2));
        String me = handle(target);
        for (JsonNode r : json.path("data")) {
            Instant at = FacebookComments.created(r.path("timestamp").asText());
            if ((at == null || !at.isBefore(since)) && me.equalsIgnoreCase(r.path("username").asText()) && text.equals(r.path("text").asText())) {
                return new PlatformResult.Ok<>(new Reconciled.Found(new Published(r.path("id").asText(), r.path("permalink").asText(url(target)))));
            }
        }
        return new PlatformResult.Ok<>(json.path("paging").hasNonNull("next")
                ? new Reconciled.CannotTell("the reply's list goes on past one page") : new Reconciled.NotFound());
    }

    @Override
    public Automation automation(SocialAccount account, Mention item) {
        return item.postExternalId() != null ? Automation.ALLOWED : Automation.draftOnly(MENTION_ELSEWHERE);
    }

    private static String handle(Target target) {
        String h = target.account().handle();
        return h == null ? "" : h.startsWith("@") ? h.substring(1) : h;
    }

    private static String url(Target target) {
        return "https://www.threads.net/@" + PlatformHttp.component(handle(target));
    }
}
