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
import com.socialwire.shared.social.publishers.XPublisher;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X's mentions of the account (xdevplatform openapi: {@code GET /2/users/{id}/mentions}, newest first, {@code since_id},
 * {@code pagination_token} paging to older ones; {@code POST /2/tweets}; {@code GET /2/users/{id}/tweets}):
 * <ul>
 *   <li>poll: {@code since_id} the cursor (the newest post id read), {@code expansions=author_id,referenced_tweets.id.author_id},
 *       {@code tweet.fields=created_at,conversation_id,in_reply_to_user_id,referenced_tweets}; with more than a page
 *       new, the pages back to the cursor are read (at most {@value #MAX_PAGES}) so none in between is skipped. Every post
 *       read is a paid read ($0.005 each, owned reads $0.001): polls are at least {@link #minInterval} apart and a
 *       first poll reads one small page.</li>
 *   <li>reply: {@code POST /2/tweets {text, reply:{in_reply_to_tweet_id}}}. No idempotency key.</li>
 *   <li>findReply: the account's posts since the attempt ({@code GET /2/users/{id}/tweets?start_time=}) answering the
 *       mention ({@code referenced_tweets} replied_to), matched by text when there are several.</li>
 *   <li>automation: since 2026-02 self-serve apps may reply only when summoned — the post's author mentioned the
 *       account (beyond the mentions X puts in front of every reply) or quoted its post; anything else is drafted for a
 *       person.</li>
 * </ul>
 */
public final class XMentions implements MentionSource {

    static final int MAX_PAGES = 3;
    static final int FIRST_PAGE = 10;
    static final String FIELDS = "expansions=author_id,referenced_tweets.id.author_id&tweet.fields=created_at,conversation_id,"
            + "in_reply_to_user_id,referenced_tweets,author_id&user.fields=username,name";
    static final String NOT_SUMMONED = "X lets apps reply automatically only to posts whose author mentioned or quoted the account"
            + " (X API rules for self-serve apps since 2026-02); this one did not, so a person must answer it";
    private static final Pattern LEADING_MENTIONS = Pattern.compile("^(\\s*@[A-Za-z0-9_]{1,15})+\\s*");

    private final PlatformHttp http;
    private final String base;

    /** @param apiBase {@code X_API_BASE} (https://api.x.com) */
    public XMentions(PlatformHttp http, String apiBase) {
        this.http = http;
        this.base = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public List<String> scopes() {
        return List.of("tweet.read", "users.read", "tweet.write");
    }

    @Override
    public String platform() {
        return "twitter";
    }

    /** The mentions timeline allows 180 reads per 15 minutes per user, and each post read is paid: every 15 minutes. */
    @Override
    public Duration minInterval() {
        return Duration.ofMinutes(15);
    }

    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        boolean first = cursor == null || cursor.isBlank();
        String user = PlatformHttp.component(target.account().externalId());
        List<JsonNode> fresh = new ArrayList<>(); // newest first
        Map<String, JsonNode> users = new HashMap<>();
        Map<String, JsonNode> referenced = new HashMap<>();
        String token = null;
        for (int i = 0; i < (first ? 1 : MAX_PAGES); i++) {
            String url = base + "/2/users/" + user + "/mentions?max_results=" + (first ? Math.clamp(max, 5, FIRST_PAGE) : 100) + "&" + FIELDS
                    + (first ? "" : "&since_id=" + PlatformHttp.component(cursor)) + (token == null ? "" : "&pagination_token=" + PlatformHttp.component(token));
            PlatformResult<JsonNode> page = http.get(URI.create(url), target.accessToken(), Map.of(), "GET /2/users/:id/mentions",
                    json -> json.has("meta") || json.has("data") ? json : null);
            if (!(page instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
                return page.failure();
            }
            json.path("data").forEach(fresh::add);
            json.path("includes").path("users").forEach(u -> users.put(u.path("id").asText(), u));
            json.path("includes").path("tweets").forEach(t -> referenced.put(t.path("id").asText(), t));
            token = ProviderHttp.text(json.path("meta"), "next_token");
            if (token == null) {
                break;
            }
        }
        List<JsonNode> oldestFirst = new ArrayList<>(fresh.reversed());
        oldestFirst.sort((a, b) -> MastodonMentions.compareIds(a.path("id").asText(), b.path("id").asText()));
        boolean more = oldestFirst.size() > max;
        List<JsonNode> taken = oldestFirst.subList(0, Math.min(max, oldestFirst.size()));
        List<Mention> items = new ArrayList<>();
        for (JsonNode t : taken) {
            items.add(mention(target.account(), t, users, referenced));
        }
        return new PlatformResult.Ok<>(new Page(items, taken.isEmpty() ? cursor : taken.getLast().path("id").asText(), more));
    }

    private static Mention mention(SocialAccount account, JsonNode t, Map<String, JsonNode> users, Map<String, JsonNode> referenced) {
        String me = account.externalId();
        String repliedTo = null;
        boolean quotesMe = false;
        for (JsonNode r : t.path("referenced_tweets")) {
            String id = r.path("id").asText();
            if ("replied_to".equals(r.path("type").asText())) {
                repliedTo = id;
            } else if ("quoted".equals(r.path("type").asText()) && me.equals(referenced.getOrDefault(id, Json.object()).path("author_id").asText())) {
                quotesMe = true;
            }
        }
        boolean replyToMe = repliedTo != null && me.equals(ProviderHttp.text(t, "in_reply_to_user_id"));
        String text = t.path("text").asText("");
        JsonNode author = users.getOrDefault(t.path("author_id").asText(), Json.object());
        Map<String, String> ref = new LinkedHashMap<>();
        ref.put("conversationId", t.path("conversation_id").asText(""));
        ref.put("summoned", Boolean.toString(quotesMe || mentions(text, repliedTo != null, account.handle())));
        String handle = author.path("username").asText(null);
        return new Mention(t.path("id").asText(), replyToMe ? "reply" : "mention", t.path("author_id").asText(null), handle,
                author.path("name").asText(null), text, replyToMe ? repliedTo : null,
                "https://x.com/" + (handle == null ? "i/web" : handle) + "/status/" + t.path("id").asText(),
                t.hasNonNull("created_at") ? IsoInstant.parse(t.path("created_at").asText()) : null, ref);
    }

    /**
     * Whether {@code text} names {@code @handle} itself: in a reply, not only among the mentions X puts in front of it
     * (the people of the conversation), which the author did not write.
     */
    static boolean mentions(String text, boolean reply, String handle) {
        if (handle == null || handle.isBlank()) {
            return false;
        }
        String body = reply ? LEADING_MENTIONS.matcher(text).replaceFirst("") : text;
        Matcher m = Pattern.compile("@([A-Za-z0-9_]{1,15})").matcher(body);
        String h = handle.startsWith("@") ? handle.substring(1) : handle;
        while (m.find()) {
            if (m.group(1).toLowerCase(Locale.ROOT).equals(h.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        ObjectNode body = Json.object().put("text", text);
        body.putObject("reply").put("in_reply_to_tweet_id", to.externalId());
        return http.postJson(URI.create(base + "/2/tweets"), target.accessToken(), Map.of(), body, "POST /2/tweets", true, json -> {
            String id = ProviderHttp.text(json.path("data"), "id");
            return id == null ? null : new Published(id, XPublisher.permalink(target, id));
        });
    }

    /**
     * The account's posts since a minute before the attempt: one answering the mention is {@link Reconciled.Found}
     * (several: the one with the reply's text, X rewrites links so it compares the text without them); none in a listing
     * that ends is {@link Reconciled.NotFound}.
     */
    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        String url = base + "/2/users/" + PlatformHttp.component(target.account().externalId()) + "/tweets?max_results=100&start_time="
                + IsoInstant.format(armedAt.minus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + "&tweet.fields=created_at,referenced_tweets,in_reply_to_user_id";
        PlatformResult<JsonNode> listed = http.get(URI.create(url), target.accessToken(), Map.of(), "GET /2/users/:id/tweets",
                json -> json.has("meta") || json.has("data") ? json : null);
        if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode json))) {
            return listed.failure();
        }
        List<JsonNode> answers = new ArrayList<>();
        for (JsonNode t : json.path("data")) {
            for (JsonNode r : t.path("referenced_tweets")) {
                if ("replied_to".equals(r.path("type").asText()) && to.externalId().equals(r.path("id").asText())) {
                    answers.add(t);
                }
            }
        }
        List<JsonNode> same = answers.stream().filter(t -> withoutLinks(t.path("text").asText()).equals(withoutLinks(text))).toList();
        List<JsonNode> pick = answers.size() == 1 ? answers : same;
        if (pick.size() == 1) {
            String id = pick.getFirst().path("id").asText();
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(id, XPublisher.permalink(target, id))));
        }
        if (pick.size() > 1) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell(pick.size() + " posts of the account answer the mention with this text"));
        }
        if (!answers.isEmpty()) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account answered the mention since the attempt with another text"));
        }
        return new PlatformResult.Ok<>(json.path("meta").hasNonNull("next_token")
                ? new Reconciled.CannotTell("the account posted more than a page since the attempt") : new Reconciled.NotFound());
    }

    private static String withoutLinks(String text) {
        return text.replaceAll("https?://\\S+", "").replaceAll("\\s+", " ").strip();
    }

    @Override
    public Automation automation(SocialAccount account, Mention item) {
        String summoned = item.replyRef().get("summoned");
        boolean yes = summoned != null ? "true".equals(summoned) : mentions(item.text() == null ? "" : item.text(), "reply".equals(item.type()), account.handle());
        return yes ? Automation.ALLOWED : Automation.draftOnly(NOT_SUMMONED);
    }
}
