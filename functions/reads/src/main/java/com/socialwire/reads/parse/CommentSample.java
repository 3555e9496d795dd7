package com.socialwire.reads.parse;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The deterministic ranked sample of comments a parse reads: comments and their replies, ranked by likes + replies
 * (ties by id, so the same comments in any order give the same sample), low-signal ones (emoji-only, very short,
 * duplicates of a higher-ranked comment, link spam) left out — or kept and flagged, for the {@code spam_low_signal}
 * mode — and the first {@code max} kept. It says what it left out, for the parse's limitations.
 */
public record CommentSample(List<Entry> comments, int available, int withoutId, Map<String, Integer> lowSignal,
                            boolean lowSignalKept, boolean providerTruncated, List<String> providerNotes) {

    /** The low-signal kinds, in the order they are tested. */
    public static final List<String> LOW_SIGNAL = List.of("link_spam", "emoji_only", "very_short", "duplicate");

    /** One sampled comment and, when it was kept although low-signal, which kind. */
    public record Entry(InstagramComment comment, String lowSignal) {
    }

    public CommentSample {
        comments = List.copyOf(comments);
        lowSignal = Map.copyOf(lowSignal);
        providerNotes = List.copyOf(providerNotes);
    }

    private static final Pattern URL = Pattern.compile(
            "(?i)(https?://|www\\.|\\b[a-z0-9-]+\\.(com|net|org|io|ly|co|me|shop|store|link|xyz|info|biz|app)\\b(/\\S*)?)");
    private static final List<String> PROMO = List.of("link in bio", "check my profile", "check my page", "dm me for",
            "dm for promo", "promote it on", "send pic to", "follow me back");
    private static final Pattern MENTION = Pattern.compile("@[\\w.]+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Comment ids are numbers of different lengths: a shorter one sorts first, so numeric ids keep their order. */
    static final Comparator<String> BY_ID = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private static final Comparator<InstagramComment> RANK = Comparator
            .comparingLong(CommentSample::score).reversed()
            .thenComparing(InstagramComment::id, BY_ID)
            .thenComparing(c -> c.text() == null ? "" : c.text());

    /** The sample of {@code read} (null or empty: an empty sample): at most {@code max}, low-signal ones flagged when {@code keepLowSignal}. */
    public static CommentSample of(CommentsRead read, int max, boolean keepLowSignal) {
        if (read == null) {
            return new CommentSample(List.of(), 0, 0, Map.of(), keepLowSignal, false, List.of());
        }
        List<InstagramComment> all = new ArrayList<>();
        int withoutId = 0;
        for (InstagramComment c : read.comments()) {
            withoutId += add(c, all);
            for (InstagramComment r : c.replies()) {
                withoutId += add(r, all);
            }
        }
        all.sort(RANK);
        Map<String, Integer> lowSignal = new LinkedHashMap<>();
        Set<String> seenIds = new HashSet<>();
        Set<String> seenTexts = new HashSet<>();
        List<Entry> kept = new ArrayList<>();
        int available = 0;
        for (InstagramComment c : all) {
            if (!seenIds.add(c.id())) {
                continue; // the same comment listed twice (as a comment and as a reply)
            }
            available++;
            String kind = lowSignal(c.text(), seenTexts);
            if (kind != null) {
                lowSignal.merge(kind, 1, Integer::sum);
                if (!keepLowSignal) {
                    continue;
                }
            }
            if (kept.size() < max) {
                kept.add(new Entry(c, kind));
            }
        }
        return new CommentSample(kept, available, withoutId, lowSignal, keepLowSignal, read.truncated(), read.notes());
    }

    private static int add(InstagramComment c, List<InstagramComment> all) {
        if (c.id() == null || c.id().isBlank()) {
            return 1; // a comment the model could not cite
        }
        all.add(c);
        return 0;
    }

    static long score(InstagramComment c) {
        return Math.max(0, c.likeCount() == null ? 0 : c.likeCount()) + Math.max(0, c.replyCount() == null ? 0 : c.replyCount());
    }

    /** Which low-signal kind {@code text} is, or null; {@code seen}: the normalized texts of higher-ranked comments. */
    static String lowSignal(String text, Set<String> seen) {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (URL.matcher(t).find() || PROMO.stream().anyMatch(lower::contains)) {
            return "link_spam";
        }
        String words = NOT_WORD.matcher(MENTION.matcher(lower).replaceAll(" ")).replaceAll(" ").strip();
        if (words.isEmpty()) {
            return "emoji_only"; // emoji, punctuation or tags only
        }
        int letters = words.replace(" ", "").length();
        if (!words.contains(" ") && letters < 6) {
            return "very_short";
        }
        if (!seen.add(words)) {
            return "duplicate";
        }
        return null;
    }

    /** The ids a parse output may cite. */
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        for (Entry e : comments) {
            ids.add(e.comment().id());
        }
        return ids;
    }

    public int size() {
        return comments.size();
    }

    public boolean hasReplies() {
        return comments.stream().anyMatch(e -> e.comment().parentId() != null);
    }

    /** What the parse read of the comments, for its limitations: always said when comments were read. */
    public List<String> limitations() {
        List<String> out = new ArrayList<>();
        if (available == 0) {
            out.add("no comments: the provider returned none to read" + (withoutId > 0 ? " (" + withoutId + " without an id left out)" : ""));
            if (providerTruncated) {
                out.add(truncated());
            }
            return out;
        }
        StringBuilder s = new StringBuilder("sampled comments: the parse read ").append(size()).append(" of ").append(available)
                .append(" comments (ranked by likes + replies, ties by id)");
        if (!lowSignal.isEmpty()) {
            s.append(lowSignalKept ? "; low-signal comments kept and flagged: " : "; low-signal comments left out: ");
            List<String> parts = new ArrayList<>();
            for (String kind : LOW_SIGNAL) {
                if (lowSignal.containsKey(kind)) {
                    parts.add(lowSignal.get(kind) + " " + kind.replace('_', ' '));
                }
            }
            s.append(String.join(", ", parts));
        }
        if (withoutId > 0) {
            s.append("; ").append(withoutId).append(" without an id left out");
        }
        out.add(s.toString());
        if (providerTruncated) {
            out.add(truncated());
        }
        return out;
    }

    private String truncated() {
        return "truncated comments: the provider returned fewer comments than asked, or ordered them in a way that cannot be verified"
                + (providerNotes.isEmpty() ? "" : " (" + String.join("; ", providerNotes) + ")");
    }
}
