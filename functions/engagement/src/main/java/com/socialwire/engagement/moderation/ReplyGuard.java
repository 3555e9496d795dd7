package com.socialwire.engagement.moderation;

import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.text.Folding;
import com.socialwire.shared.text.TopicMatcher;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a generated reply before it is sent on the brand's behalf. A model can be talked into anything by the text
 * it answers, so the reply may carry only what the brand itself provided (its name, handle and brand voice): a link,
 * an {@code @handle}, an offer (discount, code, price, free, giveaway, refund...) or a sign that the model followed
 * the commenter's instructions makes the reply uncertain, and an uncertain reply goes to a person instead of out.
 * Also refused: no text, too long, a no-go topic, or what moderation would not let through.
 */
public final class ReplyGuard {

    static final int MAX_CHARS = 600;

    /** Offer words, matched with the one topic matcher; each is allowed if the brand voice uses it too. */
    private static final List<String> OFFER_TERMS = List.of("discount", "coupon", "voucher", "promo", "promotion",
            "code", "free", "freebie", "giveaway", "give away", "prize", "win", "winner", "sale", "cashback",
            "cash back", "refund", "reimburse", "compensation", "percent", "half price", "bogo", "buy one get one");
    /** Phrases a reply only contains when the model obeyed or discussed the text it was answering. */
    private static final List<String> INJECTION_TELLS = List.of("previous instructions", "prior instructions",
            "system prompt", "my instructions", "as an ai", "language model", "untrusted text");
    /** Everyday phrases that contain an offer word but offer nothing ("feel free to DM us", "gluten-free"). */
    private static final Pattern HARMLESS_FREE = Pattern.compile(
            "(?iu)\\bfeel\\s+free\\b|\\b[\\p{L}]+-free\\b|\\bfree\\s+to\\b");
    /** Money and percentages: "$5", "5 €", "10%", "20 usd". */
    private static final Pattern AMOUNT = Pattern.compile(
            "(?iu)[$€£¥]\\s?\\d[\\d.,]*|\\d[\\d.,]*\\s?(?:[$€£¥%]|usd|eur|gbp|dollars?|euros?|pounds?|percent)(?![\\p{L}])");
    /** A code to type in: capitals and digits mixed, 4 to 20 long ("SUMMER10", "XMAS2026"). */
    private static final Pattern CODE = Pattern.compile("(?<![\\p{L}\\p{N}])(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*[0-9])[A-Z0-9]{4,20}(?![\\p{L}\\p{N}])");
    /** Bare domains the spam scanner does not count ("evil.example", "shop.new"): a reply is held to a stricter rule. */
    private static final Pattern BARE_DOMAIN = Pattern.compile(
            "(?<![\\w@.-])[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\.[a-z]{2,24}(?![\\w-])(?:/\\S*)?");

    private final Moderator moderator;

    public ReplyGuard(Moderator moderator) {
        this.moderator = moderator;
    }

    /** Why {@code reply} must not be sent for {@code tenant} (a short sentence for the person who takes over), or null. */
    public String refusal(Tenant tenant, String reply) {
        if (reply == null || reply.isBlank()) {
            return "the model returned no text";
        }
        if (reply.length() > MAX_CHARS) {
            return "the reply is too long";
        }
        if (TopicMatcher.mentionsAny(reply, tenant.noGoTopics())) {
            return "the generated reply touched a no-go topic";
        }
        String provided = provided(tenant);
        Set<String> links = minus(links(reply), links(provided));
        if (!links.isEmpty()) {
            return "the generated reply contains a link the brand did not provide (" + String.join(", ", links) + ")";
        }
        Set<String> handles = minus(handles(reply), handles(provided));
        if (!handles.isEmpty()) {
            return "the generated reply tags an account the brand did not provide (@" + String.join(", @", handles) + ")";
        }
        Set<String> offers = minus(offers(reply), offers(provided));
        if (!offers.isEmpty()) {
            return "the generated reply makes an offer the brand did not provide (" + String.join(", ", offers) + ")";
        }
        if (TopicMatcher.mentionsAny(reply, INJECTION_TELLS)) {
            return "the generated reply looks like it followed instructions in the message";
        }
        ModerationResult check = moderator.assess(reply, ModerationPolicy.NONE);
        if (!check.allowed()) {
            return "the generated reply failed moderation: " + check.reason();
        }
        return null;
    }

    /** An Instagram username as given ({@code @} optional), or null if it is not one: letters, digits, '.' and '_'. */
    public static String handle(String username) {
        if (username == null) {
            return null;
        }
        String u = username.startsWith("@") ? username.substring(1) : username;
        return u.matches("[A-Za-z0-9._]{1,30}") ? u : null;
    }

    /** What the brand gave us to say: its name, its handle and its brand voice. */
    private static String provided(Tenant tenant) {
        return String.join("\n", tenant.name() == null ? "" : tenant.name(),
                tenant.igHandle() == null ? "" : "@" + tenant.igHandle(), tenant.brandVoice() == null ? "" : tenant.brandVoice());
    }

    /** Hosts of every link and e-mail address, lower-cased without "www.". */
    static Set<String> links(String text) {
        String compat = Folding.compat(text);
        Set<String> out = new LinkedHashSet<>();
        for (int[] span : Links.find(compat)) {
            if (span[2] != Links.MENTION) {
                out.add(host(compat.substring(span[0], span[1])));
            }
        }
        Matcher bare = BARE_DOMAIN.matcher(compat.toLowerCase(Locale.ROOT));
        while (bare.find()) {
            out.add(host(bare.group()));
        }
        return out;
    }

    private static Set<String> handles(String text) {
        String compat = Folding.compat(text);
        Set<String> out = new LinkedHashSet<>();
        for (int[] span : Links.find(compat)) {
            if (span[2] == Links.MENTION) {
                out.add(trimDots(compat.substring(span[0] + 1, span[1]).toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private static Set<String> offers(String text) {
        String compat = Folding.compat(text);
        Set<String> out = new LinkedHashSet<>();
        for (String term : TopicMatcher.matches(HARMLESS_FREE.matcher(compat).replaceAll(" "), OFFER_TERMS)) {
            out.add(term);
        }
        Matcher amount = AMOUNT.matcher(compat);
        while (amount.find()) {
            out.add(amount.group().replaceAll("\\s", "").toLowerCase(Locale.ROOT));
        }
        Matcher code = CODE.matcher(compat);
        while (code.find()) {
            out.add(code.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String host(String link) {
        String h = link.toLowerCase(Locale.ROOT);
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int at = h.lastIndexOf('@');
        if (at >= 0) {
            h = h.substring(at + 1); // an e-mail address (or user@host): the domain is what matters
        }
        for (char stop : new char[] {'/', '?', '#', ':'}) {
            int i = h.indexOf(stop);
            if (i >= 0) {
                h = h.substring(0, i);
            }
        }
        h = trimDots(h);
        return h.startsWith("www.") ? h.substring(4) : h;
    }

    private static String trimDots(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ',')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static Set<String> minus(Set<String> found, Set<String> allowed) {
        found.removeAll(allowed);
        return found;
    }
}
