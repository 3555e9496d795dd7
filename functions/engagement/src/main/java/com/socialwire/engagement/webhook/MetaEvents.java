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

    /** Something we do not act on, by webhook field ("message_echoes", "message_reactions", "standby", an unknown field...). */
    public record Ignored(String accountId, String field) implements Event {
    }

    /** Every event in {@code payload}, in delivery order; a payload without entries has none. */
    public static List<Event> read(JsonNode payload) {
        List<Event> out = new ArrayList<>();
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
