package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LinkedIn's {@link PlatformPublisher} for a member ({@code urn:li:person:…}) or an organization page
 * ({@code urn:li:organization:…}), the account's externalId being the post's author (learn.microsoft.com
 * linkedin/marketing/community-management/shares/posts-api, images-api, little-text-format):
 * <ul>
 *   <li>preparation uploads each image: {@code POST /rest/images?action=initializeUpload} with the author as owner
 *       answers an {@code uploadUrl} and the image URN, then the bytes are PUT to that URL; the URNs are kept in the
 *       state, so a retried preparation uploads only what is missing. Videos and documents are not published yet;</li>
 *   <li>the publishing call is {@code POST /rest/posts} (commentary in "little text", its reserved characters
 *       escaped; one image as {@code content.media}, 2–20 as {@code content.multiImage}, each with its alt text):
 *       201 with an empty body and the post URN in {@code x-restli-id}. LinkedIn has no idempotency key; it refuses
 *       identical content with 422 {@code DUPLICATE_POST} "Content is a duplicate of urn:li:share:…", and the URN it
 *       names is taken as the post already made (platforms.md §2.3);</li>
 *   <li>a lost answer is reconciled for an organization by listing its newest posts
 *       ({@code GET /rest/posts?q=author}, scope {@code r_organization_social}) and matching the commentary; a
 *       member's posts cannot be listed without the restricted {@code r_member_social}, so the platform cannot tell
 *       (a person looks; publishing again is then answered DUPLICATE_POST with the URN if the first went out).</li>
 * </ul>
 */
public final class LinkedInPublisher implements PlatformPublisher {

    /** The most posts one reconciliation lists (newest first by last modification). */
    static final int PAGE = 20;
    /** multiImage takes 2–20 images. */
    static final int MAX_IMAGES = 20;
    /** The characters little text reserves (little-text-format): escaped with a backslash to stay plain text. */
    static final String RESERVED = "\\|{}@[]()<>#*_~";
    private static final Pattern DUPLICATE_OF = Pattern.compile("duplicate of (urn:li:(?:share|ugcPost):[0-9]+)");
    private static final String FEED = "https://www.linkedin.com/feed/update/";

    private final PlatformHttp http;
    private final MediaBytes media;
    private final long maxImageBytes;
    private final String apiBase;
    private final Map<String, String> restHeaders;

    /**
     * @param apiBase       {@link LinkedInConnector#API_BASE} (a stub's address in tests)
     * @param version       the {@code LinkedIn-Version} pinned, {@link LinkedInConnector#VERSION}
     * @param maxImageBytes the largest image uploaded
     */
    public LinkedInPublisher(PlatformHttp http, MediaBytes media, long maxImageBytes, String apiBase, String version) {
        this.http = http;
        this.media = media;
        this.maxImageBytes = maxImageBytes;
        this.apiBase = ProviderHttp.trimBase(apiBase);
        this.restHeaders = LinkedInConnector.restHeaders(version);
    }

    @Override
    public String platform() {
        return LinkedInConnector.PLATFORM;
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "LinkedIn threads are not published yet; post the parts one by one");
        }
        if (post.media().size() > MAX_IMAGES) {
            return new PlatformResult.Rejected<>(0, "TOO_MANY_MEDIA", "LinkedIn takes at most " + MAX_IMAGES + " images in a post");
        }
        for (Media m : post.media()) {
            if (m.contentType() == null || !m.contentType().startsWith("image/")) {
                return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "LinkedIn videos and documents are not published yet; "
                        + m.mediaId() + " is " + m.contentType());
            }
        }
        ArrayNode images = state.withArray("images");
        for (int i = images.size(); i < post.media().size(); i++) {
            PlatformResult<String> urn = upload(target, post.media().get(i));
            if (!(urn instanceof PlatformResult.Ok<String>(String image))) {
                return urn.failure();
            }
            images.add(image);
        }
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        ObjectNode body = Json.object();
        body.put("author", target.account().externalId());
        body.put("commentary", littleText(post.text()));
        body.put("visibility", "PUBLIC");
        ObjectNode distribution = body.putObject("distribution");
        distribution.put("feedDistribution", "MAIN_FEED");
        distribution.putArray("targetEntities");
        distribution.putArray("thirdPartyDistributionChannels");
        JsonNode images = state.path("images");
        if (images.size() == 1) {
            image(body.putObject("content").putObject("media"), images.get(0).asText(), medium(post, 0));
        } else if (images.size() > 1) {
            ArrayNode multi = body.putObject("content").putObject("multiImage").putArray("images");
            for (int i = 0; i < images.size(); i++) {
                image(multi.addObject(), images.get(i).asText(), medium(post, i));
            }
        }
        body.put("lifecycleState", "PUBLISHED");
        body.put("isReshareDisabledByAuthor", false);
        HttpRequest.Builder request = rest(target, URI.create(apiBase + "/rest/posts"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                .header("Content-Type", "application/json");
        PlatformResult<Published> r = http.exchange(request, "POST /rest/posts", true, List.of(target.accessToken()),
                response -> response.headers().firstValue("x-restli-id").filter(urn -> !urn.isBlank()).map(LinkedInPublisher::published).orElse(null));
        if (r instanceof PlatformResult.Rejected<Published> rejected && rejected.httpStatus() == 422
                && rejected.code().contains("DUPLICATE_POST")) {
            Matcher m = DUPLICATE_OF.matcher(rejected.message());
            return m.find() ? new PlatformResult.Ok<>(published(m.group(1))) : r;
        }
        return r;
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        String author = target.account().externalId();
        if (!author.startsWith("urn:li:organization:")) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("LinkedIn lets only approved partners list a member's posts; "
                    + "look at the profile (publishing again is refused as a duplicate if the post went out)"));
        }
        URI uri = URI.create(apiBase + "/rest/posts?author=" + PlatformHttp.component(author) + "&q=author&count=" + PAGE
                + "&sortBy=LAST_MODIFIED");
        PlatformResult<List<JsonNode>> listed = http.get(uri, target.accessToken(), restHeaders, "GET /rest/posts", json -> {
            if (!json.path("elements").isArray()) {
                return null;
            }
            List<JsonNode> list = new ArrayList<>();
            json.path("elements").forEach(list::add);
            return list;
        });
        if (listed instanceof PlatformResult.Rejected<List<JsonNode>> r && r.httpStatus() == 403) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the connection may not read the organization's posts "
                    + "(r_organization_social); look at the page"));
        }
        if (!(listed instanceof PlatformResult.Ok<List<JsonNode>>(List<JsonNode> posts))) {
            return listed.failure();
        }
        long since = armedAt.minus(Duration.ofMinutes(2)).toEpochMilli();
        String escaped = littleText(post.text());
        boolean reachesBack = posts.size() < PAGE;
        for (JsonNode p : posts) {
            if (p.path("lastModifiedAt").asLong(Long.MAX_VALUE) < since) {
                reachesBack = true; // sorted by last modification: everything after it is older still
                break;
            }
            if (p.path("createdAt").asLong(Long.MAX_VALUE) < since) {
                continue;
            }
            String commentary = p.path("commentary").asText("");
            if (p.hasNonNull("id") && (commentary.equals(escaped) || commentary.equals(post.text()))) {
                return new PlatformResult.Ok<>(new Reconciled.Found(published(p.path("id").asText())));
            }
        }
        return new PlatformResult.Ok<>(reachesBack ? new Reconciled.NotFound()
                : new Reconciled.CannotTell("the organization changed more than " + PAGE + " posts since the attempt"));
    }

    /** Little text: each reserved character preceded by a backslash, so the text shows as written. */
    static String littleText(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (RESERVED.indexOf(c) >= 0) {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }

    /** initializeUpload with the author as owner, then the bytes PUT to the URL it gave: the image URN. */
    private PlatformResult<String> upload(Target target, Media m) {
        PlatformResult<byte[]> bytes = media.fetch(m, maxImageBytes, "LinkedIn");
        if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
            return bytes.failure();
        }
        ObjectNode init = Json.object();
        init.putObject("initializeUploadRequest").put("owner", target.account().externalId());
        // nothing the audience sees: a lost answer just initializes (and uploads) again
        PlatformResult<JsonNode> started = http.send(rest(target, URI.create(apiBase + "/rest/images?action=initializeUpload"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(init))).header("Content-Type", "application/json"),
                "POST /rest/images?action=initializeUpload", false, List.of(target.accessToken()), json -> {
                    JsonNode v = json.path("value");
                    return v.hasNonNull("uploadUrl") && v.hasNonNull("image") ? v : null;
                });
        if (!(started instanceof PlatformResult.Ok<JsonNode>(JsonNode value))) {
            return started.failure();
        }
        String image = value.path("image").asText();
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(value.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(b))
                .header("Authorization", "Bearer " + target.accessToken())
                .header("Content-Type", "application/octet-stream");
        return http.exchange(put, "PUT image upload", false, List.of(target.accessToken()), response -> image);
    }

    private static void image(ObjectNode node, String urn, Media m) {
        node.put("id", urn);
        if (m != null && m.altText() != null && !m.altText().isBlank()) {
            node.put("altText", m.altText());
        }
    }

    private static Media medium(Outgoing post, int i) {
        return i < post.media().size() ? post.media().get(i) : null;
    }

    private HttpRequest.Builder rest(Target target, URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + target.accessToken());
        restHeaders.forEach(b::header);
        return b;
    }

    private static Published published(String urn) {
        return new Published(urn, FEED + urn);
    }
}
