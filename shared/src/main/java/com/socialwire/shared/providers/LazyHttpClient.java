package com.socialwire.shared.providers;

import com.socialwire.shared.Lazy;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The providers' {@link HttpClient}: {@link #send} runs HTTP/1.1 exchanges over {@link HttpURLConnection} — the stack the
 * AWS clients already load — so the JDK's own client, with its selector thread, HTTP/2 machinery and the default TLS
 * context it builds even for plain http (~600 classes and their lambdas at a comment worker's first Graph reply), is
 * built only for what {@code HttpURLConnection} cannot do ({@code PATCH}, {@code sendAsync}, an HTTP/2-only request),
 * on its first such use.
 *
 * <p>What callers see is what the JDK client gives them with this configuration (HTTP/1.1, no redirects followed, no
 * proxy, the connect timeout, the request's timeout): any {@link HttpRequest} body publisher, any
 * {@link HttpResponse.BodyHandler} (its subscriber is fed as it asks, so {@code ofInputStream} streams), a connect
 * timeout as {@link HttpConnectTimeoutException}, a response slower than the request's timeout as
 * {@link HttpTimeoutException} (the timeout bounds each wait for bytes here, not the exchange as a whole). Unlike the
 * JDK's client, {@code HttpURLConnection} sends a GET, PUT or DELETE once more when its connection fails before an
 * answer (idempotent methods; a POST never: {@link HttpUrlConnections}).
 * {@code LazyHttpClientTest} holds it to the JDK client over the same exchanges.
 */
final class LazyHttpClient extends HttpClient {

    static {
        HttpUrlConnections.configure();
    }

    private static final int CHUNK = 16 * 1024;
    private static final long PUBLISHER_WAIT_SECONDS = 60;

    private final Lazy<HttpClient> client;
    private final Duration connectTimeout;

    LazyHttpClient(Supplier<HttpClient> factory, Duration connectTimeout) {
        this.client = Lazy.of(factory);
        this.connectTimeout = connectTimeout;
    }

    /** Whether the JDK's client has been built (tests). */
    boolean built() {
        return client.isBuilt();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.of(connectTimeout);
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        return client.get().sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client.get().sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return client.get().executor();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        if (!overUrlConnection(request)) {
            return client.get().send(request, handler);
        }
        byte[] body = request.bodyPublisher().isPresent() ? bytes(request.bodyPublisher().get()) : null;
        HttpURLConnection c = (HttpURLConnection) request.uri().toURL().openConnection(Proxy.NO_PROXY);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(millis(connectTimeout));
        if (request.timeout().isPresent()) {
            c.setReadTimeout(millis(request.timeout().get()));
        }
        c.setRequestMethod(request.method());
        for (Map.Entry<String, List<String>> h : request.headers().map().entrySet()) {
            for (String v : h.getValue()) {
                c.addRequestProperty(h.getKey(), v);
            }
        }
        boolean sendsBody = body != null && (body.length > 0 || request.method().equals("POST") || request.method().equals("PUT"));
        if (sendsBody) {
            // buffered, not streamed at a fixed length: a streamed request's 401 loses its body in HttpURLConnection
            // (the platform's error code says whether a token was revoked); it never sends a POST twice on its own
            // (sun.net.http.retryPost=false, see HttpUrlConnections)
            c.setDoOutput(true);
        }
        try {
            c.connect();
        } catch (SocketTimeoutException e) {
            c.disconnect();
            HttpConnectTimeoutException t = new HttpConnectTimeoutException("HTTP connect timed out");
            t.initCause(e);
            throw t;
        }
        int status;
        try {
            if (sendsBody) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            status = c.getResponseCode();
        } catch (SocketTimeoutException e) {
            c.disconnect();
            HttpTimeoutException t = new HttpTimeoutException("request timed out");
            t.initCause(e);
            throw t;
        }
        HttpHeaders headers = HttpHeaders.of(responseHeaders(c), (name, value) -> true);
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null || request.method().equals("HEAD")) {
            if (in != null) {
                in.close();
            }
            in = InputStream.nullInputStream();
        }
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new Info(status, headers));
        subscriber.onSubscribe(new Pump(in, subscriber));
        CompletableFuture<T> answer = subscriber.getBody().toCompletableFuture();
        if (!answer.isDone()) {
            throw new IOException("the body handler of " + request.method() + " " + request.uri().getPath()
                    + " did not finish with the body (it asked for less than all of it)");
        }
        try {
            return new Response<>(status, request, headers, answer.get(), request.uri());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return client.get().sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return client.get().sendAsync(request, handler, push);
    }

    /** Methods {@code HttpURLConnection} sends, of http(s) URIs, unless the request asks for HTTP/2 only. */
    private static boolean overUrlConnection(HttpRequest request) {
        String scheme = request.uri().getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        return http && request.version().orElse(Version.HTTP_1_1) == Version.HTTP_1_1
                && switch (request.method()) {
                    case "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS" -> true;
                    default -> false;
                };
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static Map<String, List<String>> responseHeaders(HttpURLConnection c) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
            if (h.getKey() != null) { // the status line
                out.put(h.getKey(), h.getValue());
            }
        }
        return out;
    }

    /** All of a request body publisher's bytes (ours publish byte arrays and strings at once; a slow one is given a minute). */
    static byte[] bytes(HttpRequest.BodyPublisher publisher) throws IOException, InterruptedException {
        Collector collector = new Collector();
        publisher.subscribe(collector);
        try {
            return collector.done.get(PUBLISHER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("the request body could not be read", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the request body publisher gave no end within " + PUBLISHER_WAIT_SECONDS + " s");
        }
    }

    private static final class Collector implements Flow.Subscriber<ByteBuffer> {
        private final List<ByteBuffer> parts = new ArrayList<>();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(ByteBuffer item) {
            ByteBuffer copy = ByteBuffer.allocate(item.remaining());
            copy.put(item).flip();
            parts.add(copy);
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public synchronized void onComplete() {
            int size = 0;
            for (ByteBuffer b : parts) {
                size += b.remaining();
            }
            byte[] all = new byte[size];
            int at = 0;
            for (ByteBuffer b : parts) {
                int n = b.remaining();
                b.get(all, at, n);
                at += n;
            }
            done.complete(all);
        }
    }

    /**
     * Feeds a body subscriber from the connection's stream as it asks ({@code request(n)} reads up to n chunks on the
     * asking thread), so a handler that streams ({@code ofInputStream}) reads while the caller reads; the stream is
     * closed at its end, on an error or on cancel (the connection then returns to the keep-alive cache or is dropped).
     */
    private static final class Pump implements Flow.Subscription {
        private final InputStream in;
        private final HttpResponse.BodySubscriber<?> subscriber;
        private long demand;
        private boolean pumping;
        private boolean finished;

        Pump(InputStream in, HttpResponse.BodySubscriber<?> subscriber) {
            this.in = in;
            this.subscriber = subscriber;
        }

        @Override
        public synchronized void request(long n) {
            if (finished) {
                return;
            }
            if (n <= 0) {
                finish();
                subscriber.onError(new IllegalArgumentException("non-positive request " + n));
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (pumping) {
                return; // a call from onNext: the loop below goes on
            }
            pumping = true;
            try {
                while (demand > 0 && !finished) {
                    byte[] chunk = new byte[CHUNK];
                    int read;
                    try {
                        read = in.read(chunk);
                    } catch (IOException e) {
                        finish();
                        subscriber.onError(e instanceof SocketTimeoutException ? timeout(e) : e);
                        return;
                    }
                    if (read < 0) {
                        finish();
                        subscriber.onComplete();
                        return;
                    }
                    demand--;
                    subscriber.onNext(List.of(ByteBuffer.wrap(chunk, 0, read)));
                }
            } finally {
                pumping = false;
            }
        }

        @Override
        public synchronized void cancel() {
            finish();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing more to read from it either way
                }
            }
        }

        private static IOException timeout(IOException cause) {
            HttpTimeoutException t = new HttpTimeoutException("request timed out");
            t.initCause(cause);
            return t;
        }
    }

    private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    private record Response<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body, URI uri) implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }
}
