package com.socialwire.posts.studio.ai;

import java.util.List;
import java.util.Map;

/**
 * When to post without a tenant's own history: three slots per platform (ISO day, hour in the audience's local time —
 * the tenant's time zone — and a relative score), labelled {@code source: "default"} wherever they show.
 *
 * <p>Source: the widely published rules of thumb summarised from Buffer, Sprout Social, CoSchedule, SocialPilot and
 * Hootsuite studies in https://designerly.com/best-time-to-post-on-social-media/ and
 * https://arvindbalagopal.in/?p=1066 (Facebook 1–4 pm weekdays, Wednesday best; Instagram 11 am–1 pm weekdays,
 * Wednesday best; X 9–11 am weekdays, Wednesday best; LinkedIn mid-week business hours), and Hootsuite's own
 * analysis of 40,000 tweets (3 pm weekdays for B2B) quoted at https://eproductions.gr/blog/the-best-time-to-post-on-facebook-twitter-and-instagram.
 * Bluesky, Threads, Mastodon and Dribbble have no such studies: they follow the closest network (Bluesky and Mastodon
 * X's, Threads Instagram's, Dribbble LinkedIn's). TikTok (evenings), Pinterest (evenings and weekends), Reddit (early
 * mornings, weekends) and YouTube (Thursday–Saturday afternoons) follow the same guides. These are starting points,
 * not measurements: the tenant's own history replaces them once it is large enough.
 */
final class BestTimeDefaults {

    private static final Map<String, List<BestTimes.Slot>> TABLE = Map.ofEntries(
            Map.entry("twitter", slots(3, 9, 2, 10, 4, 11)),
            Map.entry("linkedin", slots(2, 10, 3, 12, 4, 9)),
            Map.entry("facebook", slots(3, 13, 2, 14, 5, 9)),
            Map.entry("instagram", slots(3, 11, 2, 12, 5, 11)),
            Map.entry("tiktok", slots(2, 19, 4, 19, 5, 17)),
            Map.entry("pinterest", slots(6, 20, 5, 15, 7, 20)),
            Map.entry("reddit", slots(1, 8, 6, 9, 7, 9)),
            Map.entry("bluesky", slots(3, 9, 2, 10, 4, 11)),
            Map.entry("threads", slots(3, 11, 2, 12, 4, 12)),
            Map.entry("youtube", slots(5, 15, 6, 11, 4, 15)),
            Map.entry("mastodon", slots(3, 9, 2, 10, 4, 14)),
            Map.entry("dribbble", slots(2, 10, 3, 11, 4, 10)));

    private BestTimeDefaults() {
    }

    static List<BestTimes.Slot> of(String platform) {
        return TABLE.getOrDefault(platform, TABLE.get("twitter"));
    }

    /** Every platform with a row (a test holds the table to the platform registry). */
    static java.util.Set<String> platforms() {
        return TABLE.keySet();
    }

    private static List<BestTimes.Slot> slots(int d1, int h1, int d2, int h2, int d3, int h3) {
        return List.of(new BestTimes.Slot(d1, h1, 0.9, 0), new BestTimes.Slot(d2, h2, 0.85, 0), new BestTimes.Slot(d3, h3, 0.8, 0));
    }
}
