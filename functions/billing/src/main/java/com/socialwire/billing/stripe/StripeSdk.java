package com.socialwire.billing.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;

import java.util.Locale;

/**
 * The only class that names stripe-java types. {@link StripeCheckout} reaches it from
 * {@code create} alone, so the JVM loads (and verifies) stripe-java on the first top-up and never
 * for the function's other routes.
 */
final class StripeSdk {

    private StripeSdk() {
    }

    static StripeCheckout.CheckoutSession createSession(StripeCheckout config, String accountId, long microCredits, long cents,
                                                        String idempotencyKey) {
        String credits = Long.toString(microCredits);
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(accountId)
                .setSuccessUrl(config.successUrl())
                .putMetadata("accountId", accountId)
                .putMetadata("microCredits", credits)
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("accountId", accountId)
                        .putMetadata("microCredits", credits)
                        .build())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(config.currency())
                                .setUnitAmount(cents)
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(String.format(Locale.ROOT, "Socialwire credits (%,d)", microCredits))
                                        .build())
                                .build())
                        .build());
        if (config.cancelUrl() != null) {
            params.setCancelUrl(config.cancelUrl());
        }
        Session session;
        try {
            RequestOptions options = RequestOptions.builder()
                    .setApiKey(config.secretKey())
                    .setIdempotencyKey(idempotencyKey)
                    .setBaseUrl(config.apiBase())
                    .setMaxNetworkRetries(config.maxNetworkRetries())
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setReadTimeout((int) config.readTimeout().toMillis())
                    .build();
            session = Session.create(params.build(), options);
        } catch (StripeException e) {
            throw map(config, e);
        } catch (RuntimeException e) {
            // stripe-java refusing our options (a key with whitespace, say) or choking on a response
            throw StripeCheckoutException.of(StripeCheckoutException.Kind.UNEXPECTED_RESPONSE,
                    "Stripe checkout failed: " + e.getClass().getSimpleName() + ": " + config.redact(e.getMessage()), null, null, null);
        }
        if (session == null || session.getId() == null || session.getId().isBlank() || session.getUrl() == null
                || session.getUrl().isBlank()) {
            throw StripeCheckoutException.of(StripeCheckoutException.Kind.UNEXPECTED_RESPONSE,
                    "Stripe answered without a Checkout Session id and url", null, null,
                    session == null || session.getLastResponse() == null ? null : session.getLastResponse().requestId());
        }
        long amount = session.getAmountTotal() != null ? session.getAmountTotal() : cents;
        String currency = session.getCurrency() != null ? session.getCurrency() : config.currency();
        return new StripeCheckout.CheckoutSession(session.getId(), session.getUrl(), amount, currency);
    }

    /** A stripe-java failure as one of ours, with Stripe's status, code and request id and a redacted message. */
    static StripeCheckoutException map(StripeCheckout config, StripeException e) {
        Integer status = e.getStatusCode();
        if (status != null && status == 0) {
            status = null; // stripe-java's "no response" (ApiConnectionException)
        }
        StripeCheckoutException.Kind kind;
        if (e instanceof ApiConnectionException) {
            kind = StripeCheckoutException.Kind.CONNECTION;
        } else if (e instanceof RateLimitException || status != null && status == 429) {
            kind = StripeCheckoutException.Kind.RATE_LIMITED;
        } else if (e instanceof IdempotencyException) {
            kind = StripeCheckoutException.Kind.IDEMPOTENCY_CONFLICT;
        } else if (e instanceof AuthenticationException) { // PermissionException (403) is a subclass
            kind = StripeCheckoutException.Kind.AUTHENTICATION;
        } else if (e instanceof InvalidRequestException || e instanceof CardException) {
            kind = StripeCheckoutException.Kind.INVALID_REQUEST;
        } else if (e instanceof ApiException && status != null && (status >= 500 || status == 409)) {
            kind = StripeCheckoutException.Kind.STRIPE_SERVER_ERROR;
        } else {
            // ApiException for a body that is not Stripe's JSON, an unexpected status, ApiKeyMissingException, ...
            kind = StripeCheckoutException.Kind.UNEXPECTED_RESPONSE;
        }
        StripeError error = e.getStripeError();
        String detail = error != null && error.getMessage() != null ? error.getMessage() : e.getMessage();
        StringBuilder message = new StringBuilder("Stripe checkout failed: ").append(kind);
        if (e instanceof ApiConnectionException) {
            // stripe-java's own text names the global API base, not the one this request used
            message.append(" to ").append(config.apiBase());
            Throwable cause = e.getCause();
            detail = cause == null ? detail : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        if (status != null) {
            message.append(", HTTP ").append(status);
        }
        if (error != null && error.getType() != null) {
            message.append(", ").append(error.getType());
        }
        if (e.getCode() != null) {
            message.append(", code ").append(e.getCode());
        }
        if (error != null && error.getParam() != null) {
            message.append(", param ").append(error.getParam());
        }
        if (e.getRequestId() != null) {
            message.append(", request ").append(e.getRequestId());
        }
        message.append(" (").append(e.getClass().getSimpleName()).append(")");
        if (detail != null && !detail.isBlank()) {
            message.append(": ").append(detail);
        }
        return StripeCheckoutException.of(kind, config.redact(message.toString()), status, config.redact(e.getCode()),
                e.getRequestId());
    }
}
