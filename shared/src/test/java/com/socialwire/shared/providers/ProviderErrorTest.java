package com.socialwire.shared.providers;

import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.providers.llm.LlmResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProviderErrorTest {

    @Test
    void graphFailuresBecomeACodeAndACategory() {
        assertEquals(new ProviderError("GRAPH_190", "auth"), ProviderError.of(new GraphResult.TokenExpired<>(190, 463, "Error validating access token")));
        assertEquals(new ProviderError("GRAPH_190", "auth"), ProviderError.of(new GraphResult.TokenExpired<>(0, 0, "no usable token")));
        assertEquals(new ProviderError("GRAPH_100", "rejected"), ProviderError.of(new GraphResult.Rejected<>(400, 100, "(#100) Invalid parameter")));
        assertEquals(new ProviderError("GRAPH_10", "auth"), ProviderError.of(new GraphResult.Rejected<>(403, 10, "permission")));
        assertEquals(new ProviderError("GRAPH_4", "rate_limited"), ProviderError.of(new GraphResult.Transient<>(400, 4, "too many calls", 0)));
        assertEquals(new ProviderError("GRAPH_UNKNOWN", "unavailable"), ProviderError.of(new GraphResult.Transient<>(503, 0, "down", 0)));
        assertEquals(new ProviderError("GRAPH_UNKNOWN", "unknown_outcome"), ProviderError.of(new GraphResult.Unknown<>("timed out")));
        assertNull(ProviderError.of(new GraphResult.Ok<>("x", null)));
    }

    @Test
    void modelFailuresBecomeACodeAndACategory() {
        assertEquals(new ProviderError("LLM_401", "auth"), ProviderError.of(new LlmResult.Failed(401, "Incorrect API key provided: sk-...")));
        assertEquals(new ProviderError("LLM_400", "rejected"), ProviderError.of(new LlmResult.Failed(400, "bad request")));
        assertEquals(new ProviderError("LLM_429", "rate_limited"), ProviderError.of(new LlmResult.Transient(429, "slow down")));
        assertEquals(new ProviderError("LLM_503", "unavailable"), ProviderError.llm(503, true));
        assertEquals(new ProviderError("LLM_UNKNOWN", "unavailable"), ProviderError.llm(0, true));
    }
}
