package com.socialwire.billing.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;

import java.nio.charset.StandardCharsets;

/**
 * Reads a (signature-verified) Stripe event from its raw JSON with our own Jackson mapper.
 *
 * <p>Deliberately not stripe-java's {@code Event}: when the endpoint's {@code api_version} differs
 * from the library's pinned one ({@code 2026-07-29.dahlia} for stripe-java 33.3.0), its typed
 * {@code getDataObjectDeserializer().getObject()} is empty, and the fields we need
 * ({@code id}, {@code type}, {@code data.object.{id, payment_status, metadata, amount_total,
 * currency, client_reference_id}}) have been stable across every API version. It also keeps
 * stripe-java out of the webhook route.
 *
 * <p>Which events grant credits:
 * <ul>
 *   <li>{@code checkout.session.completed} with {@code payment_status = "paid"}: card-like
 *       methods, the money is there: {@link CheckoutPaid}.</li>
 *   <li>{@code checkout.session.completed} with {@code "unpaid"}: a delayed method (bank debit,
 *       voucher) still settling: {@link CheckoutPending}; the grant waits for
 *       {@code checkout.session.async_payment_succeeded}, which is {@link CheckoutPaid}
 *       ({@code async_payment_failed} is {@link Ignored}: nothing was granted).</li>
 *   <li>{@code checkout.session.completed} with {@code "no_payment_required"}: also
 *       {@link CheckoutPending}, i.e. <em>no grant</em>. Our sessions are {@code mode=payment}
 *       with a positive amount, so Stripe collected no money here (a 100 % discount, or a session
 *       not created by {@link StripeCheckout}); granting would turn a Stripe-side coupon into free
 *       credits. Promotional credits go through the ledger's promotional grants instead.</li>
 *   <li>Every other type: {@link Ignored}.</li>
 * </ul>
 * A checkout event we should act on but cannot (metadata missing or invalid, ids missing, amounts
 * not integers, {@code client_reference_id} naming another account) is {@link Malformed}:
 * acknowledge it and alert, never grant from a guess.
 */
public final class StripeEvents {

    public static final String CHECKOUT_COMPLETED = "checkout.session.completed";
    public static final String CHECKOUT_ASYNC_SUCCEEDED = "checkout.session.async_payment_succeeded";

    /** Largest micro-credits value accepted from metadata (10^15 = 1 billion USD at the default rate). */
    static final long MAX_MICRO_CREDITS = 1_000_000_000_000_000L;

    /** What an event means for billing. */
    public sealed interface StripeEvent permits CheckoutPaid, CheckoutPending, Ignored, Malformed {
    }

    /**
     * A paid Checkout Session: grant {@code microCredits} to {@code accountId}, once per
     * {@code sessionId} (both the completed and the async-succeeded event may arrive for one
     * session, in any order, any number of times). {@code amountTotal} is in the smallest unit of
     * {@code currency}; {@code livemode} is "true", "false", or "unknown" when the event omits it.
     */
    public record CheckoutPaid(String eventId, String sessionId, String accountId, long microCredits, long amountTotal,
                               String currency, String livemode) implements StripeEvent {
    }

    /** A completed session whose money has not arrived (or that required none): grant nothing yet. */
    public record CheckoutPending(String eventId, String sessionId) implements StripeEvent {
    }

    /** An event type billing does not act on. */
    public record Ignored(String eventId, String type) implements StripeEvent {
    }

    /** Not something we can act on safely; {@code reason} names the event and the field, never a secret. */
    public record Malformed(String reason) implements StripeEvent {
    }

    private StripeEvents() {
    }

    public static StripeEvent parse(String json) {
        return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Classifies one event body; never throws. */
    public static StripeEvent parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new Malformed("empty body");
        }
        JsonNode root;
        try {
            root = Json.tree(body);
        } catch (RuntimeException e) { // Json.tree wraps parse errors in UncheckedIOException
            return new Malformed("body is not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Malformed("body is not a JSON object");
        }
        String eventId = text(root, "id");
        String type = text(root, "type");
        if (eventId == null || eventId.isBlank()) {
            return new Malformed("event without an id");
        }
        String objectKind = text(root, "object");
        if (objectKind != null && !"event".equals(objectKind)) {
            return new Malformed(shown(eventId) + ": object is " + shown(objectKind) + ", not event");
        }
        if (type == null || type.isBlank()) {
            return new Malformed(shown(eventId) + ": event without a type");
        }
        boolean completed = CHECKOUT_COMPLETED.equals(type);
        if (!completed && !CHECKOUT_ASYNC_SUCCEEDED.equals(type)) {
            return new Ignored(eventId, type);
        }
        String where = shown(eventId) + " (" + type + ")";
        JsonNode session = root.path("data").path("object");
        if (!session.isObject()) {
            return new Malformed(where + ": data.object missing");
        }
        String sessionKind = text(session, "object");
        if (sessionKind != null && !"checkout.session".equals(sessionKind)) {
            return new Malformed(where + ": data.object is " + shown(sessionKind) + ", not checkout.session");
        }
        String sessionId = text(session, "id");
        if (sessionId == null || !sessionId.startsWith("cs_")) {
            return new Malformed(where + ": data.object.id is not a Checkout Session id");
        }
        where = where + " session " + shown(sessionId);
        String paymentStatus = text(session, "payment_status");
        if (completed) {
            if ("unpaid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus)) {
                return new CheckoutPending(eventId, sessionId);
            }
            if (!"paid".equals(paymentStatus)) {
                return new Malformed(where + ": payment_status " + (paymentStatus == null ? "missing" : shown(paymentStatus)));
            }
        } else if (paymentStatus != null && !"paid".equals(paymentStatus)) {
            // async_payment_succeeded is Stripe saying the money arrived; a session saying otherwise is inconsistent
            return new Malformed(where + ": payment_status " + shown(paymentStatus) + " on " + type);
        }
        String mode = text(session, "mode");
        if (mode != null && !"payment".equals(mode)) {
            return new Malformed(where + ": mode " + shown(mode) + ", not payment");
        }
        JsonNode metadata = session.path("metadata");
        if (!metadata.isObject()) {
            return new Malformed(where + ": metadata missing");
        }
        String accountId = text(metadata, "accountId");
        if (accountId == null) {
            return new Malformed(where + ": metadata.accountId missing");
        }
        if (!Ids.looksLike("acct", accountId)) {
            return new Malformed(where + ": metadata.accountId is not an account id");
        }
        String clientReference = text(session, "client_reference_id");
        if (clientReference != null && !clientReference.equals(accountId)) {
            return new Malformed(where + ": client_reference_id and metadata.accountId name different accounts");
        }
        long microCredits = positiveInteger(metadata.get("microCredits"), MAX_MICRO_CREDITS);
        if (microCredits == MISSING) {
            return new Malformed(where + ": metadata.microCredits missing");
        }
        if (microCredits <= 0) {
            return new Malformed(where + ": metadata.microCredits is not a positive integer");
        }
        JsonNode amountNode = session.get("amount_total");
        if (amountNode == null || !amountNode.isIntegralNumber() || !amountNode.canConvertToLong() || amountNode.asLong() < 0) {
            return new Malformed(where + ": amount_total is not a non-negative integer");
        }
        String currency = text(session, "currency");
        if (currency == null || !currency.matches("[a-z]{3}")) {
            return new Malformed(where + ": currency missing or not an ISO code");
        }
        JsonNode live = root.get("livemode");
        if (live == null || !live.isBoolean()) {
            live = session.get("livemode");
        }
        String livemode = live != null && live.isBoolean() ? Boolean.toString(live.booleanValue()) : "unknown";
        return new CheckoutPaid(eventId, sessionId, accountId, microCredits, amountNode.asLong(), currency, livemode);
    }

    private static final long MISSING = Long.MIN_VALUE;

    /**
     * Stripe metadata values are strings: "2500000". Also accepts a JSON integer (hand-written
     * local events). Returns {@link #MISSING}, the value, or -1 for anything else (signs, decimals,
     * exponents, leading zeros, blanks, overflow, above {@code max}).
     */
    private static long positiveInteger(JsonNode node, long max) {
        if (node == null || node.isNull()) {
            return MISSING;
        }
        String s;
        if (node.isTextual()) {
            s = node.textValue();
        } else if (node.isIntegralNumber()) {
            s = node.bigIntegerValue().toString();
        } else {
            return -1;
        }
        if (s.isEmpty() || s.length() > 19 || s.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            long v = Long.parseLong(s);
            return v > max ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A value from the event as it may appear in a log line: quoted, printable ASCII only, at most 80 characters. */
    private static String shown(String value) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < 80; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.append(value.length() > 80 ? "…'" : "'").toString();
    }

    /** A scalar field as text; null when missing, JSON null, or a container. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
