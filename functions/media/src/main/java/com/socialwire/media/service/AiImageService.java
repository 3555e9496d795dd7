package com.socialwire.media.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.media.model.AiGeneration;
import com.socialwire.media.model.Brand;
import com.socialwire.media.model.ImageTemplates;
import com.socialwire.media.model.MediaItem;
import com.socialwire.media.processing.Images;
import com.socialwire.media.processing.Sniffer;
import com.socialwire.media.store.MediaStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.providers.image.ImageClient;
import com.socialwire.shared.providers.image.ImageResult;
import com.socialwire.shared.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * AI images straight into the tenant's media library: the prompt (or a template filled with its variables) goes to
 * the image provider as one metered call — the fee {@code ai_image} plus the provider's worst-case price held first
 * (too few credits → 402, nothing generated), settled at what it cost, refunded if anything fails — and the bytes
 * become a media item through {@link MediaService#storeGenerated}, which the S3 event's processor verifies and
 * thumbnails as it does an upload. A retried request with the same Idempotency-Key makes the same media id and
 * operation id, so it finds the item (and the charge) of its first attempt.
 */
public final class AiImageService {

    private static final Logger LOG = LoggerFactory.getLogger(AiImageService.class);

    static final int MAX_PROMPT = 4000;
    static final int MAX_VARIABLE = 500;
    static final int MAX_VARIABLES = 20;
    static final int MAX_ALT_TEXT = 1000;
    /** Seconds a caller is asked to wait after the provider was unavailable, when it said nothing itself. */
    static final long DEFAULT_RETRY_AFTER = 5;
    private static final Set<String> FIELDS = Set.of("prompt", "size", "templateId", "variables");
    private static final Map<String, String> EXTENSIONS = Map.of("image/png", "png", "image/jpeg", "jpg", "image/webp", "webp");

    private final MediaService media;
    private final MediaStore store;
    private final ImageClient images;
    private final MeteredCall calls;

    public AiImageService(MediaService media, MediaStore store, ImageClient images, MeteredCall calls) {
        this.media = media;
        this.store = store;
        this.images = images;
        this.calls = calls;
    }

    /** {@code {"items":[template...], "nextCursor":null}}: the eight templates, each with its placeholders. */
    public static Map<String, Object> templates() {
        List<Map<String, Object>> items = ImageTemplates.ALL.stream().map(ImageTemplates.Template::view).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("nextCursor", null);
        return out;
    }

    /** What a request asks for, checked: the prompt to send (a filled template, then the caller's own words), the size, the template. */
    record Ask(String prompt, String size, String templateId) {
    }

    /** Generates the image, stores it in the library and answers the new item with {@code usage}. */
    public Map<String, Object> generate(Principal who, String tenantId, ObjectNode body, Optional<String> idempotencyKey) {
        Ask ask = read(body);
        Brand brand = store.brand(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
        String mediaId = idempotencyKey.map(k -> Ids.derived("med", who.accountId(), who.keyId(), tenantId, k)).orElseGet(() -> Ids.next("med"));
        Optional<MediaItem> earlier = media.live(tenantId, mediaId);
        if (earlier.isPresent() && earlier.get().generation() != null) {
            return answer(media.view(earlier.get()), usage(earlier.get().generation()));
        }
        ImageClient.ImageRequest request = new ImageClient.ImageRequest(ask.prompt(), ask.size(), tenantId, brand.name(), brand.colors(),
                ask.templateId());
        Metering metering = calls.metering();
        long fee = metering.card().fee("ai_image");
        long hold = fee + metering.card().llm(images.worstCaseUsd(request));
        ImageResult[] result = new ImageResult[1];
        MeteredCall.Outcome<ImageResult.Ok> outcome = calls.run(brand.accountId(), "aiimage:" + mediaId, hold, "ai image " + mediaId,
                new Supplier<MeteredCall.Answer<ImageResult.Ok>>() {
                    @Override
                    public MeteredCall.Answer<ImageResult.Ok> get() {
                        result[0] = images.generate(request);
                        return switch (result[0]) {
                            case ImageResult.Ok ok -> new MeteredCall.Answer.Ok<>(ok, metering.card().llm(ok.costUsd()));
                            case ImageResult.Transient t -> new MeteredCall.Answer.Transient<>(t.httpStatus(), t.message());
                            case ImageResult.Failed f -> new MeteredCall.Answer.Permanent<>(f.httpStatus(), f.message());
                        };
                    }
                });
        return switch (outcome) {
            case MeteredCall.Outcome.NoCredits<ImageResult.Ok> n -> throw new ApiException(ErrorCode.INSUFFICIENT_CREDITS, 402,
                    "not enough credits for an AI image (" + n.requiredMicroCredits() + " micro-credits needed); nothing was generated",
                    Map.of("requiredMicroCredits", n.requiredMicroCredits(), "availableMicroCredits", n.availableMicroCredits()), Map.of());
            case MeteredCall.Outcome.Refused<ImageResult.Ok> r -> throw unavailable(0, DEFAULT_RETRY_AFTER);
            case MeteredCall.Outcome.Unavailable<ImageResult.Ok> u -> {
                LOG.warn("image provider unavailable for {}: {}", mediaId, u.message());
                throw unavailable(u.httpStatus(), result[0] instanceof ImageResult.Transient t && t.retryAfterSeconds() > 0
                        ? t.retryAfterSeconds() : DEFAULT_RETRY_AFTER);
            }
            case MeteredCall.Outcome.Failed<ImageResult.Ok> f -> {
                LOG.warn("image provider refused {}: {}", mediaId, f.message());
                if (result[0] instanceof ImageResult.Failed failed && failed.contentPolicy()) {
                    throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "the image provider refused this prompt under its content"
                            + " policy; rephrase it (nothing was charged)", Map.of("prompt", "refused by the provider's content policy"), Map.of());
                }
                throw new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 502, "the image provider could not make this image (nothing was charged)",
                        Map.of("provider", code(f.httpStatus()), "category", "rejected"), Map.of());
            }
            case MeteredCall.Outcome.Answered<ImageResult.Ok> a -> store(tenantId, mediaId, ask, a, fee);
        };
    }

    /** The answered image into the library, then the charge settled; anything failing on the way refunds the hold. */
    private Map<String, Object> store(String tenantId, String mediaId, Ask ask, MeteredCall.Outcome.Answered<ImageResult.Ok> a, long fee) {
        Map<String, Object> item;
        try {
            byte[] bytes = a.value().bytes();
            String mimeType = Sniffer.mimeType(bytes).filter(EXTENSIONS::containsKey).orElse(null);
            int[] size = mimeType == null ? null : measure(bytes, mimeType);
            if (size == null) {
                throw new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 502,
                        "the image provider's answer is not a PNG, JPEG or WEBP image we can read (nothing was charged)",
                        Map.of("provider", "IMAGE_UNREADABLE", "category", "rejected"), Map.of());
            }
            long settled = Math.min(a.hold().reservedMicroCredits(), a.costMicroCredits() + fee);
            AiGeneration generation = new AiGeneration(a.value().model(), images.offline(), ask.prompt(), ask.templateId(), ask.size(),
                    calls.metering().card().version(), a.hold().reservedMicroCredits(), settled);
            String alt = ask.prompt().length() <= MAX_ALT_TEXT ? ask.prompt() : ask.prompt().substring(0, MAX_ALT_TEXT - 3) + "...";
            item = media.storeGenerated(tenantId, mediaId, "ai-image-" + mediaId + "." + EXTENSIONS.get(mimeType), mimeType, bytes,
                    size[0], size[1], alt, generation);
        } catch (RuntimeException e) {
            Optional<MediaItem> first = media.live(tenantId, mediaId);
            if (first.isPresent() && first.get().generation() != null) {
                // a concurrent retry of the same Idempotency-Key stored it first: its answer, and the hold (theirs too) is its to settle
                return answer(media.view(first.get()), usage(first.get().generation()));
            }
            calls.metering().refund(a.hold(), "the AI image could not be stored");
            throw e;
        }
        return answer(item, calls.settle(a, fee));
    }

    private static Map<String, Object> answer(Map<String, Object> item, Usage usage) {
        Map<String, Object> out = new LinkedHashMap<>(item);
        out.put("usage", usage);
        return out;
    }

    private static Usage usage(AiGeneration g) {
        return new Usage(g.priceCardVersion(), g.reservedMicroCredits(), g.settledMicroCredits(), g.reservedMicroCredits() - g.settledMicroCredits());
    }

    /** Width and height from the image's header (WEBP's from its chunk); null if the bytes are not a readable image. */
    private static int[] measure(byte[] bytes, String mimeType) {
        if (mimeType.equals("image/webp")) {
            return Sniffer.webpSize(bytes).map(s -> new int[]{s.width(), s.height()}).orElse(null);
        }
        try {
            Images.Probe p = Images.probe(bytes, mimeType, false);
            return new int[]{p.width(), p.height()};
        } catch (Images.Unreadable | Images.Refused e) {
            return null;
        }
    }

    private static ApiException unavailable(int httpStatus, long retryAfter) {
        return new ApiException(ErrorCode.PROVIDER_UNAVAILABLE, 503, "the image provider is unavailable; retry shortly (nothing was charged)",
                Map.of("provider", code(httpStatus), "category", httpStatus == 429 ? "rate_limited" : "unavailable"),
                Map.of("retry-after", Long.toString(retryAfter)));
    }

    private static String code(int httpStatus) {
        return httpStatus > 0 ? "IMAGE_" + httpStatus : "IMAGE_UNKNOWN";
    }

    /** The request checked: every problem in one 400; a template's missing variables (all named) or a too-long prompt 422. */
    static Ask read(ObjectNode body) {
        JsonBody in = new JsonBody(body, FIELDS);
        String prompt = in.string("prompt", false, 1, MAX_PROMPT).map(String::strip).filter(p -> !p.isEmpty()).orElse(null);
        String size = in.oneOf("size", false, Set.copyOf(ImageClient.SIZES)).orElse(null);
        String templateId = in.oneOf("templateId", false, Set.copyOf(ImageTemplates.ids())).orElse(null);
        Map<String, String> variables = variables(body.get("variables"), in);
        if (prompt == null && templateId == null && !in.has("prompt")) {
            in.reject("prompt", "is required unless templateId is given");
        }
        if (templateId == null && !variables.isEmpty()) {
            in.reject("variables", "are only used with a templateId");
        }
        in.check();
        if (templateId == null) {
            if (prompt == null) {
                throw ApiException.validation("the request body is invalid", Map.of("prompt", "must not be blank"));
            }
            return new Ask(prompt, size == null ? ImageClient.SIZES.get(0) : size, null);
        }
        ImageTemplates.Template t = ImageTemplates.find(templateId).orElseThrow();
        ImageTemplates.Filled filled = ImageTemplates.fill(t, variables);
        if (!filled.unknown().isEmpty()) {
            throw ApiException.validation("variables " + filled.unknown() + " are not placeholders of template " + templateId
                    + " (it has " + t.variables() + ")", Map.of("variables", Map.of("unknown", filled.unknown(), "expected", t.variables())));
        }
        if (!filled.missing().isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "template " + templateId + " needs the variables " + filled.missing(),
                    Map.of("variables", Map.of("missing", filled.missing(), "expected", t.variables())), Map.of());
        }
        String full = prompt == null ? filled.prompt() : filled.prompt() + ". " + prompt;
        if (full.length() > MAX_PROMPT) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "the filled template and prompt are " + full.length()
                    + " characters; at most " + MAX_PROMPT, Map.of("prompt", "too long once the template is filled"), Map.of());
        }
        return new Ask(full, size == null ? t.recommendedSize() : size, templateId);
    }

    /** {@code variables}: an object of at most {@value #MAX_VARIABLES} strings of at most {@value #MAX_VARIABLE} characters. */
    private static Map<String, String> variables(JsonNode v, JsonBody in) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject() || v.size() > MAX_VARIABLES) {
            in.reject("variables", "must be an object of at most " + MAX_VARIABLES + " string values");
            return out;
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getValue().asText().length() > MAX_VARIABLE) {
                in.reject("variables." + e.getKey(), "must be a string of at most " + MAX_VARIABLE + " characters");
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
