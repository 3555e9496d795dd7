package com.socialwire.posts.review.page;

/**
 * A rendered page: its status, its HTML and the Content-Security-Policy that goes with it (the hashes of its one inline
 * style and one inline script; nothing else may load or run).
 */
public record Html(int status, String body, String contentSecurityPolicy) { }
