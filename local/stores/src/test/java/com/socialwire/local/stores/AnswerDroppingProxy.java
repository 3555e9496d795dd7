package com.socialwire.local.stores;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A TCP proxy that passes each request through to {@code target} and, once the target starts answering (so the request
 * was fully handled), closes the caller's connection without a byte of the answer: a response lost on the way back,
 * after the server acted.
 */
final class AnswerDroppingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;

    AnswerDroppingProxy(URI target) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> relay(client, target));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private static void relay(Socket client, URI target) {
        try (client; Socket upstream = new Socket(target.getHost(), target.getPort())) {
            InputStream fromClient = client.getInputStream();
            OutputStream toUpstream = upstream.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try {
                    fromClient.transferTo(toUpstream);
                } catch (IOException ignored) {
                    // either side closed
                }
            });
            // wait for the first byte of the answer, then drop it and the connection
            upstream.getInputStream().read();
        } catch (IOException ignored) {
            // the caller sees a broken connection either way
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
