package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.studio.rss.FeedRun;
import com.socialwire.shared.snapstart.Priming;

import java.util.Map;

/**
 * FeedRunFunction (EventBridge, every 5 minutes): checks the RSS/Atom feeds that are due, each on its own, and turns
 * their new items into drafts or scheduled posts. Two runs at once check no feed twice.
 */
public final class FeedRunHandler implements ScheduledRunHandler {

    private final FeedRun run;

    public FeedRunHandler() {
        this(Posts.fromEnvironment().feedRun());
        Priming.registerScheduled("feed run");
    }

    public FeedRunHandler(FeedRun run) {
        this.run = run;
    }

    @Override
    public Map<String, Object> runOnce() {
        return run.run().toMap();
    }
}
