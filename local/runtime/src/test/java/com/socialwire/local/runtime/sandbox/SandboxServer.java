package com.socialwire.local.runtime.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One platform sandbox served over HTTP at {@code /_local/<name>/…} without the runtime, so a test drives it with the
 * platform's real connector and publisher; {@code files} are served as they are under {@code /files/<name>} (a post's
 * media). Closed with the test.
 */
final class SandboxServer implements AutoCloseable {

    private final HttpServer server;
    private final SandboxHost host;

    SandboxServer(SandboxHost host, Map<String, byte[]> files) throws IOException {
        this.host = host;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String prefix = "/_local/" + host.name();
        server.createContext(prefix, ex -> {
            SandboxResponse a = host.handle(new SandboxRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath().substring(prefix.length()),
                    ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
            if (a.delayMs() > 0) {
                try {
                    Thread.sleep(a.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            send(ex, a.status(), a.body());
        });
        server.createContext("/files/", ex -> {
            byte[] file = files.get(ex.getRequestURI().getPath().substring("/files/".length()));
            send(ex, file == null ? 404 : 200, file == null ? new byte[0] : file);
        });
        server.start();
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The sandbox's base URL, as the runtime gives it to {@link PlatformSandbox#environment}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/_local/" + host.name();
    }

    String file(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
