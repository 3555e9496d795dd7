package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.publish.PublishRun;
import com.socialwire.shared.snapstart.Priming;

import java.util.Map;

/**
 * PublishRunFunction (EventBridge, every minute): claims the due scheduled posts and queues their
 * publish jobs, then re-drives posts stuck in publishing. Two runs at once publish nothing twice.
 */
public final class PublishRunHandler implements ScheduledRunHandler {

    private final PublishRun run;

    public PublishRunHandler() {
        this(Posts.fromEnvironment().publishRun());
        Priming.registerScheduled("publish run");
    }

    public PublishRunHandler(PublishRun run) {
        this.run = run;
    }

    @Override
    public Map<String, Object> runOnce() {
        return run.run().toMap();
    }
}
