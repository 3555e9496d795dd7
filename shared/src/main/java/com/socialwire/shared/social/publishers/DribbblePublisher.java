package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dribbble's {@link PlatformPublisher} (developer.dribbble.com/v2/shots: the account's token, scope {@code upload};
 * the user must be a player or a team):
 * <ul>
 *   <li>preparation checks the one thing a shot is — exactly one GIF, JPEG or PNG image of 400×300 or 800×600, at
 *       most 8 MB — and a title; it uploads nothing (Dribbble takes the image with the shot itself);</li>
 *   <li>the publishing call is {@code POST /v2/shots}, multipart {@code image} (the bytes, read through
 *       {@link MediaBytes} just before), {@code title} and {@code description}; Dribbble answers {@code 202 Accepted}
 *       with the new shot's {@code Location} and processes it asynchronously;</li>
 *   <li>there is no idempotency key: a lost answer is reconciled by listing the person's shots
 *       ({@code GET /v2/user/shots}) and matching the title and a {@code published_at} after the attempt. A shot is
 *       listed only once processed, so a missing one proves nothing until {@link #PROCESSED} after the attempt.</li>
 * </ul>
 * A post's title is its {@code title}; without one, the text's first line is the title and the rest the description.
 */
public final class DribbblePublisher implements PlatformPublisher {

    static final long MAX_IMAGE_BYTES = 8L * 1024 * 1024;
    static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/gif");
    /** Dribbble documents no title limit; Socialwire keeps titles to this. */
    static final int MAX_TITLE = 255;
    /** The most shots one listing page answers (Dribbble's {@code per_page} maximum). */
    static final int PAGE = 100;
    static final Duration BEFORE = Duration.ofMinutes(2);
    /** How long after the attempt a shot may still be processing (not yet listed). */
    static final Duration PROCESSED = Duration.ofMinutes(15);

    private static final Pattern SHOT_ID = Pattern.compile("/shots/([0-9]+)");

    private final PlatformHttp http;
    private final MediaBytes media;
    private final String apiBase;

    /** @param apiBase {@code https://api.dribbble.com} ({@code DribbbleConnector.API_BASE}), a stub in tests */
    public DribbblePublisher(PlatformHttp http, MediaBytes media, String apiBase) {
        this.http = http;
        this.media = media;
        this.apiBase = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public String platform() {
        return "dribbble";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (post.media().size() != 1 || !post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "SHOT_NEEDS_ONE_IMAGE", "a Dribbble shot is exactly one image");
        }
        Media m = post.media().getFirst();
        if (!TYPES.contains(m.contentType())) {
            return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "a Dribbble shot is a GIF, JPEG or PNG image, not " + m.contentType());
        }
        if (m.width() != null && m.height() != null && !(m.width() == 400 && m.height() == 300 || m.width() == 800 && m.height() == 600)) {
            return new PlatformResult.Rejected<>(0, "MEDIA_DIMENSIONS", "a Dribbble shot is exactly 400×300 or 800×600 pixels; this image is "
                    + m.width() + "×" + m.height());
        }
        if (m.bytes() > MAX_IMAGE_BYTES) {
            return new PlatformResult.Rejected<>(0, "MEDIA_TOO_LARGE", "Dribbble takes shots up to 8 MB");
        }
        if (PostTitle.of(post, MAX_TITLE).title().isBlank()) {
            return new PlatformResult.Rejected<>(0, "TITLE_REQUIRED", "a Dribbble shot needs a title (or a first line of text)");
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        Media m = post.media().getFirst();
        // read before anything is sent: a failure here leaves nothing on Dribbble
        PlatformResult<byte[]> bytes = media.fetch(m, MAX_IMAGE_BYTES, "Dribbble");
        if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
            return bytes.failure();
        }
        PostTitle t = PostTitle.of(post, MAX_TITLE);
        MultipartForm form = new MultipartForm().file("image", MultipartForm.filename("shot", m.contentType()), m.contentType(), b)
                .field("title", t.title());
        if (!t.body().isBlank()) {
            form.field("description", t.body());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + "/v2/shots"))
                .POST(form.publisher())
                .header("Content-Type", form.contentType())
                .header("Authorization", "Bearer " + target.accessToken());
        return http.exchange(request, "POST /v2/shots", true, List.of(target.accessToken()), response -> {
            Matcher id = SHOT_ID.matcher(response.headers().firstValue("Location").orElse(""));
            return id.find() ? new Published(id.group(1), "https://dribbble.com/shots/" + id.group(1)) : null;
        });
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        Instant now = http.clock().instant();
        PlatformResult<JsonNode> listed = http.get(URI.create(apiBase + "/v2/user/shots?per_page=" + PAGE), target.accessToken(), Map.of(),
                "GET /v2/user/shots", json -> json.isArray() ? json : null);
        if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode shots))) {
            return listed.failure();
        }
        String title = PostTitle.of(post, MAX_TITLE).title();
        Instant since = armedAt.minus(BEFORE);
        boolean reachesBack = shots.size() < PAGE;
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode shot : shots) {
            Instant published = IsoInstant.parse(shot.path("published_at").asText(shot.path("created_at").asText()));
            if (published.isBefore(since)) {
                reachesBack = true;
                continue;
            }
            if (title.equals(shot.path("title").asText(null))) {
                matches.add(shot);
            }
        }
        if (matches.size() == 1) {
            JsonNode shot = matches.getFirst();
            String id = shot.path("id").asText();
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(id, shot.path("html_url").asText("https://dribbble.com/shots/" + id))));
        }
        if (matches.size() > 1) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell(matches.size() + " Dribbble shots since the attempt have this title"));
        }
        if (!reachesBack) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account made more than " + PAGE + " shots since the attempt"));
        }
        if (now.isBefore(armedAt.plus(PROCESSED))) {
            return new PlatformResult.Transient<>(0, "too_early", "Dribbble lists a shot only once it is processed",
                    Math.max(1, Duration.between(now, armedAt.plus(PROCESSED)).toSeconds()));
        }
        return new PlatformResult.Ok<>(new Reconciled.NotFound());
    }
}
