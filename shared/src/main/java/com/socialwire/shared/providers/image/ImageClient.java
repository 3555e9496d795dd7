package com.socialwire.shared.providers.image;

import java.math.BigDecimal;
import java.util.List;

/**
 * Draws an image from a prompt: the OpenAI-compatible images API (OpenAI, xAI and local servers speak it) or the
 * offline branded-card generator. Every image comes back as bytes (never a provider's link) with what it cost by
 * the {@link ImagePrices}.
 */
public interface ImageClient {

    /** The sizes the API offers (square, portrait, landscape), the GPT image models' sizes. */
    List<String> SIZES = List.of("1024x1024", "1024x1536", "1536x1024");

    /** Which implementation and model answers, e.g. {@code openai:gpt-image-1} or {@code offline:brand-card-v1}. */
    String describe();

    /** The model name as it is priced and shown. */
    String model();

    /** True for the offline generator, which must be labelled as such wherever its images show. */
    boolean offline();

    /** The most {@code request} can cost in USD (held before the call): its price at the worst quality and every prompt token. */
    BigDecimal worstCaseUsd(ImageRequest request);

    ImageResult generate(ImageRequest request);

    /**
     * One image: the prompt (already filled from a template), one of {@link #SIZES}, and what the offline card
     * draws besides (the real providers ignore them): the brand's tenant id, name and colours (hex, may be empty)
     * and the template's id (null for none).
     */
    record ImageRequest(String prompt, String size, String tenantId, String brandName, List<String> brandColors, String templateId) {
        public ImageRequest {
            brandColors = brandColors == null ? List.of() : List.copyOf(brandColors);
        }

        public int width() {
            return Integer.parseInt(size.substring(0, size.indexOf('x')));
        }

        public int height() {
            return Integer.parseInt(size.substring(size.indexOf('x') + 1));
        }
    }
}
