package com.socialwire.accounts.model;

import java.time.Instant;

/** An agency: it holds the API keys, the tenants and (later) the credit balance. */
public record Account(String id, String name, String status, Instant createdAt) {
}
