package com.socialwire.engagement.webhook;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one of Meta's Instagram webhook deliveries into the events we act on, whichever documented shape it comes in:
 * field changes as {@code entry[].changes[]} (Facebook Login) or flat as {@code entry[].field} / {@code entry[].value}
 * (Instagram Login), messaging as {@code entry[].messaging[]}, or a messaging event as the value of a {@code messages}
 * field (the dashboard's test delivery). What we do not act on is an {@link Ignored} event naming its field, so it can
 * be counted: echoes of what the brand sent ({@code is_echo}), reactions, reads, postbacks, referrals, messages
 * delivered on {@code standby} (another app owns the conversation), and any field we do not know. Pure; no I/O.
 */
public final class MetaEvents {

    private static final Pattern FIELD_NAME = Pattern.compile("[a-z0-9_.]{1,40}");

    private MetaEvents() {
    }

    /** Something one entry of a delivery told us, for the Instagram account {@code accountId}. */
    public sealed interface Event {
        String accountId();
    }

    /** A comment (or a reply to one: {@code parentId}) on the account's media, by someone other than the account. */
    public record Comment(String accountId, String commentId, String authorId, String authorName, String text, String mediaId,
                          String parentId) implements Event {
    }

    /** The account was @mentioned in a comment ({@code commentId}) or a caption (only {@code mediaId}). */
    public record Mention(String accountId, String commentId, String mediaId) implements Event {
    }

    /** A direct message to the account; {@code sentAt} from Meta's timestamp (milliseconds, or seconds in old samples). */
    public record Message(String accountId, String senderId, String mid, String text, Instant sentAt) implements Event {
    }

    /**
     * A comment on a Facebook Page's post ({@code object: page}, field {@code feed}, item {@code comment}) or a reply to a
     * Threads profile's post (Threads' {@code replies} webhook), by someone other than the account. {@code accountId}: the
     * Page's id or the Threads profile's id, whose social account the delivery is for; {@code parentId}: what it answers.
     */
    public record PlatformComment(String platform, String accountId, String commentId, String authorId, String authorName,
                                  String authorHandle, String text, String postId, String parentId, String url, Instant createdAt)
            implements Event {
    }

    /** Something we do not act on, by webhook field ("message_echoes", "message_reactions", "standby", an unknown field...). */
    public record Ignored(String accountId, String field) implements Event {
    }

    /** Whether {@code payload} is a Facebook Page's or a Threads profile's delivery (its events are {@link PlatformComment}s or ignored). */
    public static boolean pushed(JsonNode payload) {
        return threads(payload) || "page".equals(payload.path("object").asText());
    }

    private static boolean threads(JsonNode payload) {
        return payload.has("values") && !payload.has("entry");
    }

    /** Every event in {@code payload}, in delivery order; a payload without entries has none. */
    public static List<Event> read(JsonNode payload) {
        List<Event> out = new ArrayList<>();
        if (threads(payload)) {
            threads(payload, out); // Threads' webhooks: one value per delivery, no entries
            return out;
        }
        if ("page".equals(payload.path("object").asText())) {
            page(payload, out);
            return out;
        }
        for (JsonNode entry : payload.path("entry")) {
            String account = entry.path("id").asText("");
            for (JsonNode change : entry.path("changes")) {
                change(account, change.path("field").asText(""), change.path("value"), out);
            }
            if (entry.has("field")) {
                change(account, entry.path("field").asText(""), entry.path("value"), out); // Instagram Login's flat form
            }
            for (JsonNode m : entry.path("messaging")) {
                messaging(account, m, out);
            }
            for (JsonNode ignored : entry.path("standby")) {
                out.add(new Ignored(account, "standby"));
            }
        }
        return out;
    }

    /**
     * A Page's deliveries: its feed's comments added by others become {@link PlatformComment}s; everything else in the
     * feed (posts, reactions, likes, edits, removals), Page messages and other fields are counted as ignored.
     */
    private static void page(JsonNode payload, List<Event> out) {
        for (JsonNode entry : payload.path("entry")) {
            String page = entry.path("id").asText("");
            for (JsonNode change : entry.path("changes")) {
                String field = change.path("field").asText("");
                JsonNode v = change.path("value");
                String id = v.path("comment_id").asText("");
                String authorId = v.path("from").path("id").asText(null);
                if (!"feed".equals(field)) {
                    out.add(new Ignored(page, "page_" + countable(field)));
                } else if (!"comment".equals(v.path("item").asText()) || !"add".equals(v.path("verb").asText()) || id.isEmpty()) {
                    out.add(new Ignored(page, "page_feed_" + countable(v.path("item").asText("other"))));
                } else if (!page.equals(authorId)) { // the Page's own comments (our replies too) make no job
                    String postId = v.path("post_id").asText(null);
                    String parent = v.path("parent_id").asText(null);
                    out.add(new PlatformComment("facebook", page, id, authorId, v.path("from").path("name").asText(null), null,
                            v.path("message").asText(""), postId, parent != null && !parent.equals(postId) ? parent : null,
                            "https://www.facebook.com/" + id, sentAt(v.path("created_time"))));
                }
            }
            for (JsonNode ignored : entry.path("messaging")) {
                out.add(new Ignored(page, "page_messages"));
            }
        }
    }

    /**
     * Threads' {@code replies} webhook: {@code target_id} is the profile the app was installed by, {@code values.value}
     * the reply (author's username only, what it replied to, the root post and its owner). The profile's own replies
     * (the reply's username is the root post's owner's) make no job.
     */
    private static void threads(JsonNode payload, List<Event> out) {
        JsonNode values = payload.path("values");
        String field = values.path("field").asText("");
        JsonNode v = values.path("value");
        JsonNode root = v.path("root_post");
        String account = payload.path("target_id").asText(root.path("owner_id").asText(""));
        String id = v.path("id").asText("");
        if (!"replies".equals(field) || id.isEmpty()) {
            out.add(new Ignored(account, "threads_" + countable(field)));
            return;
        }
        String username = v.path("username").asText(null);
        if (username != null && username.equals(root.path("username").asText(null))) {
            return;
        }
        String parent = v.path("replied_to").path("id").asText(null);
        String rootId = root.path("id").asText(null);
        Instant at = null;
        try {
            at = java.time.OffsetDateTime.parse(v.path("timestamp").asText(""),
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")).toInstant();
        } catch (java.time.format.DateTimeParseException unknown) {
            // no time: the delivery's
        }
        // Threads names the author by username only: it is their id in the inbox (and their people history) too
        out.add(new PlatformComment("threads", account, id, username, username, username, v.path("text").asText(""), rootId,
                parent != null && !parent.equals(rootId) ? parent : null, v.path("permalink").asText(null), at));
    }

    /** A field name fit to count under: Meta's own names pass, anything else is "other". */
    public static String countable(String field) {
        return field != null && FIELD_NAME.matcher(field).matches() ? field : "other";
    }

    private static void change(String account, String field, JsonNode v, List<Event> out) {
        switch (field) {
            case "comments", "live_comments" -> {
                String id = v.path("id").asText("");
                String authorId = v.path("from").path("id").asText(null);
                if (id.isEmpty()) {
                    out.add(new Ignored(account, field));
                } else if (!account.equals(authorId)) { // the account's own comments (our replies too) make no job
                    out.add(new Comment(account, id, authorId, v.path("from").path("username").asText(null), v.path("text").asText(""),
                            v.path("media").path("id").asText(null), v.path("parent_id").asText(null)));
                }
            }
            case "mentions" -> {
                String commentId = v.path("comment_id").asText(null);
                String mediaId = v.path("media_id").asText(null);
                out.add(commentId == null && mediaId == null ? new Ignored(account, field) : new Mention(account, commentId, mediaId));
            }
            case "messages" -> messaging(account, v, out);
            default -> out.add(new Ignored(account, countable(field)));
        }
    }

    private static void messaging(String account, JsonNode m, List<Event> out) {
        JsonNode message = m.path("message");
        String sender = m.path("sender").path("id").asText("");
        if (message.isObject()) {
            String mid = message.path("mid").asText("");
            if (message.path("is_echo").asBoolean(false) || sender.equals(account)) {
                out.add(new Ignored(account, "message_echoes")); // what the brand itself sent: never answered
            } else if (message.path("is_deleted").asBoolean(false)) {
                out.add(new Ignored(account, "message_deletes"));
            } else if (mid.isEmpty() || sender.isEmpty()) {
                out.add(new Ignored(account, "messages"));
            } else {
                out.add(new Message(account, sender, mid, text(message), sentAt(m.path("timestamp"))));
            }
        } else if (m.has("reaction")) {
            out.add(new Ignored(account, "message_reactions"));
        } else if (m.has("read")) {
            out.add(new Ignored(account, "messaging_seen"));
        } else if (m.has("postback")) {
            out.add(new Ignored(account, "messaging_postbacks"));
        } else if (m.has("referral")) {
            out.add(new Ignored(account, "messaging_referral"));
        } else {
            out.add(new Ignored(account, "messaging_other"));
        }
    }

    /** The message's text, or for attachments alone a note of what they are ("[image, video]"). */
    private static String text(JsonNode message) {
        String text = message.path("text").asText("");
        JsonNode attachments = message.path("attachments");
        if (text.isEmpty() && attachments.isArray() && !attachments.isEmpty()) {
            List<String> types = new ArrayList<>();
            for (JsonNode a : attachments) {
                types.add(countable(a.path("type").asText("attachment")));
            }
            return "[" + String.join(", ", types) + "]";
        }
        return text;
    }

    /** Meta sends milliseconds; the dashboard's sample sends seconds as a string. Anything else is unknown (null). */
    static Instant sentAt(JsonNode timestamp) {
        long t = timestamp.isNumber() ? timestamp.asLong() : parse(timestamp.asText(""));
        if (t <= 0) {
            return null;
        }
        return t < 100_000_000_000L ? Instant.ofEpochSecond(t) : Instant.ofEpochMilli(t);
    }

    private static long parse(String s) {
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
