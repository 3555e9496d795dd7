package com.socialwire.billing.stripe;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Building a {@link StripeCheckout}, pricing, the signature check, event parsing and opening a
 * session load no stripe-java class (the Lambda zips do not carry it; the tests keep it as an
 * oracle). Proven with a class loader that refuses (and records) every {@code com.stripe.*} class.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StripeCheckoutLazyLoadingTest {

    /** Loads com.socialwire.* itself (child first), refuses com.stripe.*, delegates the rest (JDK, Jackson). */
    private static final class NoStripeLoader extends URLClassLoader {
        final List<String> refused = new CopyOnWriteArrayList<>();

        NoStripeLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("com.stripe.")) {
                    refused.add(name);
                    throw new ClassNotFoundException(name);
                }
                if (name.startsWith("com.socialwire.")) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        c = findClass(name);
                    }
                    if (resolve) {
                        resolveClass(c);
                    }
                    return c;
                }
                return super.loadClass(name, resolve);
            }
        }
    }

    @Test
    void noStripeJavaClassLoadsEvenToOpenASession() throws Exception {
        URL billing = StripeCheckout.class.getProtectionDomain().getCodeSource().getLocation();
        URL shared = Config.class.getProtectionDomain().getCodeSource().getLocation();
        try (NoStripeLoader loader = new NoStripeLoader(new URL[]{billing, shared}, getClass().getClassLoader())) {
            Class<?> configClass = loader.loadClass("com.socialwire.shared.Config");
            Class<?> checkoutClass = loader.loadClass("com.socialwire.billing.stripe.StripeCheckout");
            assertEquals(loader, checkoutClass.getClassLoader(), "the class under test comes from the isolating loader");

            Object config = configClass.getMethod("of", Map.class).invoke(null, Map.of(
                    "STRIPE_SECRET_KEY", "sk_test_lazy", "STRIPE_API_BASE", "http://127.0.0.1:9",
                    "CHECKOUT_SUCCESS_URL", "https://app.test/ok"));
            Object checkout = checkoutClass.getMethod("fromConfig", configClass).invoke(null, config);
            assertEquals(100L, checkoutClass.getMethod("amountCents", long.class).invoke(checkout, 1_000_000L));
            assertFalse(checkout.toString().isEmpty());
            // the webhook route's pieces too
            Class<?> signature = loader.loadClass("com.socialwire.billing.stripe.StripeSignature");
            String header = (String) signature.getMethod("sign", byte[].class, String.class, long.class)
                    .invoke(null, "{}".getBytes(), "whsec_x", 1_785_312_000L);
            assertTrue(header.startsWith("t=1785312000,v1="));
            Class<?> events = loader.loadClass("com.socialwire.billing.stripe.StripeEvents");
            Object ignored = events.getMethod("parse", String.class).invoke(null, "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"charge.succeeded\"}");
            assertTrue(ignored.getClass().getSimpleName().equals("Ignored"), ignored.toString());
            // and catching the failure type
            loader.loadClass("com.socialwire.billing.stripe.StripeCheckoutException$Unavailable");

            Method create = checkoutClass.getMethod("create", String.class, long.class, String.class);
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> create.invoke(checkout, "acct_Lazy123", 1_000_000L, "k"));
            assertEquals("Unavailable", e.getCause().getClass().getSimpleName(), "nothing listens on port 9: " + e.getCause());

            assertEquals(List.of(), loader.refused, "no stripe-java class, not even to open a session");
        }
    }
}
