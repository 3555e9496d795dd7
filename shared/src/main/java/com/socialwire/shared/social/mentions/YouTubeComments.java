package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YouTube comments on the channel's videos (Data API v3, scope {@code youtube.force-ssl}; quota per
 * developers.google.com/youtube/v3/determine_quota_cost: a list costs 1 unit, {@code comments.insert} 50, of 10,000 a
 * day per project):
 * <ul>
 *   <li>poll: {@code commentThreads.list?part=snippet,replies&allThreadsRelatedToChannelId=&order=time&textFormat=plainText
 *       &maxResults=100}, newest threads first, {@code pageToken} to older ones; a poll pages back (at most
 *       {@value #MAX_PAGES} pages) to the cursor ({@link Frontier}: the newest {@code publishedAt} handed over and the
 *       comments of that second).
 *       Top-level comments are {@code comment}s, the replies a thread carries (up to 5 in the list) that others wrote are
 *       {@code reply}s; the channel's own are skipped.</li>
 *   <li>reply: {@code comments.insert?part=snippet {snippet:{parentId, textOriginal}}} (parentId: the thread's top-level
 *       comment; YouTube threads are one level deep).</li>
 *   <li>findReply: {@code comments.list?part=snippet&parentId=}: the channel's reply with the text since the attempt.</li>
 *   <li>{@code quotaExceeded} on a read is a wait until the quota's day ends (midnight Pacific), not a refusal.</li>
 * </ul>
 */
public final class YouTubeComments implements MentionSource {

    static final int MAX_PAGES = 3;
    static final ZoneId QUOTA_DAY = ZoneId.of("America/Los_Angeles");

    private final PlatformHttp http;
    private final String base;

    /** @param apiBase {@code YOUTUBE_API_BASE} (https://www.googleapis.com/youtube/v3) */
    public YouTubeComments(PlatformHttp http, String apiBase) {
        this.http = http;
        this.base = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public List<String> scopes() {
        return List.of("https://www.googleapis.com/auth/youtube.force-ssl");
    }

    @Override
    public String platform() {
        return "youtube";
    }

    /** A poll is 1 to 3 units: every 10 minutes a channel costs at most 432 of the project's 10,000 daily units. */
    @Override
    public Duration minInterval() {
        return Duration.ofMinutes(10);
    }

    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        String channel = target.account().externalId();
        Frontier since = Frontier.parse(cursor);
        List<Mention> fresh = new ArrayList<>();
        String token = null;
        boolean reached = false;
        for (int i = 0; i < (since == null ? 1 : MAX_PAGES) && !reached; i++) {
            String url = base + "/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=" + PlatformHttp.component(channel)
                    + "&order=time&textFormat=plainText&maxResults=" + (since == null ? Math.clamp(max, 1, 100) : 100)
                    + (token == null ? "" : "&pageToken=" + PlatformHttp.component(token));
            PlatformResult<JsonNode> page = read(URI.create(url), target, "GET /youtube/v3/commentThreads");
            if (!(page instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
                return page.failure();
            }
            for (JsonNode thread : json.path("items")) {
                JsonNode top = thread.path("snippet").path("topLevelComment");
                if (since != null && since.passedBy(published(top))) {
                    reached = true; // threads come newest first: the rest are older (their new replies are in threads read here)
                }
                add(fresh, top, "comment", top.path("id").asText(), thread, channel, since);
                for (JsonNode reply : thread.path("replies").path("comments")) {
                    add(fresh, reply, "reply", top.path("id").asText(), thread, channel, since);
                }
            }
            token = ProviderHttp.text(json, "nextPageToken");
            reached |= token == null;
        }
        fresh.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::externalId));
        boolean more = fresh.size() > max;
        List<Mention> taken = fresh.subList(0, Math.min(max, fresh.size()));
        String next = taken.isEmpty() ? cursor : Frontier.after(since, taken, Mention::createdAt, Mention::externalId).toString();
        return new PlatformResult.Ok<>(new Page(taken, next, more));
    }

    private static void add(List<Mention> out, JsonNode comment, String type, String threadTop, JsonNode thread, String channel, Frontier since) {
        JsonNode s = comment.path("snippet");
        if (channel.equals(s.path("authorChannelId").path("value").asText()) || (since != null && !since.isNew(published(comment), comment.path("id").asText()))) {
            return;
        }
        String video = s.path("videoId").asText(thread.path("snippet").path("videoId").asText(""));
        Map<String, String> ref = new LinkedHashMap<>();
        ref.put("parentId", threadTop);
        ref.put("videoId", video);
        out.add(new Mention(comment.path("id").asText(), type, s.path("authorChannelId").path("value").asText(null),
                handle(s.path("authorChannelUrl").asText("")), s.path("authorDisplayName").asText(null),
                s.path("textOriginal").asText(s.path("textDisplay").asText("")), video.isEmpty() ? null : video,
                "https://www.youtube.com/watch?v=" + video + "&lc=" + comment.path("id").asText(),
                IsoInstant.parse(s.path("publishedAt").asText()), ref));
    }

    /** {@code http://www.youtube.com/@handle} → {@code @handle}; a channel URL without one → null. */
    private static String handle(String channelUrl) {
        int at = channelUrl.lastIndexOf("/@");
        return at < 0 ? null : channelUrl.substring(at + 1);
    }

    private static Instant published(JsonNode comment) {
        return IsoInstant.parse(comment.path("snippet").path("publishedAt").asText());
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        ObjectNode body = Json.object();
        body.putObject("snippet").put("parentId", to.replyRef().getOrDefault("parentId", to.externalId())).put("textOriginal", text);
        String video = to.replyRef().getOrDefault("videoId", "");
        return http.postJson(URI.create(base + "/comments?part=snippet"), target.accessToken(), Map.of(), body, "POST /youtube/v3/comments", true,
                json -> json.hasNonNull("id") ? new Published(json.path("id").asText(),
                        "https://www.youtube.com/watch?v=" + video + "&lc=" + json.path("id").asText()) : null);
    }

    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        String parent = to.replyRef().getOrDefault("parentId", to.externalId());
        PlatformResult<JsonNode> listed = read(URI.create(base + "/comments?part=snippet&textFormat=plainText&maxResults=100&parentId="
                + PlatformHttp.component(parent)), target, "GET /youtube/v3/comments");
        if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
            return listed.failure();
        }
        Instant since = armedAt.minus(Duration.ofMinutes(2));
        for (JsonNode c : json.path("items")) {
            JsonNode s = c.path("snippet");
            if (target.account().externalId().equals(s.path("authorChannelId").path("value").asText()) && text.equals(s.path("textOriginal").asText())
                    && !IsoInstant.parse(s.path("publishedAt").asText()).isBefore(since)) {
                return new PlatformResult.Ok<>(new Reconciled.Found(new Published(c.path("id").asText(),
                        "https://www.youtube.com/watch?v=" + to.replyRef().getOrDefault("videoId", "") + "&lc=" + c.path("id").asText())));
            }
        }
        return new PlatformResult.Ok<>(json.hasNonNull("nextPageToken")
                ? new Reconciled.CannotTell("the comment has more than 100 replies") : new Reconciled.NotFound());
    }

    /** A read; the project's daily quota spent is a wait until it renews at midnight Pacific time, never a refusal. */
    private PlatformResult<JsonNode> read(URI uri, Target target, String what) {
        PlatformResult<JsonNode> r = http.get(uri, target.accessToken(), Map.of(), what, json -> json.path("items").isArray() ? json : null);
        if (r instanceof PlatformResult.Rejected<JsonNode>(int status, String code, String message) && "quotaExceeded".equals(code)) {
            Instant renews = LocalDate.now(http.clock().withZone(QUOTA_DAY)).plusDays(1).atStartOfDay(QUOTA_DAY).toInstant();
            return new PlatformResult.Transient<>(status, code, message, Duration.between(http.clock().instant(), renews).toSeconds());
        }
        return r;
    }

    /** Channels answer comments on their own videos: YouTube has no rule against automated replies (spam policies apply). */
    @Override
    public Automation automation(SocialAccount account, Mention item) {
        return Automation.ALLOWED;
    }
}
