package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.llm.LlmClients;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 low: SystemFunction was given the Meta and Stripe secrets only to say "configured", and
 * its metrics guessed the LLM providers from variables no function is given (always false).
 */
class OpsMetricsTruthIT {

    final Fixtures fx = new Fixtures();

    @Test
    void systemFunctionHoldsNoSecretItDoesNotNeed() {
        Map<String, String> env = fx.env.functionEnvironment("SystemFunction");
        for (String name : Set.of("META_APP_SECRET", "META_VERIFY_TOKEN", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")) {
            String secret = fx.env.secrets().get(name);
            assertFalse(env.containsKey(name), name);
            assertFalse(env.containsValue(secret), "SystemFunction is given the value of " + name);
        }
        assertFalse(env.containsKey("LLM_API_KEY") || env.containsKey("CURSOR_SIGNING_KEY"), env.keySet().toString());
    }

    @Test
    void opsMetricsDescribeEachLlmFunctionAsThatFunctionIsConfigured() {
        Response m = fx.system.call("GET", "/v1/ops/metrics", fx.env.ownerKey(), null);
        assertEquals(200, m.status(), m.body());
        JsonNode providers = m.json().path("providers");
        assertTrue(providers.path("stripe").asBoolean(), "the local runtime configures Stripe: " + providers);
        assertTrue(providers.path("instagram").asBoolean(), providers.toString());

        Set<String> withLlm = new TreeSet<>();
        for (Template.FunctionDef fn : fx.env.template().functions()) {
            Map<String, String> env = fx.env.functionEnvironment(fn.logicalId());
            if (!env.containsKey("LLM_PROVIDER") || fn.logicalId().equals("SystemFunction")) { // it only describes them
                continue;
            }
            withLlm.add(fn.logicalId());
            JsonNode truth = Json.mapper().valueToTree(LlmClients.describe(fx.env.functionConfig(fn.logicalId()), false));
            assertEquals(truth, providers.path("llm").path(fn.logicalId()), fn.logicalId() + " is configured with " + truth);
        }
        Set<String> reported = new TreeSet<>();
        providers.path("llm").fieldNames().forEachRemaining(reported::add);
        assertEquals(withLlm, reported, "every function with an LLM, and only those");
        assertFalse(withLlm.isEmpty());
    }
}
