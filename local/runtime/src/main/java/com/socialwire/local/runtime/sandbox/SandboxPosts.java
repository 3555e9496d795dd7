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

    public synchronized Optional<Post> find(String id) {
        return posts.stream().filter(p -> p.id().equals(id)).findFirst();
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
            list.add(m);
        }
        out.put("posts", list);
        return SandboxResponse.json(200, out);
    }
}
