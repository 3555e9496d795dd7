package com.socialwire.shared.http;

import com.socialwire.shared.security.Hashing;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A review link's token rides in its path; the request log line shows a short hash of it instead. */
class LoggablePathTest {

    @Test
    void aReviewTokenInThePathIsReplacedByAShortHash() {
        String token = "rvw_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V";
        String logged = HttpApi.loggablePath("/review/" + token + "/posts/post_x/approve");
        assertFalse(logged.contains(token), logged);
        assertEquals("/review/rvw_#" + Hashing.sha256Hex(token).substring(0, 8) + "/posts/post_x/approve", logged);
        assertEquals("/review/rvw_#" + Hashing.sha256Hex(token).substring(0, 8), HttpApi.loggablePath("/review/" + token));
    }

    @Test
    void otherPathsAreLoggedAsTheyAre() {
        assertEquals("/v1/tenants/tnt_1/posts", HttpApi.loggablePath("/v1/tenants/tnt_1/posts"));
        assertEquals("/", HttpApi.loggablePath("/"));
        assertEquals("/v1/tenants/tnt_1/review-links", HttpApi.loggablePath("/v1/tenants/tnt_1/review-links"));
    }
}
