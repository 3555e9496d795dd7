package com.socialwire.engagement.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The last step of moderation: from the classifiers' findings and the tenant's policy to flags, action and reason. */
final class Decision {

    private Decision() {
    }

    /** The first rule that applies (see {@link Moderator}'s rules). */
    static ModerationResult of(Scores scores, boolean threat, Spam spamFound, Sentiment tone, List<String> noGo,
                               ModerationPolicy p) {
        double tox = scores.toxicity();
        double spam = scores.spam();
        double nsfw = scores.nsfw();
        String sentiment = tone.value();
        boolean negative = tone.negative();
        boolean question = tone.question();
        List<String> spamSignals = spamFound.signals();
        List<String> flags = new ArrayList<>(4);
        if (threat) {
            flags.add("threat");
        }
        if (tox >= Moderator.ESCALATE_TOXICITY) {
            flags.add("toxicity");
        }
        if (nsfw >= Moderator.HIDE_NSFW) {
            flags.add("nsfw");
        }
        if (spam >= Moderator.SPAM_THRESHOLD) {
            flags.add("spam");
        }
        if (!noGo.isEmpty()) {
            flags.add("no_go_topic");
        }
        String action;
        String priority;
        String reason;
        if (threat || tox >= Moderator.HIDE_TOXICITY || nsfw >= Moderator.HIDE_NSFW) {
            action = "hide";
            priority = threat ? "urgent" : "high";
            reason = threat ? "Threat of violence or self-harm"
                    : tox >= Moderator.HIDE_TOXICITY ? String.format(Locale.ROOT, "Toxicity threshold exceeded (%.2f)", tox)
                    : String.format(Locale.ROOT, "Sexually explicit content (nsfw %.2f)", nsfw);
        } else if (spam >= Moderator.SPAM_THRESHOLD) {
            action = p.spamAction();
            priority = "low";
            reason = "Looks like spam: " + String.join(", ", spamSignals);
        } else if (!noGo.isEmpty()) {
            String topics = "Mentions a no-go topic: " + String.join(", ", noGo);
            if (p.noGoAction().equals("safe_reply") && tox < Moderator.ESCALATE_TOXICITY) {
                action = "reply";
                flags.add("safe_reply_only");
                priority = negative ? "high" : "normal";
                reason = topics + "; reply only with a safe, neutral answer";
            } else {
                action = "escalate";
                priority = "high";
                reason = tox >= Moderator.ESCALATE_TOXICITY
                        ? topics + String.format(Locale.ROOT, "; possibly toxic (%.2f)", tox) : topics;
            }
        } else if (tox >= Moderator.ESCALATE_TOXICITY) {
            action = "escalate";
            priority = "high";
            reason = String.format(Locale.ROOT, "Possibly toxic or insulting (toxicity %.2f); needs human review",
                    tox);
        } else if (negative) {
            action = "reply";
            priority = "high";
            reason = "Negative feedback or complaint; reply and have a human follow up";
        } else {
            action = "reply";
            boolean praise = sentiment.equals("positive") && !question && flags.isEmpty();
            priority = praise ? "low" : "normal";
            reason = praise ? "Positive feedback" : question ? "Question" : "No issues found";
        }
        boolean dropped = action.equals("hide") || action.equals("ignore");
        if (negative && !dropped) {
            flags.add("complaint");
        }
        boolean allowed = !dropped && !threat && tox < Moderator.ESCALATE_TOXICITY && noGo.isEmpty();
        return new ModerationResult(allowed, scores, flags, action, reason, sentiment, priority, noGo, question);
    }
}
