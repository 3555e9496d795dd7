package com.socialwire.shared.providers.llm;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmClientsTest {

    private static LlmClient from(Map<String, String> env) {
        return LlmClients.fromConfig(Config.of(env));
    }

    @Test
    void nothingConfiguredMeansTheOfflineGenerator() {
        LlmClient client = from(Map.of());

        assertInstanceOf(OfflineLlm.class, client);
        assertTrue(client.offline());
    }

    @Test
    void aKeyOrABaseUrlSelectsARealProvider() {
        assertEquals("openai:gpt-4o-mini", from(Map.of("OPENAI_API_KEY", "sk-x")).describe());
        assertEquals("openai:gpt-4o-mini", from(Map.of("LLM_API_KEY", "sk-x")).describe());
        assertEquals("anthropic:claude-haiku-4-5", from(Map.of("ANTHROPIC_API_KEY", "sk-ant-x")).describe());
        assertEquals("openai:llama3.2", from(Map.of("LLM_BASE_URL", "http://127.0.0.1:11434/v1", "LLM_MODEL", "llama3.2")).describe());
        assertFalse(from(Map.of("OPENAI_API_KEY", "sk-x")).offline());
    }

    @Test
    void anExplicitProviderWins() {
        assertInstanceOf(OfflineLlm.class, from(Map.of("LLM_PROVIDER", "offline", "OPENAI_API_KEY", "sk-x")));
        assertEquals("anthropic:claude-sonnet-4-5",
                from(Map.of("LLM_PROVIDER", "Anthropic", "LLM_MODEL", "claude-sonnet-4-5")).describe());
    }

    @Test
    void anUnknownProviderFailsAtColdStartWithoutEchoingSecrets() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> from(Map.of("LLM_PROVIDER", "gemini", "LLM_API_KEY", "sk-secret-123")));
        assertFalse(e.getMessage().contains("sk-secret-123"));
    }

    @Test
    void clientsNeverShowTheirKey() {
        String key = "sk-very-secret-999";
        for (String provider : new String[] {"openai", "anthropic"}) {
            LlmClient client = from(Map.of("LLM_PROVIDER", provider, "LLM_API_KEY", key));
            assertFalse(client.toString().contains(key), client.toString());
            assertFalse(client.describe().contains(key));
        }
    }
}
