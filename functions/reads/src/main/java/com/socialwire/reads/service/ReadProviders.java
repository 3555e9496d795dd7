package com.socialwire.reads.service;

import com.socialwire.reads.provider.ReadProvider;

import java.util.Optional;

/** Which provider reads what: public media through the configured read API, a tenant's own media through the Graph path. */
public interface ReadProviders {

    /** The provider of public reads (the third-party read API, or the labelled local sandbox). */
    ReadProvider publicReads();

    /** The Graph path for media {@code tenantId} owns, or empty when the tenant has no connected Instagram account. */
    Optional<ReadProvider> ownedBy(String tenantId);
}
