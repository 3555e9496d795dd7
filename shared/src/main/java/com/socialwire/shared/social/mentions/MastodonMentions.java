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
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mastodon's mentions on the account's own instance (mastodon/documentation methods/notifications.md, methods/statuses.md;
 * scopes {@code read:notifications} and {@code write:statuses}):
 * <ul>
 *   <li>poll: {@code GET /api/v1/notifications?types[]=mention&min_id={cursor}&limit=} — {@code min_id} ("immediately
 *       newer than") rather than {@code since_id} ("newer than", answered newest first): with more than a page waiting,
 *       {@code since_id} answers the newest page and the ones between are never read. The cursor is the newest
 *       notification id read; the first poll reads only the newest page. A mention that answers one of the account's
 *       statuses ({@code in_reply_to_account_id} is the account) is a {@code reply} to it.</li>
 *   <li>reply: {@code POST /api/v1/statuses} {@code status} (starting "@acct" unless it names them), {@code in_reply_to_id},
 *       {@code visibility} as the mention's (a private mention is answered privately), with {@code Idempotency-Key} the
 *       dedupe key (Mastodon keeps it an hour and answers a repeat with the status it made).</li>
 *   <li>findReply: inside that hour the key makes a resend safe ({@link Reconciled.NotFound}); after it, the account's
 *       newest statuses are read for one answering the mention since the attempt.</li>
 * </ul>
 * 300 requests per 5 minutes per account: a poll a minute is far inside it.
 */
public final class MastodonMentions implements MentionSource {

    /** Mastodon's largest notifications page. */
    static final int MAX_PAGE = 80;
    /** How long Mastodon keeps an Idempotency-Key (an hour), less a margin for clocks and the call. */
    static final Duration KEY_KEPT = Duration.ofMinutes(55);
    static final int STATUSES_PAGE = 40;

    private final PlatformHttp http;

    public MastodonMentions(PlatformHttp http) {
        this.http = http;
    }

    @Override
    public List<String> scopes() {
        return List.of("read:notifications", "read:statuses", "write:statuses");
    }

    @Override
    public String platform() {
        return "mastodon";
    }

    @Override
    public Duration minInterval() {
        return Duration.ofMinutes(1);
    }

    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        int limit = Math.clamp(max, 1, MAX_PAGE);
        String query = "/api/v1/notifications?" + PlatformHttp.component("types[]") + "=mention&limit=" + limit
                + (cursor == null || cursor.isBlank() ? "" : "&min_id=" + PlatformHttp.component(cursor));
        PlatformResult<List<JsonNode>> page = http.get(api(target, query), target.accessToken(), Map.of(),
                "GET /api/v1/notifications", MastodonMentions::array);
        if (!(page instanceof PlatformResult.Ok<List<JsonNode>>(List<JsonNode> notifications))) {
            return page.failure();
        }
        List<JsonNode> sorted = new ArrayList<>(notifications);
        sorted.sort(Comparator.comparing(n -> n.path("id").asText(), MastodonMentions::compareIds));
        List<Mention> items = new ArrayList<>();
        String newest = cursor;
        for (JsonNode n : sorted) {
            newest = n.path("id").asText(newest);
            JsonNode status = n.path("status");
            if (!"mention".equals(n.path("type").asText()) || !status.hasNonNull("id")) {
                continue;
            }
            items.add(mention(target.account(), status));
        }
        boolean more = cursor != null && !cursor.isBlank() && notifications.size() >= limit;
        return new PlatformResult.Ok<>(new Page(items, newest, more));
    }

    private static Mention mention(SocialAccount account, JsonNode status) {
        JsonNode author = status.path("account");
        String inReplyToAccount = ProviderHttp.text(status, "in_reply_to_account_id");
        boolean reply = account.externalId() != null && account.externalId().equals(inReplyToAccount);
        Map<String, String> ref = new LinkedHashMap<>();
        ref.put("acct", author.path("acct").asText(""));
        ref.put("visibility", status.path("visibility").asText("public"));
        return new Mention(status.path("id").asText(), reply ? "reply" : "mention", author.path("id").asText(null),
                author.path("acct").asText(null), author.path("display_name").asText(null), Html.text(status.path("content").asText("")),
                reply ? ProviderHttp.text(status, "in_reply_to_id") : null, status.path("url").asText(status.path("uri").asText(null)),
                IsoInstant.parse(status.path("created_at").asText()), ref);
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        String acct = to.replyRef().getOrDefault("acct", to.authorHandle());
        String status = acct == null || acct.isBlank() || text.contains("@" + acct) ? text : "@" + acct + " " + text;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("status", status);
        form.put("in_reply_to_id", to.externalId());
        form.put("visibility", to.replyRef().getOrDefault("visibility", "public"));
        HttpRequest.Builder request = HttpRequest.newBuilder(api(target, "/api/v1/statuses"))
                .POST(PlatformHttp.formBody(form))
                .header("Content-Type", PlatformHttp.formContentType())
                .header("Authorization", "Bearer " + target.accessToken())
                .header("Idempotency-Key", dedupeKey);
        return http.send(request, "POST /api/v1/statuses", true, List.of(target.accessToken()),
                json -> json.hasNonNull("id") ? new Published(json.path("id").asText(), json.path("url").asText(json.path("uri").asText())) : null);
    }

    /**
     * Inside the key's hour a resend answers the status the attempt made, if it made one: {@link Reconciled.NotFound}.
     * After it: a status of the account answering the mention, made since the attempt (less 2 minutes for clocks), is
     * {@link Reconciled.Found}; none while the list reaches back to the attempt is {@link Reconciled.NotFound}; a list
     * that does not reach back cannot tell.
     */
    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        if (http.clock().instant().isBefore(armedAt.plus(KEY_KEPT))) {
            return new PlatformResult.Ok<>(new Reconciled.NotFound());
        }
        String account = PlatformHttp.component(target.account().externalId());
        PlatformResult<List<JsonNode>> recent = http.get(api(target, "/api/v1/accounts/" + account + "/statuses?limit=" + STATUSES_PAGE
                + "&exclude_reblogs=true"), target.accessToken(), Map.of(), "GET /api/v1/accounts/:id/statuses", MastodonMentions::array);
        if (!(recent instanceof PlatformResult.Ok<List<JsonNode>>(List<JsonNode> statuses))) {
            return recent.failure();
        }
        Instant since = armedAt.minus(Duration.ofMinutes(2));
        boolean reachesBack = statuses.size() < STATUSES_PAGE;
        for (JsonNode s : statuses) {
            if (IsoInstant.parse(s.path("created_at").asText()).isBefore(since)) {
                reachesBack = true;
            } else if (to.externalId().equals(ProviderHttp.text(s, "in_reply_to_id"))) {
                return new PlatformResult.Ok<>(new Reconciled.Found(new Published(s.path("id").asText(), s.path("url").asText(s.path("uri").asText()))));
            }
        }
        return new PlatformResult.Ok<>(reachesBack ? new Reconciled.NotFound()
                : new Reconciled.CannotTell("the account made more than " + STATUSES_PAGE + " statuses since the attempt"));
    }

    /** Anyone who mentions the account may be answered: Mastodon has no rule against automated replies (bots say so in their profile). */
    @Override
    public Automation automation(SocialAccount account, Mention item) {
        return Automation.ALLOWED;
    }

    private static List<JsonNode> array(JsonNode json) {
        if (!json.isArray()) {
            return null;
        }
        List<JsonNode> list = new ArrayList<>();
        json.forEach(list::add);
        return list;
    }

    /** Mastodon's ids are numbers as strings (snowflakes): the longer is the newer, then by digits. */
    static int compareIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static URI api(Target target, String pathAndQuery) {
        return URI.create(ProviderHttp.trimBase(target.account().instance()) + pathAndQuery);
    }
}
