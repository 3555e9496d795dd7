package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramMedia;

import java.util.List;

/**
 * Hosted AI interpretation of what was read ("parse" in the instagram-read seed: not serialization). One assembler of
 * prompts per mode, one schema per mode that every output is validated against, outputs cacheable by
 * {@link #cacheKey} (content hash, mode, model and prompt version).
 *
 * <p>Media modes: {@code summary}, {@code tldr}, {@code json}. Comment modes: {@code themes}, {@code sentiment},
 * {@code json}, {@code questions}, {@code objections}, {@code consensus}, {@code notable_replies},
 * {@code spam_low_signal}, {@code entities}.
 */
public interface Parser {

    List<String> MEDIA_MODES = List.of("summary", "tldr", "json");
    List<String> COMMENT_MODES = List.of("themes", "sentiment", "json", "questions", "objections", "consensus",
            "notable_replies", "spam_low_signal", "entities");

    /** The request a media parse would make, so the caller can price and cache it before anything is called. */
    Request media(String mode, InstagramMedia media, CommentsRead commentSample);

    /** The request a comment parse would make. */
    Request comments(String mode, CommentsRead comments);

    /** The cache key of a request's output: content hash, mode, model and prompt version. */
    String cacheKey(Request request);

    /** Runs a request (an LLM call; the caller meters it) and validates the output against the mode's schema. */
    Parsed run(Request request);

    /** A parse ready to run: its mode, model, prompt version, the worst case it can cost in USD, and the prompt. */
    record Request(String kind, String mode, String model, String promptVersion, String contentHash, double worstCaseUsd,
                   Object prompt) {
    }

    /**
     * A parse's output ({@code output} matches the mode's schema), its limitations (sampled comments, missing transcript,
     * missing caption, stale metrics, no visual inspection), the model that wrote it and what the call cost.
     */
    record Parsed(String mode, JsonNode output, List<String> limitations, String model, String promptVersion,
                  long inputTokens, long outputTokens, double costUsd) {
        public Parsed {
            limitations = limitations == null ? List.of() : List.copyOf(limitations);
        }
    }
}
