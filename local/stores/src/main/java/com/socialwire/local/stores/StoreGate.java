package com.socialwire.local.stores;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The IAM check in front of one embedded store: a byte-for-byte HTTP/1.1 relay that reads each
 * request's head (and, where the decision needs it, its body), asks the signing function's
 * policy for every action the request needs, and either relays the request unchanged — the
 * store's answer comes back untouched — or answers AccessDenied in that service's own error
 * format, as AWS would, so the function's SDK raises the exception it would raise on AWS.
 * Requests not signed by a function (the stores' own key, a developer's CLI) pass unchecked.
 */
final class StoreGate implements AutoCloseable {

    /** How a service names the actions of a request, and how it says no. */
    enum Service {
        DYNAMODB(true, IamCalls::dynamoDb),
        SQS(true, IamCalls::sqs),
        S3(false, IamCalls::s3);

        final boolean needsBody;
        final Function<IamCalls.Request, List<IamCalls.Call>> calls;

        Service(boolean needsBody, Function<IamCalls.Request, List<IamCalls.Call>> calls) {
            this.needsBody = needsBody;
            this.calls = calls;
        }
    }

    private static final int MAX_HEAD = 64 * 1024;

    private final Service service;
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Supplier<FunctionPolicies> policies;
    private volatile boolean open = true;

    StoreGate(Service service, int port, int targetPort, Supplier<FunctionPolicies> policies) throws IOException {
        this.service = service;
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.policies = policies;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        Thread.ofPlatform().daemon().name("gate-" + service.name().toLowerCase(Locale.ROOT)).start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The store's own port, behind the gate. */
    int targetPort() {
        return target.getPort();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket store = new Socket()) {
            client.setTcpNoDelay(true);
            store.setTcpNoDelay(true);
            store.connect(target);
            InputStream fromClient = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream toClient = client.getOutputStream();
            OutputStream toStore = new BufferedOutputStream(store.getOutputStream(), 64 * 1024);
            InputStream fromStore = store.getInputStream();
            Thread back = Thread.ofVirtual().start(() -> pipe(fromStore, toClient, client));
            while (true) {
                byte[] head = readHead(fromClient);
                if (head == null) {
                    break;
                }
                Head h = Head.parse(head);
                byte[] body = null;
                if (service.needsBody || needsBody(h)) {
                    body = readBody(fromClient, h);
                    if (body == null) {
                        break;
                    }
                }
                Optional<String> denied = check(h, body);
                if (denied.isPresent()) {
                    if (body == null && h.header("expect") == null) {
                        // a client that sends its body at once reads the answer only after it: take the body first
                        copyBody(fromClient, OutputStream.nullOutputStream(), h);
                    }
                    toClient.write(denied.get().getBytes(StandardCharsets.UTF_8));
                    toClient.flush();
                    break;
                }
                toStore.write(head);
                if (body != null) {
                    toStore.write(body);
                } else {
                    copyBody(fromClient, toStore, h);
                }
                toStore.flush();
            }
            store.shutdownOutput();
            back.join(10_000);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client or the store went away: the connection ends, as it would without the gate
        }
    }

    private static boolean needsBody(Head h) {
        // S3 DeleteObjects names its keys in the body; nothing else in S3 needs more than the head
        return h.method.equals("POST") && h.query.contains("delete") && h.header("expect") == null && h.header("transfer-encoding") == null;
    }

    private Optional<String> check(Head h, byte[] body) {
        FunctionPolicies p = policies.get();
        if (p == null) {
            return Optional.empty();
        }
        IamCalls.Request request = new IamCalls.Request(h.method, h.path, h.query, h.headers, body == null ? new byte[0] : body);
        String key = IamCalls.accessKeyId(request);
        Optional<IamPolicy> policy = p.forAccessKey(key);
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        List<IamCalls.Call> calls;
        try {
            calls = service.calls.apply(request);
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // the store answers a request it cannot read with its own error
        }
        for (IamCalls.Call c : calls) {
            if (!policy.get().allows(c.action(), c.resource())) {
                System.err.println("local IAM: AccessDenied: " + key + " may not " + c.action() + " on " + c.resource()
                        + " (template.yaml grants it no such permission)");
                return Optional.of(AccessDenied.response(service, key, c, h.method.equals("HEAD"), h.header("x-amz-target") == null));
            }
        }
        return Optional.empty();
    }

    private static void pipe(InputStream in, OutputStream out, Socket client) {
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // either side closed
        } finally {
            try {
                client.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** The request line and headers up to the blank line, or null at the end of the connection. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head too large");
            }
        }
        return head.toByteArray();
    }

    private static byte[] readBody(InputStream in, Head h) throws IOException {
        if (h.chunked()) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            copyChunked(in, raw);
            return raw.toByteArray();
        }
        byte[] body = in.readNBytes((int) h.contentLength());
        return body.length == h.contentLength() ? body : null;
    }

    private static void copyBody(InputStream in, OutputStream out, Head h) throws IOException {
        if (h.chunked()) {
            copyChunked(in, out);
            return;
        }
        long left = h.contentLength();
        byte[] buf = new byte[64 * 1024];
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("request body cut short");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** Copies a chunked body as it is, chunk lines and trailers included. */
    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String line = line(in, out);
            int semi = line.indexOf(';');
            long size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!line(in, out).isEmpty()) {
                    // trailers
                }
                return;
            }
            byte[] buf = new byte[(int) Math.min(size, 64 * 1024)];
            for (long left = size; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("chunk cut short");
                }
                out.write(buf, 0, n);
                left -= n;
            }
            line(in, out);
        }
    }

    private static String line(InputStream in, OutputStream out) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection ended in a chunked body");
            }
            out.write(b);
            if (b != '\r') {
                s.append((char) b);
            }
        }
        out.write('\n');
        return s.toString();
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** A parsed request head: method, path, raw query and headers (names in lower case). */
    private record Head(String method, String path, String query, Map<String, String> headers) {
        static Head parse(byte[] raw) {
            String[] lines = new String(raw, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            String uri = requestLine.length > 1 ? requestLine[1] : "/";
            if (uri.startsWith("http://") || uri.startsWith("https://")) {
                int slash = uri.indexOf('/', uri.indexOf("//") + 2);
                uri = slash < 0 ? "/" : uri.substring(slash);
            }
            int q = uri.indexOf('?');
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            return new Head(requestLine[0], q < 0 ? uri : uri.substring(0, q), q < 0 ? "" : uri.substring(q + 1), headers);
        }

        String header(String name) {
            return headers.get(name);
        }

        boolean chunked() {
            String te = headers.get("transfer-encoding");
            return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
        }

        long contentLength() {
            String cl = headers.get("content-length");
            return cl == null ? 0 : Long.parseLong(cl);
        }
    }

    /** AccessDenied as each service answers it, so the SDK raises the same exception it raises on AWS. */
    static final class AccessDenied {
        private AccessDenied() {
        }

        static String message(String accessKey, IamCalls.Call c) {
            return "User: arn:aws:sts::" + LocalStores.ACCOUNT_ID + ":assumed-role/" + accessKey + "Role/" + accessKey
                    + " is not authorized to perform: " + c.action() + " on resource: " + c.resource()
                    + " because no identity-based policy allows the " + c.action() + " action";
        }

        /** {@code query}: an SQS request in the query protocol (form or URL parameters), answered in XML. */
        static String response(Service service, String accessKey, IamCalls.Call c, boolean head, boolean query) {
            String requestId = UUID.randomUUID().toString();
            String message = message(accessKey, c);
            return switch (service) {
                case DYNAMODB -> http(400, "Bad Request", "application/x-amz-json-1.0",
                        "x-amzn-RequestId: " + requestId + "\r\n",
                        "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":" + json(message) + "}", false);
                case SQS -> query ? http(403, "Forbidden", "text/xml", "x-amzn-RequestId: " + requestId + "\r\n",
                        "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>Sender</Type>"
                                + "<Code>AccessDenied</Code><Message>" + xml(message) + "</Message><Detail/></Error><RequestId>" + requestId
                                + "</RequestId></ErrorResponse>", false)
                        : http(403, "Forbidden", "application/x-amz-json-1.0",
                        "x-amzn-RequestId: " + requestId + "\r\nx-amzn-query-error: AccessDenied;Sender\r\n",
                        "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":" + json(message) + "}", false);
                case S3 -> http(403, "Forbidden", "application/xml", "x-amz-request-id: " + requestId.replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT) + "\r\n",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>"
                                + requestId + "</RequestId></Error>", head);
            };
        }

        static String http(int status, String reason, String type, String extraHeaders, String body, boolean noBody) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + type + "\r\n" + extraHeaders
                    + "Content-Length: " + (noBody ? 0 : bytes.length) + "\r\nConnection: close\r\n\r\n" + (noBody ? "" : body);
        }

        static String xml(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }

        static String json(String s) {
            return com.socialwire.shared.Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
        }
    }
}
