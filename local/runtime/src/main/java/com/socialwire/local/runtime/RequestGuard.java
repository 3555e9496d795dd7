package com.socialwire.local.runtime;

import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The local API's front door. The JDK's HttpServer answers a request whose target it cannot parse as a URI (bad
 * percent-encoding such as {@code ?cursor=%%%}) with its own HTML page before any handler runs; API Gateway and
 * SPEC §4 answer the error envelope. So connections arrive here first: a request line whose target does not parse
 * gets a 400 envelope; any other request is passed to the HttpServer behind (on loopback), one request per
 * connection ({@code Connection: close} both ways), with the caller's address in {@value #PEER_HEADER}.
 */
final class RequestGuard {

    /** The caller's address, for the gateway's {@code sourceIp}; a value sent by the caller is dropped. */
    static final String PEER_HEADER = "x-socialwire-local-peer";
    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final int backendPort;
    private volatile boolean running = true;

    RequestGuard(String host, int port, int backendPort) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(host, port), 256);
        this.backendPort = backendPort;
        Thread.ofVirtual().name("request-guard").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void stop() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void accept() {
        while (running) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String requestLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
            String[] parts = requestLine.split(" ");
            String problem = parts.length == 3 ? targetProblem(parts[1]) : "the request line is not METHOD TARGET VERSION";
            if (problem != null) {
                refuse(client.getOutputStream(), problem);
                return;
            }
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                OutputStream toBackend = backend.getOutputStream();
                toBackend.write(rewriteHead(text, client.getInetAddress().getHostAddress()).getBytes(StandardCharsets.ISO_8859_1));
                toBackend.flush();
                Thread upload = Thread.ofVirtual().start(() -> pipe(in, toBackend));
                relayResponse(backend.getInputStream(), client.getOutputStream());
                upload.interrupt();
            }
        } catch (IOException ignored) {
            // the caller or the server went away: nothing left to answer
        }
    }

    /** Why {@code target} cannot be a request target, or null if it can. */
    static String targetProblem(String target) {
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            return e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "");
        }
    }

    private static void refuse(OutputStream out, String problem) throws IOException {
        String requestId = "req_" + Ids.base62(16);
        Map<String, Object> error = Map.of("error", Map.of("code", "VALIDATION_ERROR",
                "message", "the request target is not a valid URI (check its percent-encoding)", "requestId", requestId,
                "details", Map.of("target", problem)));
        byte[] body = Json.bytes(error);
        String head = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-request-id: " + requestId
                + "\r\ncontent-length: " + body.length + "\r\nconnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** The request head with {@code Connection: close} and the peer header in place of any the caller sent. */
    private static String rewriteHead(String head, String peer) {
        return closing(head, PEER_HEADER + ": " + peer + "\r\n");
    }

    /** {@code head} without its Connection (and peer) headers, with {@code Connection: close} and {@code extra} added. */
    private static String closing(String head, String extra) {
        StringBuilder out = new StringBuilder();
        String[] lines = head.split("\r\n", -1);
        out.append(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim();
            if (line.isEmpty() || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase(PEER_HEADER)) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        return out.append("connection: close\r\n").append(extra).append("\r\n").toString();
    }

    /** Copies the server's answer, telling the caller the connection closes after it (interim 1xx heads pass as they are). */
    private static void relayResponse(InputStream from, OutputStream to) throws IOException {
        while (true) {
            byte[] head = readHead(from);
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            if (text.startsWith("HTTP/1.1 1") && !text.startsWith("HTTP/1.1 101")) {
                to.write(head);
                to.flush();
                continue;
            }
            to.write(closing(text, "").getBytes(StandardCharsets.ISO_8859_1));
            from.transferTo(to);
            to.flush();
            return;
        }
    }

    private static void pipe(InputStream from, OutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException ignored) {
            // one side closed
        }
    }

    /** Bytes up to and including the first blank line, or null if the stream ends first or the head is too large. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }
}
