package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.JobQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * The content jobs posts put on the content queue (SPEC §6): {@code publish_post} — one per post
 * and platform — and {@code regenerate_post}. Jobs carry ids only; the worker reads the post.
 */
public final class PublishJobs {

    public static final String PUBLISH = "publish_post";
    public static final String REGENERATE = "regenerate_post";

    private final JobQueue queue;

    public PublishJobs(JobQueue queue) {
        this.queue = queue;
    }

    public static ObjectNode publishJob(String tenantId, String postId, String platform) {
        ObjectNode j = Json.object();
        j.put("tenantId", tenantId);
        j.put("jobId", Ids.next("job"));
        j.put("type", PUBLISH);
        j.put("postId", postId);
        j.put("platform", platform);
        return j;
    }

    public void publish(Post p, List<String> platforms) {
        List<ObjectNode> jobs = new ArrayList<>();
        platforms.forEach(platform -> jobs.add(publishJob(p.tenantId, p.id, platform)));
        send(jobs);
    }

    /**
     * Asks for the publish job of {@code platform} again in {@code delaySeconds}, the {@code polls}-th time: a video
     * container Instagram is still processing is waited for by SQS, not by a sleeping worker.
     */
    public void later(String tenantId, String postId, String platform, int polls, int delaySeconds) {
        ObjectNode j = publishJob(tenantId, postId, platform);
        j.put("polls", polls);
        queue.send(List.of(new JobQueue.Delayed(j, delaySeconds)));
    }

    public void send(List<?> jobs) {
        if (!jobs.isEmpty()) {
            queue.send(jobs);
        }
    }

    public void regenerate(Post p) {
        ObjectNode j = Json.object();
        j.put("tenantId", p.tenantId);
        j.put("jobId", Ids.next("job"));
        j.put("type", REGENERATE);
        j.put("postId", p.id);
        j.put("regeneration", p.doc.path("regenerationRequested").asInt(1));
        queue.send(List.of(j));
    }
}
