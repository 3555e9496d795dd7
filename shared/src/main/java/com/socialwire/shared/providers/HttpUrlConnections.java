package com.socialwire.shared.providers;

/**
 * The JVM-wide setting every {@code HttpURLConnection} client of ours relies on (the providers' {@link LazyHttpClient};
 * the AWS clients stream their bodies at a fixed length, which {@code HttpURLConnection} never sends again anyway):
 * {@code sun.net.http.retryPost=false}, so a POST whose connection fails before its answer is not sent a second time
 * behind our back — a reply or a publish must happen once, and only our code decides to ask again (after it has looked).
 * The JDK reads the property once, when its HTTP client class first initialises: {@link #configure()} runs from the
 * static initialisers of the classes that open connections, before their first one. A value set on the command line wins.
 */
public final class HttpUrlConnections {

    static final String RETRY_POST = "sun.net.http.retryPost";

    static {
        if (System.getProperty(RETRY_POST) == null) {
            System.setProperty(RETRY_POST, "false");
        }
    }

    private HttpUrlConnections() {
    }

    /** Loads this class, which sets what the class comment says (once per JVM). */
    public static void configure() {
        // the static initialiser above does the work
    }
}
