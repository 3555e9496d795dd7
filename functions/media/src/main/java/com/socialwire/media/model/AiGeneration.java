package com.socialwire.media.model;

/**
 * How an AI image in the library was made, kept on its item so the image can be explained and its charge shown
 * again: the model (offline for the local generator), the prompt actually sent or drawn, the template it was filled
 * from (null for none), the size asked for, and the charge's usage.
 */
public record AiGeneration(String model, boolean offline, String prompt, String templateId, String size,
                           String priceCardVersion, long reservedMicroCredits, long settledMicroCredits) {
}
