package com.socialwire.local.runtime;

import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hosts template.yaml's functions in this JVM: each handler is built on first use by its no-arg
 * constructor with its own environment (a cold start), then reused (a warm container), and
 * invoked with raw event bytes as Lambda's runtime does.
 */
final class FunctionHost implements HttpGateway.Functions {

    private final LocalEnvironment env;
    private final Map<String, Object> handlers = new ConcurrentHashMap<>();
    private final Map<String, Template.FunctionDef> definitions = new ConcurrentHashMap<>();
    private volatile LocalRuntime.InvocationListener listener;

    FunctionHost(LocalEnvironment env) {
        this.env = env;
    }

    @Override
    public Template template() {
        return env.template();
    }

    @Override
    public byte[] invoke(String logicalId, byte[] event) {
        // the template does not change under a running runtime: parsing every function's definition per invocation was 0.4% of the pipeline's CPU
        Template.FunctionDef fn = definitions.computeIfAbsent(logicalId, env.template()::function);
        Object handler = handlers.computeIfAbsent(logicalId, env::newHandler);
        LocalRuntime.InvocationListener l = listener;
        long started = System.nanoTime();
        try {
            return Invoker.invoke(handler, event, new LocalContext(logicalId, fn.memoryMb(), fn.timeoutSeconds()));
        } finally {
            if (l != null) {
                l.invoked(logicalId, fn.memoryMb(), System.nanoTime() - started);
            }
        }
    }

    void listener(LocalRuntime.InvocationListener l) {
        this.listener = l;
    }

    /** Builds every handler now, so a broken wiring fails at start rather than on the first request. */
    void warmAll() {
        for (Template.FunctionDef fn : env.template().functions()) {
            handlers.computeIfAbsent(fn.logicalId(), env::newHandler);
        }
    }
}
