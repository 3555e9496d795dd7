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
import java.util.List;
import java.util.Map;

/**
 * Facebook Page comments arrive by webhook (the Page's {@code feed} field; the engagement context's Meta webhook), so
 * {@link #poll} reads nothing; the answer goes back here with the Page token (scope {@code pages_manage_engagement}):
 * <ul>
 *   <li>reply: {@code POST /{comment-id}/comments {message}} → {@code {id}}; no idempotency key.</li>
 *   <li>findReply: {@code GET /{comment-id}/comments?fields=id,message,from,created_time&order=reverse_chronological}:
 *       a comment by the Page with the reply's text since the attempt is {@link Reconciled.Found}.</li>
 * </ul>
 */
public final class FacebookComments implements MentionSource {

    static final int PAGE = 50;

    private final PlatformHttp http;
    private final String graphBase;

    /** @param graphBase {@code FACEBOOK_GRAPH_BASE} (https://graph.facebook.com/v21.0) */
    public FacebookComments(PlatformHttp http, String graphBase) {
        this.http = http;
        this.graphBase = ProviderHttp.trimBase(graphBase);
    }

    @Override
    public List<String> scopes() {
        return List.of("pages_read_user_content", "pages_manage_engagement");
    }

    @Override
    public String platform() {
        return "facebook";
    }

    @Override
    public boolean polled() {
        return false;
    }

    /** Webhook-driven: nothing to read, the cursor stays. */
    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        return new PlatformResult.Ok<>(new Page(java.util.List.of(), cursor, false));
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        return http.postForm(URI.create(graphBase + "/" + PlatformHttp.component(to.externalId()) + "/comments"), target.accessToken(),
                Map.of("message", text), "POST /{comment-id}/comments", true,
                json -> json.hasNonNull("id") ? new Published(json.path("id").asText(), "https://www.facebook.com/" + json.path("id").asText()) : null);
    }

    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        URI uri = URI.create(graphBase + "/" + PlatformHttp.component(to.externalId()) + "/comments?fields=id,message,from,created_time"
                + "&order=reverse_chronological&filter=stream&limit=" + PAGE);
        PlatformResult<JsonNode> listed = http.get(uri, target.accessToken(), Map.of(), "GET /{comment-id}/comments",
                json -> json.path("data").isArray() ? json : null);
        if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
            return listed.failure();
        }
        Instant since = armedAt.minus(Duration.ofMinutes(2));
        boolean reachesBack = !json.path("paging").hasNonNull("next");
        for (JsonNode c : json.path("data")) {
            Instant at = created(c.path("created_time").asText());
            if (at != null && at.isBefore(since)) {
                reachesBack = true;
            } else if (target.account().externalId().equals(c.path("from").path("id").asText()) && text.equals(c.path("message").asText())) {
                return new PlatformResult.Ok<>(new Reconciled.Found(new Published(c.path("id").asText(), "https://www.facebook.com/" + c.path("id").asText())));
            }
        }
        return new PlatformResult.Ok<>(reachesBack ? new Reconciled.NotFound()
                : new Reconciled.CannotTell("more than " + PAGE + " answers to the comment since the attempt"));
    }

    /** Graph's {@code 2026-12-04T19:55:00+0000}. */
    static Instant created(String graphTime) {
        try {
            return graphTime.endsWith("+0000") ? IsoInstant.parse(graphTime.substring(0, graphTime.length() - 5) + "Z") : IsoInstant.parse(graphTime);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A Page answers comments on its own posts: Meta allows it (pages_manage_engagement). */
    @Override
    public Automation automation(SocialAccount account, Mention item) {
        return Automation.ALLOWED;
    }
}
