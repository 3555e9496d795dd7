package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Comments on an organization page's recent posts (learn.microsoft.com linkedin/marketing/community-management:
 * posts-api, comments-api; scope {@code r_organization_social} to read, {@code w_organization_social} to answer; every
 * call with {@code LinkedIn-Version}):
 * <ul>
 *   <li>poll: the organization's {@value #POSTS} newest posts ({@code GET /rest/posts?author={org}&q=author}), then each
 *       one's comments ({@code GET /rest/socialActions/{postUrn}/comments}). Chosen over the organization's social-action
 *       notifications ({@code organizationalEntityNotifications}) because those need {@code r_organization_social_feed},
 *       which the connector does not ask and LinkedIn grants separately; the cost is one read per post. The cursor is a
 *       {@link Frontier} (the newest comment's {@code created.time} and the comments of that millisecond); a first poll
 *       takes the last day's. Comments on older posts are
 *       not seen. A member's own profile has no comments LinkedIn gives to apps: an empty page.</li>
 *   <li>reply: a nested comment, {@code POST /rest/socialActions/{commentUrn}/comments {actor: org, object, parentComment,
 *       message:{text}}} (LinkedIn nests one level: an answer to a nested comment goes under its parent).</li>
 *   <li>findReply: that parent's comments by the organization with the text since the attempt.</li>
 * </ul>
 */
public final class LinkedInComments implements MentionSource {

    static final int POSTS = 10;
    static final int COMMENTS = 50;
    static final Duration FIRST_POLL = Duration.ofDays(1);

    private final PlatformHttp http;
    private final String base;
    private final Map<String, String> headers;

    /** @param apiBase {@code LINKEDIN_API_BASE} (https://api.linkedin.com); {@code version} {@code LINKEDIN_VERSION} */
    public LinkedInComments(PlatformHttp http, String apiBase, String version) {
        this.http = http;
        this.base = ProviderHttp.trimBase(apiBase);
        this.headers = LinkedInConnector.restHeaders(version);
    }

    @Override
    public List<String> scopes() {
        return List.of("r_organization_social", "w_organization_social");
    }

    @Override
    public String platform() {
        return "linkedin";
    }

    /** Eleven reads a poll against LinkedIn's unpublished daily limits: every 15 minutes. */
    @Override
    public Duration minInterval() {
        return Duration.ofMinutes(15);
    }

    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        String org = target.account().externalId();
        if (org == null || !org.startsWith("urn:li:organization:")) {
            return new PlatformResult.Ok<>(new Page(List.of(), cursor, false));
        }
        Frontier since = Frontier.parse(cursor);
        Instant floor = http.clock().instant().minus(FIRST_POLL); // a first poll (or an unreadable cursor): the last day
        PlatformResult<JsonNode> posts = http.get(URI.create(base + "/rest/posts?author=" + PlatformHttp.component(org) + "&q=author&count="
                + POSTS + "&sortBy=LAST_MODIFIED"), target.accessToken(), headers, "GET /rest/posts", json -> json.path("elements").isArray() ? json : null);
        if (!(posts instanceof PlatformResult.Ok<JsonNode>(JsonNode list))) {
            return posts.failure();
        }
        List<Mention> fresh = new ArrayList<>();
        for (JsonNode post : list.path("elements")) {
            String urn = post.path("id").asText();
            PlatformResult<JsonNode> comments = comments(target, urn);
            if (!(comments instanceof PlatformResult.Ok<JsonNode>(JsonNode c))) {
                return comments.failure();
            }
            for (JsonNode comment : c.path("elements")) {
                Instant at = Instant.ofEpochMilli(comment.path("created").path("time").asLong(0));
                String commentUrn = comment.path("commentUrn").asText(comment.path("$URN").asText());
                boolean isNew = since == null ? at.isAfter(floor) : since.isNew(at, commentUrn);
                if (isNew && !org.equals(comment.path("actor").asText())) {
                    fresh.add(mention(urn, comment));
                }
            }
        }
        fresh.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::externalId));
        boolean more = fresh.size() > max;
        List<Mention> taken = fresh.subList(0, Math.min(max, fresh.size()));
        String next = !taken.isEmpty() ? Frontier.after(since, taken, Mention::createdAt, Mention::externalId).toString()
                : since != null ? cursor : new Frontier(floor, java.util.Set.of()).toString();
        return new PlatformResult.Ok<>(new Page(taken, next, more));
    }

    private static Mention mention(String postUrn, JsonNode comment) {
        String commentUrn = comment.path("commentUrn").asText(comment.path("$URN").asText());
        String parent = ProviderHttp.text(comment, "parentComment");
        Map<String, String> ref = new LinkedHashMap<>();
        ref.put("object", comment.path("object").asText(postUrn));
        ref.put("parentComment", parent != null ? parent : commentUrn);
        return new Mention(commentUrn, parent == null ? "comment" : "reply", comment.path("actor").asText(null), null, null,
                comment.path("message").path("text").asText(""), postUrn, "https://www.linkedin.com/feed/update/" + postUrn + "?commentUrn="
                + PlatformHttp.component(commentUrn), Instant.ofEpochMilli(comment.path("created").path("time").asLong(0)), ref);
    }

    private PlatformResult<JsonNode> comments(Target target, String urn) {
        return http.get(URI.create(base + "/rest/socialActions/" + PlatformHttp.component(urn) + "/comments?count=" + COMMENTS), target.accessToken(),
                headers, "GET /rest/socialActions/{urn}/comments", json -> json.path("elements").isArray() ? json : null);
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        String parent = to.replyRef().getOrDefault("parentComment", to.externalId());
        ObjectNode body = Json.object().put("actor", target.account().externalId()).put("object", to.replyRef().getOrDefault("object", to.postExternalId()))
                .put("parentComment", parent);
        body.putObject("message").put("text", text);
        return http.postJson(URI.create(base + "/rest/socialActions/" + PlatformHttp.component(parent) + "/comments"), target.accessToken(), headers,
                body, "POST /rest/socialActions/{urn}/comments", true, json -> {
                    String urn = json.path("commentUrn").asText(json.path("$URN").asText(""));
                    return urn.isEmpty() ? null : new Published(urn, url(to, urn));
                });
    }

    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        PlatformResult<JsonNode> listed = comments(target, to.replyRef().getOrDefault("parentComment", to.externalId()));
        if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
            return listed.failure();
        }
        long since = armedAt.minus(Duration.ofMinutes(2)).toEpochMilli();
        for (JsonNode c : json.path("elements")) {
            if (target.account().externalId().equals(c.path("actor").asText()) && text.equals(c.path("message").path("text").asText())
                    && c.path("created").path("time").asLong(0) >= since) {
                String urn = c.path("commentUrn").asText(c.path("$URN").asText());
                return new PlatformResult.Ok<>(new Reconciled.Found(new Published(urn, url(to, urn))));
            }
        }
        return new PlatformResult.Ok<>(json.path("paging").path("total").asInt(0) > json.path("elements").size()
                ? new Reconciled.CannotTell("the comment has more answers than one page") : new Reconciled.NotFound());
    }

    private static String url(Mention to, String urn) {
        return "https://www.linkedin.com/feed/update/" + to.postExternalId() + "?commentUrn=" + PlatformHttp.component(urn);
    }

    /** An organization answers comments on its own posts: LinkedIn's API terms allow it. */
    @Override
    public Automation automation(SocialAccount account, Mention item) {
        return Automation.ALLOWED;
    }
}
