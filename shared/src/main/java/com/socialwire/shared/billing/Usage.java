package com.socialwire.shared.billing;

/** What a paid response reports about its charge (SPEC §8). */
public record Usage(String priceCardVersion, long reservedMicroCredits, long settledMicroCredits, long refundedMicroCredits) {
}
