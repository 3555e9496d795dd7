package com.socialwire.posts.platform;

import com.socialwire.posts.platform.Platform.Counting;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The twelve platforms Socialwire validates posts for, in a stable order. {@code active}: Socialwire publishes there —
 * Instagram through the Graph API, the others marked active through the tenant's connected account of them; the rest
 * validate, but publishing answers "not connected yet". {@code approvedApp}: Reddit and Dribbble publish only through
 * an app they approved.
 *
 * <p>The numbers follow the social-media-manager seed's quick-reference table (X 280, LinkedIn 3,000, Facebook 63,206,
 * Instagram 2,200, TikTok 4,000, Pinterest 500, Reddit 40,000, Bluesky 300, Threads 500, Mastodon 500) and, where it
 * says nothing, each platform's own documentation:
 * <ul>
 *   <li>YouTube: the description holds 5,000 characters (the title is separate) and a post is exactly one video; more
 *       than 60 hashtags make YouTube ignore all of them, so 60 is the limit.</li>
 *   <li>Dribbble: a shot is exactly one GIF, JPEG or PNG image. Dribbble documents no description limit; Socialwire
 *       keeps it to 1,000 characters. Dribbble has its own tags, so hashtags are not appended.</li>
 *   <li>Instagram: the Graph API publishes JPEG images (and MP4/MOV videos) only, up to 10 carousel items, 30
 *       hashtags.</li>
 *   <li>X and Mastodon count every URL as 23 characters; X also weighs CJK and emoji as 2; Bluesky counts
 *       graphemes.</li>
 *   <li>A post's optional {@code title} (at most {@code maxTitleCharacters}): Reddit 300, YouTube and Pinterest 100,
 *       Dribbble 255, a TikTok photo post 90; the other platforms publish no title and ignore it.</li>
 *   <li>Thread limits (25 parts) are Socialwire's own choice.</li>
 * </ul>
 */
public final class Platforms {

    private static final String JPEG = "image/jpeg";
    private static final String PNG = "image/png";
    private static final String GIF = "image/gif";
    private static final String WEBP = "image/webp";
    private static final String MP4 = "video/mp4";
    private static final String MOV = "video/quicktime";
    private static final int THREAD_PARTS = 25;

    private static final List<Platform> ALL = List.of(
            new Platform("twitter", 280, null, 4, List.of(JPEG, PNG, GIF, WEBP, MP4),
                    true, true, false, false, null, THREAD_PARTS, true, false, 23, Counting.WEIGHTED,
                    "X counts every URL as 23 characters and CJK characters and emoji as 2. Up to 4 images, or 1 video,"
                            + " or 1 animated GIF, never mixed; in a thread the media go with the first part."
                            + " Long posts (25,000 characters, X Premium) are not supported. Published through the tenant's"
                            + " X account (OAuth 2.0); X has no idempotency key, so a lost answer is looked up in the"
                            + " account's timeline (a post with links that cannot be told apart ends needs_review). A video"
                            + " or animated GIF goes through X's chunked upload (video up to 512 MB; X checks its length) and"
                            + " is posted once X has processed it. A thread is posted part by part, each replying to the one"
                            + " before; one that stopped half-way goes on from the parts found in the timeline, never"
                            + " posting a part twice."),
            new Platform("linkedin", 3_000, null, 1, List.of(JPEG, PNG, GIF, MP4),
                    false, true, false, false, null, 0, true, false, null, Counting.CHARACTERS,
                    "One image or one video per post. Links are clickable and count as written. Published through the"
                            + " tenant's LinkedIn member or organization account; a lost answer is looked up among an"
                            + " organization's posts (a member's cannot be listed: it ends needs_review). A video (MP4, up"
                            + " to 500 MB) is uploaded in parts and published once LinkedIn has processed it."),
            new Platform("facebook", 63_206, null, 10, List.of(JPEG, PNG, GIF, WEBP, MP4, MOV),
                    false, true, true, false, null, 0, true, true, null, Counting.CHARACTERS,
                    "Media are passed to Facebook as public URLs; up to 10 photos and videos in one post."
                            + " Links get a preview card. Published to a connected Page with its own Page token: photos"
                            + " uploaded unpublished, then one feed post with them (a post with photos carries no link card);"
                            + " a lost answer is looked up among the Page's published posts. A post's one video is published"
                            + " as a reel of the Page (3 to 90 seconds, 9:16 recommended; Meta caps API reels at 30 a Page a"
                            + " day): Meta pulls it by URL and processes it, then one call publishes it, and a lost answer is"
                            + " settled by that video's status. A video cannot share a post with photos, another video or a"
                            + " link card."),
            new Platform("instagram", 2_200, null, 10, List.of(JPEG, MP4, MOV),
                    false, true, true, true, 30, 0, true, true, null, Counting.CHARACTERS,
                    "Needs at least one image or video; a carousel holds up to 10 images and videos. The Graph API"
                            + " publishes JPEG images only (convert PNG or WebP first). At most 30 hashtags; links in a"
                            + " caption are not clickable. The caption may be empty. Published to the tenant's Instagram"
                            + " business or creator account, connected through Instagram Login"
                            + " (POST /v1/tenants/{id}/oauth/instagram/start) or the tenant's igAccessToken."),
            new Platform("tiktok", 4_000, 90, 35, List.of(MP4, MOV, JPEG, WEBP),
                    false, true, true, true, null, 0, true, false, null, Counting.CHARACTERS,
                    "One video, or a photo post of 1 to 35 JPEG or WebP photos; the caption counts hashtags and mentions"
                            + " (a video's caption holds 2,200 characters, a photo post's description 4,000); a photo post's"
                            + " title is the post's title (90 characters). Links are not clickable (bio only). Published"
                            + " through the tenant's TikTok account by Direct Post, TikTok"
                            + " pulling the media from their URLs (their domain must be verified in the TikTok developer"
                            + " portal), with the most public privacy level TikTok offers the creator (an app TikTok has not"
                            + " audited is offered SELF_ONLY only); the post is followed by its publish id until TikTok has"
                            + " made it, and a lost answer is looked up among the creator's videos. A creator who cannot post"
                            + " now (TikTok's daily cap) fails with that reason."),
            new Platform("pinterest", 500, 100, 5, List.of(JPEG, PNG, GIF, WEBP, MP4, MOV),
                    false, true, true, true, null, 0, true, false, null, Counting.CHARACTERS,
                    "A Pin needs one image, a carousel of 2 to 5 images, or one video; the text is the Pin description"
                            + " (the 100-character title and the destination link are separate). Published to a connected"
                            + " board (each of the user's boards is an account): images passed by URL, a video uploaded and"
                            + " waited for while Pinterest processes it (its cover a frame of the video); a lost answer is"
                            + " looked up among the board's pins."),
            new Platform("reddit", 40_000, 300, 20, List.of(JPEG, PNG, GIF, MP4, MOV),
                    false, false, true, false, null, 0, true, false, null, Counting.CHARACTERS,
                    "The text is the post body; the post's title (300 characters) is its title, else the text's first"
                            + " line is. Published through the tenant's Reddit account to the subreddit (or the user's own"
                            + " profile) connected as the account: a text post, a link post (the post's link) or one image;"
                            + " a lost answer is looked up among the user's submissions by subreddit and title. Galleries"
                            + " and videos are accepted here but not published yet: their delivery fails saying so."
                            + " Hashtags mean nothing on Reddit and are not appended.",
                    "Reddit's Data API takes only apps Reddit has approved (Responsible Builder Policy, since November"
                            + " 2025): connecting and publishing work once the operator's Reddit app is approved."),
            new Platform("bluesky", 300, null, 4, List.of(JPEG, PNG, GIF, WEBP, MP4),
                    true, true, false, false, null, THREAD_PARTS, true, false, null, Counting.GRAPHEMES,
                    "Counts graphemes (an emoji or a flag is 1). Up to 4 images of at most 1 MB each, with their alt"
                            + " text; a post without images gets a link card for its first link. Published through the"
                            + " tenant's Bluesky account (handle + app password), exactly once by its record key; a thread"
                            + " as replies to its first part, each part under its own key. A video is accepted here but not"
                            + " published yet: its delivery fails saying so."),
            new Platform("threads", 500, null, 10, List.of(JPEG, PNG, MP4, MOV),
                    true, true, true, false, null, THREAD_PARTS, true, true, null, Counting.CHARACTERS,
                    "One image or video, or a carousel of up to 10 (several media make a carousel). Threads turns only"
                            + " the first hashtag of a post into a topic. Published through the tenant's Threads profile:"
                            + " a media container, then threads_publish; a lost answer is settled by the container's status"
                            + " (PUBLISHED: it went out, found among the profile's threads). A video (and a video in a"
                            + " carousel) is published once Threads has processed it. A thread is posted part by part,"
                            + " each replying to the part before; one stopped half-way goes on after the parts published."),
            new Platform("youtube", 5_000, 100, 1, List.of(MP4, MOV),
                    false, true, false, true, 60, 0, true, false, null, Counting.CHARACTERS,
                    "Exactly one video; the text is the description (at most 5,000 bytes in UTF-8; the 100-character"
                            + " title is separate: the post's title, else the first line of its text) and neither may"
                            + " contain < or >. More than 60 hashtags make YouTube ignore all of them. Published to the"
                            + " tenant's channel through Google OAuth by a resumable upload: a lost answer is settled by"
                            + " asking the upload session, so a video is made once. Quotas: the Google project's daily"
                            + " videos.insert quota and the channel's upload limit end a delivery failed, saying so."),
            new Platform("mastodon", 500, null, 4, List.of(JPEG, PNG, GIF, WEBP, MP4, MOV),
                    true, true, false, false, null, THREAD_PARTS, true, false, 23, Counting.CHARACTERS,
                    "Every URL counts as 23 characters. Up to 4 images or 1 video, never mixed, with their alt text."
                            + " 500 characters is the default of most instances (some allow more). Published through the"
                            + " tenant's Mastodon account (OAuth on its instance) under an Idempotency-Key. A thread is"
                            + " posted part by part, each replying to the one before under its own key; one that stopped"
                            + " half-way goes on from the parts that exist, never posting a part twice."),
            new Platform("dribbble", 1_000, 255, 1, List.of(JPEG, PNG, GIF),
                    false, false, false, true, null, 0, true, false, null, Counting.CHARACTERS,
                    "A shot is exactly one GIF, JPEG or PNG image of 400×300 or 800×600 pixels (at most 8 MB); the text is"
                            + " the shot description (Dribbble documents no limit, Socialwire keeps 1,000) and the post's"
                            + " title the shot's title, else the text's first line. Published through the tenant's Dribbble"
                            + " account (the user must be allowed to upload shots); a lost answer is looked up among the"
                            + " user's shots by title. Hashtags are not appended: Dribbble has its own tags.",
                    "Dribbble's write API (creating shots) is open only to apps Dribbble has approved: publishing works"
                            + " once the operator's Dribbble app is approved."));

    private static final Map<String, Platform> BY_NAME;

    static {
        Map<String, Platform> m = new LinkedHashMap<>();
        for (Platform p : ALL) {
            m.put(p.name(), p);
        }
        m.put("x", m.get("twitter"));
        BY_NAME = Map.copyOf(m);
    }

    private Platforms() {
    }

    /** Every platform, always in the same order. */
    public static List<Platform> all() {
        return ALL;
    }

    /** The canonical names, in the order of {@link #all()}. */
    public static List<String> names() {
        return ALL.stream().map(Platform::name).toList();
    }

    /** The platform of that name or alias ({@code x} is {@code twitter}), case-insensitive, surrounding blanks ignored. */
    public static Optional<Platform> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** A caller's name as an error message may repeat it: stripped and cut to 64 characters. */
    static String shown(String name) {
        if (name == null) {
            return "null";
        }
        String s = name.strip();
        return s.codePointCount(0, s.length()) <= 64 ? s : s.substring(0, s.offsetByCodePoints(0, 64)) + "…";
    }

    /** As {@link #find}, or a 404 {@code NOT_FOUND} "Unknown platform: {name}". */
    public static Platform require(String name) {
        return find(name).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Unknown platform: " + shown(name)));
    }
}
