package com.socialwire.engagement.store;

import com.socialwire.engagement.model.InboxItem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What makes an inbox item one of its author's violations: a moderation finding that moderation acted on. */
class PersonViolationTest {

    static InboxItem item(String action, String... flags) {
        Instant now = Instant.now();
        return new InboxItem("inb_x", "tnt_x", "instagram", "comment", "1", new InboxItem.Person("178", "mallory"), "text", null,
                "new", "normal", "neutral", action, "why", List.of(flags), null, now, now, now, 1);
    }

    @Test
    void aFindingModerationActedOnIsAViolationAComplaintOrASafeReplyIsNot() {
        assertEquals(true, PeopleStore.violation(item("hide", "spam")));
        assertEquals(true, PeopleStore.violation(item("ignore", "spam")), "spam the tenant ignores is still spam");
        assertEquals(true, PeopleStore.violation(item("hide", "threat", "toxicity")));
        assertEquals(true, PeopleStore.violation(item("escalate", "toxicity", "complaint")));
        assertEquals(true, PeopleStore.violation(item("escalate", "no_go_topic")));
        assertEquals(true, PeopleStore.violation(item("hide", "nsfw")));
        assertEquals(false, PeopleStore.violation(item("reply", "no_go_topic", "safe_reply_only")), "answered safely, by the tenant's policy");
        assertEquals(false, PeopleStore.violation(item("escalate", "no_go_topic", "safe_reply_only")),
                "a safe reply the model could not write is escalated for that, not for the person");
        assertEquals(false, PeopleStore.violation(item("escalate", "complaint")), "a complaint is feedback, not a violation");
        assertEquals(false, PeopleStore.violation(item("escalate")), "escalated for another reason (budget, token, the model)");
        assertEquals(false, PeopleStore.violation(item("reply", "toxicity")), "answered: moderation did not act on it");
    }
}
