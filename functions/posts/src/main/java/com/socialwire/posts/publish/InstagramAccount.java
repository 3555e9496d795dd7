package com.socialwire.posts.publish;

import com.socialwire.shared.tenants.Tenant;

/** The tenant a delivery publishes for and its Instagram token, as {@link DeliveryOutcomes#account} loaded them. */
record InstagramAccount(Tenant tenant, String token) {
}
