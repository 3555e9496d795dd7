package com.socialwire.local.runtime.sandbox;

import java.util.List;

/** Every platform sandbox the local runtime serves (and the read API's): the one list a new platform's sandbox is added to. */
public final class Sandboxes {

    private Sandboxes() {
    }

    /** A fresh instance of each platform sandbox. */
    public static List<PlatformSandbox> all() {
        return List.of(
                new TranscribeSandbox(), // the reads' hosted transcription boundary, not a platform
                new RedditSandbox(),
                new DribbbleSandbox(),
                new TikTokSandbox(),
                new InstagramLoginSandbox(java.time.Clock.systemUTC()),
                new PinterestSandbox(),
                new YouTubeSandbox(),
                new BlueskySandbox(),
                new BlueskyNotificationsIndex(),
                new XSandbox(),
                new LinkedInSandbox(),
                new FacebookSandbox(),
                new MastodonSandbox(),
                new ThreadsSandbox(),
                new ReadApiSandbox());
    }
}
