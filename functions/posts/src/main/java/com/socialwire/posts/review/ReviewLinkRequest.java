package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/tenants/{id}/review-links}, checked: {campaignId?, expiresInDays (1..30, default 7),
 * approverName, approverEmail}. A body of the wrong shape (an unknown field, a value of the wrong JSON type, a missing
 * field) is 400 as for every {@link JsonBody}; values that break a rule (length, range, address, campaign id) are 422
 * {@code VALIDATION_ERROR}, every field's problem in {@code details}.
 */
record ReviewLinkRequest(String campaignId, int expiresInDays, String approverName, String approverEmail) {

    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 30;
    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 254;
    static final Set<String> FIELDS = Set.of("campaignId", "expiresInDays", "approverName", "approverEmail");
    /** As posts take a campaign id (PostInput.CAMPAIGN). */
    static final Pattern CAMPAIGN = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    /** A plausible address: a dot-atom local part (≤ 64) at a domain of two or more DNS labels. */
    static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    static ReviewLinkRequest parse(ObjectNode body) {
        ObjectNode node = body == null ? Json.object() : body;
        JsonBody b = new JsonBody(node, FIELDS);
        String name = b.string("approverName", true, 0, Integer.MAX_VALUE).orElse(null);
        String email = b.string("approverEmail", true, 0, Integer.MAX_VALUE).orElse(null);
        String campaign = b.string("campaignId", false, 0, Integer.MAX_VALUE).orElse(null);
        JsonNode days = node.get("expiresInDays");
        if (days != null && !days.isNull() && !days.isNumber()) {
            b.reject("expiresInDays", "must be a whole number of days from 1 to " + MAX_DAYS);
        }
        b.check();

        Map<String, Object> problems = new LinkedHashMap<>();
        if (name != null) {
            int chars = name.codePointCount(0, name.length());
            if (chars < 1 || chars > MAX_NAME) {
                problems.put("approverName", "must be 1 to " + MAX_NAME + " characters");
            } else if (name.chars().anyMatch(Character::isISOControl)) {
                problems.put("approverName", "must not contain control characters");
            }
        }
        if (email != null && (email.length() > MAX_EMAIL || !plausibleEmail(email))) {
            problems.put("approverEmail", "must be an e-mail address such as anna@example.com, at most " + MAX_EMAIL + " characters");
        }
        if (campaign != null && !CAMPAIGN.matcher(campaign).matches()) {
            problems.put("campaignId", "must be 1-100 letters, digits or _ . : -");
        }
        int expiresInDays = DEFAULT_DAYS;
        if (days != null && days.isNumber()) {
            double d = days.doubleValue();
            if (d != Math.rint(d) || d < 1 || d > MAX_DAYS) {
                problems.put("expiresInDays", "must be a whole number of days from 1 to " + MAX_DAYS);
            } else {
                expiresInDays = (int) d;
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, 422, "the review link request is invalid: " + String.join(", ", problems.keySet()),
                    problems, Map.of());
        }
        return new ReviewLinkRequest(campaign, expiresInDays, name, email);
    }

    static boolean plausibleEmail(String email) {
        int at = email.lastIndexOf('@');
        return at > 0 && at <= 64 && EMAIL.matcher(email).matches();
    }
}
