package com.socialwire.local.runtime;

import com.socialwire.local.runtime.sandbox.ReadApiSandbox;
import com.socialwire.local.runtime.sandbox.SandboxHost;
import com.socialwire.local.runtime.sandbox.Sandboxes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The local runtime points the reads context's read provider at its LOCAL READ API SANDBOX, never at a real one. */
class ReadApiEnvironmentTest {

    @Test
    void theReadProviderIsTheLocalSandbox() {
        List<SandboxHost> hosts = Sandboxes.all().stream().map(SandboxHost::new).toList();
        Map<String, String> env = LocalRuntime.platformEnvironment(hosts, "http://127.0.0.1:3000", Map.of());
        assertEquals("http://127.0.0.1:3000/_local/readapi", env.get("READ_PROVIDER_BASE_URL"));
        assertEquals(ReadApiSandbox.KEY, env.get("READ_PROVIDER_KEY"));
    }
}
