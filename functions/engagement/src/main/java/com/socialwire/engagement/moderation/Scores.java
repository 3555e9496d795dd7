package com.socialwire.engagement.moderation;

/** Risk scores, each 0.0..1.0 and rounded to 2 decimals (the shape of the auto-moderation API's {@code scores}). */
public record Scores(double toxicity, double spam, double nsfw) {
}
