package com.socialwire.shared.providers;

import com.socialwire.shared.Lazy;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * An {@link HttpClient} built on its first request, not with the handler: building one loads the JDK's
 * HTTP stack and its default TLS context (about 400 classes, 100-250 ms of a cold start here), which a
 * function whose first request never calls the provider would pay for nothing.
 */
final class LazyHttpClient extends HttpClient {

    private final Lazy<HttpClient> client;
    private final Duration connectTimeout;

    LazyHttpClient(Supplier<HttpClient> factory, Duration connectTimeout) {
        this.client = Lazy.of(factory);
        this.connectTimeout = connectTimeout;
    }

    /** Whether the real client has been built (tests). */
    boolean built() {
        return client.isBuilt();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client.get().cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.of(connectTimeout);
    }

    @Override
    public Redirect followRedirects() {
        return client.get().followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client.get().proxy();
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
        return client.get().authenticator();
    }

    @Override
    public Version version() {
        return client.get().version();
    }

    @Override
    public Optional<Executor> executor() {
        return client.get().executor();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return client.get().send(request, handler);
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
}
