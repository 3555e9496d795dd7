package com.socialwire.posts.studio.jobs;

import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.studio.ai.CaptionFit;
import com.socialwire.posts.studio.ai.Hashtags;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A job's generated text made to fit one platform by the studio's one fitter ({@link CaptionFit}: hashtags dropped
 * from the last, then a cut at a sentence end or a word, checked by the platform's own constraint check); a text that
 * cannot be made to fit is not used (never one that fails). No-go topics are the job's own check, before this.
 */
final class PlatformFit {

    private PlatformFit() {
    }

    /** {@code text} with as many of {@code hashtags} as fit on {@code platform}, cut if it must be; empty if nothing fits. */
    static Optional<String> fit(String text, List<String> hashtags, Platform platform) {
        CaptionFit.Result r = CaptionFit.fit(platform, text, hashtags, List.of());
        return r.fits() ? Optional.of(r.fitted().text()) : Optional.empty();
    }

    /** A model's hashtags as the posts API takes them ({@link Hashtags#normalise}, without the #), once each. */
    static List<String> tags(List<String> raw) {
        List<String> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String r : raw) {
            String t = Hashtags.normalise(r);
            if (t != null && !seen.contains(t.toLowerCase(Locale.ROOT))) {
                seen.add(t.toLowerCase(Locale.ROOT));
                out.add(t.substring(1));
            }
        }
        return out;
    }
}
