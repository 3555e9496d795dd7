package com.socialwire.engagement;

import com.socialwire.engagement.poll.InboxPoller;
import com.socialwire.shared.Config;
import com.socialwire.shared.social.mentions.MentionSource;
import com.socialwire.shared.social.mentions.MentionSources;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the engagement functions' cold starts do not build, and what they answer all the same. */
class ColdStartWiringIT {

    @Test
    void theScheduledPollsColdStartBuildsNoPlatformSourceUntilOneIsLookedUp() throws Exception {
        EngagementFixture poll = new EngagementFixture("InboxPollFunction", Map.of());
        InboxPoller poller = poll.engagement.poller(); // what InboxPollHandler builds at its cold start
        Field held = InboxPoller.class.getDeclaredField("sources");
        held.setAccessible(true);
        Engagement.SourcesOnFirstUse sources = assertInstanceOf(Engagement.SourcesOnFirstUse.class, held.get(poller));
        assertFalse(sources.isBuilt(), "building the poll built the platforms' sources");

        Map<String, MentionSource> built = MentionSources.fromConfig(Config.of(poll.env.functionEnvironment("InboxPollFunction")));
        MentionSource bluesky = sources.get("bluesky");
        assertTrue(sources.isBuilt());
        assertSame(bluesky, sources.get("bluesky"), "built once");
        assertEquals(new ArrayList<>(built.keySet()), new ArrayList<>(sources.keySet()), "the same platforms, in the same order");
        for (String platform : built.keySet()) {
            assertEquals(built.get(platform).getClass(), sources.get(platform).getClass());
            assertEquals(built.get(platform).platform(), sources.get(platform).platform());
        }
        assertFalse(sources.containsKey("instagram"));
        assertEquals(null, sources.get("pinterest"));
    }

    /** The generated record text, from a record of the same name and components. */
    private record Summary(int polled, int newItems, int failed, int skipped) {
    }

    @Test
    void thePollSummaryLogsTheTextTheRecordGenerated() {
        SplittableRandom random = new SplittableRandom(1605);
        for (int i = 0; i < 500; i++) {
            int[] v = {random.nextInt(), random.nextInt(0, 1000), random.nextInt(-5, 5), random.nextInt()};
            assertEquals(new Summary(v[0], v[1], v[2], v[3]).toString(), new InboxPoller.Summary(v[0], v[1], v[2], v[3]).toString());
        }
    }
}
