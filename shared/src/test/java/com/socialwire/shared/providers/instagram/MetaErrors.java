package com.socialwire.shared.providers.instagram;

/** Error bodies shaped like Meta's Graph API errors, for the WireMock contract tests. */
final class MetaErrors {

    private MetaErrors() {
    }

    /** {@code {"error":{"message","type","code","error_subcode"?,"fbtrace_id"}}}; {@code subcode} null leaves it out. */
    static String body(String message, String type, int code, Integer subcode) {
        return """
                {"error":{"message":"%s","type":"%s","code":%d,%s"fbtrace_id":"AbCdEfGh123"}}"""
                .formatted(message, type, code, subcode == null ? "" : "\"error_subcode\":" + subcode + ",");
    }
}
