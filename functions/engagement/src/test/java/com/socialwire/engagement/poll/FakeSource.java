package com.socialwire.engagement.poll;

import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.mentions.MentionSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform's engagement as a test double of the {@link MentionSource} boundary: a timeline of mentions read oldest first
 * with the cursor as the count read so far; replies recorded as a platform keeps them (by the text and what they answer).
 * It can refuse the token, answer a rate limit, or lose a reply's answer after making it.
 */
final class FakeSource implements MentionSource {

    final String platform;
    final List<Mention> timeline = new CopyOnWriteArrayList<>();
    /** The replies that exist on the platform: "{externalId of what it answers}|{text}". */
    final List<String> replies = new CopyOnWriteArrayList<>();
    /** The cursors {@link #poll} was asked from, in order. */
    final List<String> polledFrom = new CopyOnWriteArrayList<>();
    /** The accounts {@link #poll} read, in order. */
    final List<String> polledAccounts = new CopyOnWriteArrayList<>();
    final AtomicInteger findReplies = new AtomicInteger();
    volatile PlatformResult<Page> failPoll;
    /** The next reply is made but its answer is lost ({@link PlatformResult.Unknown}). */
    volatile boolean loseNextReplyAnswer;

    FakeSource(String platform) {
        this.platform = platform;
    }

    Mention add(String id, String type, String authorId, String handle, String text) {
        Mention m = new Mention(id, type, authorId, handle, handle, text, "post-1", "https://example.test/" + id, Instant.now(),
                Map.of("root", "post-1", "parent", id));
        timeline.add(m);
        return m;
    }

    int repliesTo(String externalId) {
        return (int) replies.stream().filter(r -> r.startsWith(externalId + "|")).count();
    }

    @Override
    public String platform() {
        return platform;
    }

    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        polledFrom.add(String.valueOf(cursor));
        polledAccounts.add(target.account().accountId());
        if (failPoll != null) {
            return failPoll;
        }
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(timeline.size(), from + max);
        return new PlatformResult.Ok<>(new Page(timeline.subList(from, to), Integer.toString(to), to < timeline.size()));
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        replies.add(to.externalId() + "|" + text);
        String id = platform + "-reply-" + replies.size();
        if (loseNextReplyAnswer) {
            loseNextReplyAnswer = false;
            return new PlatformResult.Unknown<>("read timed out after the request was sent");
        }
        return new PlatformResult.Ok<>(new Published(id, "https://example.test/" + id));
    }

    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        findReplies.incrementAndGet();
        int at = replies.indexOf(to.externalId() + "|" + text);
        return new PlatformResult.Ok<>(at < 0 ? new Reconciled.NotFound()
                : new Reconciled.Found(new Published(platform + "-reply-" + (at + 1), null)));
    }

    /** X's rule: software answers only those who mentioned the account. */
    @Override
    public Automation automation(SocialAccount account, Mention item) {
        if ("twitter".equals(platform) && (item.text() == null || !item.text().contains("@" + account.handle()))) {
            return Automation.draftOnly("X allows automated replies only to posts that mention the account");
        }
        return Automation.ALLOWED;
    }
}
