package com.socialwire.posts.studio.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.time.Instant;

/**
 * One content generation job of a tenant: its validated request, the prompt it was written from (stored before the
 * model is called), its result or readable error, its credit usage and its times. Changed only through
 * {@link ContentJobStore#update}, conditional on {@link #version}.
 */
public final class ContentJob {

    public final String id;
    public final String tenantId;
    public final String accountId;
    public final JobType type;
    public final ObjectNode request;
    public final Instant createdAt;
    /** Who asked for it, {@code role:keyId}, and the key's id (the drafts it makes are created as that key). */
    public final String createdBy;
    public final String keyId;
    public JobStatus status;
    public long version;
    public ObjectNode prompt;
    public ObjectNode result;
    public String error;
    public ObjectNode usage;
    public Instant startedAt;
    /** When the attempt now running started: a redelivered message takes over an attempt older than the worker can run. */
    public Instant attemptStartedAt;
    public int attempts;
    public Instant finishedAt;
    /** While in_progress: when the stuck-job sweep refunds and fails it. */
    public Instant deadline;

    public ContentJob(String id, String tenantId, String accountId, JobType type, ObjectNode request, Instant createdAt,
                      String createdBy, String keyId, JobStatus status, long version) {
        this.id = id;
        this.tenantId = tenantId;
        this.accountId = accountId;
        this.type = type;
        this.request = request;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.keyId = keyId;
        this.status = status;
        this.version = version;
    }

    /** The ledger operation of its one paid call: a redelivered job finds the hold its first attempt took. */
    public String operationId() {
        return "content:" + id;
    }

    /** As the API shows it (the prompt has its own route). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("tenantId", tenantId);
        o.put("type", type.wire());
        o.put("status", status.wire());
        o.set("request", request.deepCopy());
        if (result == null) {
            o.putNull("result");
        } else {
            o.set("result", result.deepCopy());
        }
        o.put("error", error);
        if (usage == null) {
            o.putNull("usage");
        } else {
            o.set("usage", usage.deepCopy());
        }
        o.put("promptAssembled", prompt != null);
        o.put("createdBy", createdBy);
        o.put("createdAt", createdAt.toString());
        o.put("startedAt", startedAt == null ? null : startedAt.toString());
        o.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        o.put("deadline", deadline == null ? null : deadline.toString());
        o.put("attempts", attempts);
        o.put("version", version);
        return o;
    }
}
