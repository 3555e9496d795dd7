package com.socialwire.local.runtime.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a platform sandbox has published, for the sandbox to list as the platform lists an account's posts (which is
 * what a lost answer is reconciled by) and for {@code GET /_local/<name>/_posts} to show. Thread-safe.
 */
public final class SandboxPosts {

    /** One post: its id, author (the platform's id of the account), text, media ids, when it was made, and extras. */
    public record Post(String id, String author, String text, List<String> media, Instant createdAt, Map<String, String> extra) {
        public Post {
            media = List.copyOf(media);
            extra = Map.copyOf(extra);
        }
    }

    private final List<Post> posts = new ArrayList<>();
    private final AtomicLong ids;
    private final Clock clock;

    /** {@code firstId}: where the platform's numeric ids start (so they look like its own). */
    public SandboxPosts(long firstId, Clock clock) {
        this.ids = new AtomicLong(firstId);
        this.clock = clock;
    }

    /** A new numeric id in this platform's range (posts, media, containers share it). */
    public String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Stores a post made now with a new id. */
    public Post add(String author, String text, List<String> media, Map<String, String> extra) {
        return add(nextId(), author, text, media, extra);
    }

    /** Stores a post made now with {@code id}. */
    public synchronized Post add(String id, String author, String text, List<String> media, Map<String, String> extra) {
        Post p = new Post(id, author, text, media, clock.instant(), extra);
        posts.add(p);
        return p;
    }

    /** {@code author}'s posts, newest first. */
    public synchronized List<Post> by(String author) {
        List<Post> out = new ArrayList<>();
        for (int i = posts.size() - 1; i >= 0; i--) {
            if (posts.get(i).author().equals(author)) {
                out.add(posts.get(i));
            }
        }
        return out;
    }

    /** Every post, oldest first. */
    public synchronized List<Post> all() {
        return List.copyOf(posts);
    }

    public synchronized Optional<Post> find(String id) {
        return posts.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * How a post has done (LOCAL SANDBOX numbers: made up from its id, growing with its age over about two days, the
     * same on every read): {@code views}, {@code reach}, {@code likes}, {@code comments}, {@code shares},
     * {@code reposts}, {@code quotes}, {@code saves}, {@code clicks}; all 0 in its first hour (the platforms' lag).
     */
    public long metric(Post p, String name) {
        long ageMinutes = java.time.Duration.between(p.createdAt(), clock.instant()).toMinutes();
        if (ageMinutes < 60) {
            return 0;
        }
        double grown = 1 - Math.exp(-ageMinutes / (48.0 * 60));
        long reach = Math.round((150 + Math.abs((long) p.id().hashCode()) % 600) * grown);
        return switch (name) {
            case "views" -> Math.round(reach * 1.7);
            case "reach" -> reach;
            case "likes" -> reach / 10;
            case "comments", "replies" -> reach / 70;
            case "shares", "reposts" -> reach / 45;
            case "quotes" -> reach / 200;
            case "saves" -> reach / 60;
            case "clicks" -> reach / 25;
            default -> 0;
        };
    }

    /** {@code GET /_posts}: every post, oldest first, labelled. */
    public synchronized SandboxResponse listing(String label) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sandbox", "LOCAL " + label.toUpperCase(java.util.Locale.ROOT) + " SANDBOX: these posts exist only on this machine");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Post p : posts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("author", p.author());
            m.put("text", p.text());
            m.put("media", p.media());
            m.put("createdAt", p.createdAt().toString());
            m.put("extra", p.extra()); // what it answers (in_reply_to_id…), its visibility
            list.add(m);
        }
        out.put("posts", list);
        return SandboxResponse.json(200, out);
    }
}
