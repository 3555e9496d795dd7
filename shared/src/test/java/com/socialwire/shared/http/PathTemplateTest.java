package com.socialwire.shared.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Path parameters as the routers and the local gateway see them. */
class PathTemplateTest {

    static final PathTemplate POST = PathTemplate.of("/v1/tenants/{tenantId}/posts/{postId}");

    @Test
    void idsKeepTheirAlphabetAndDecode() {
        assertEquals(Map.of("tenantId", "tnt_4Fz9abc", "postId", "post_x-1.2:3~"),
                POST.match("/v1/tenants/tnt_4Fz9abc/posts/post_x-1.2:3~"));
        assertEquals(Map.of("tenantId", "tnt_a", "postId", "post_b"), POST.match("/v1/tenants/tnt_%61/posts/post_b/"));
    }

    /** Issue 11 low: {@code %23} became a {@code #} inside a DynamoDB key ({@code TENANT#tnt_x#…}). */
    @Test
    void hashAndOtherCharactersOutsideTheIdAlphabetMatchNoRoute() {
        for (String bad : List.of("tnt_x%23PROFILE", "tnt_x%23", "%23", "tnt_x%20y", "tnt_%2F..%2F", "tnt_%00", "tnt_%C3%A9",
                "tnt_x%25", "tnt_x'", "tnt_x%22", "tnt_x%3Cb%3E", "tnt_x%2Cy", "a".repeat(129))) {
            assertNull(POST.match("/v1/tenants/" + bad + "/posts/post_b"), bad);
            assertNull(POST.match("/v1/tenants/tnt_a/posts/" + bad), bad);
        }
    }

    @Test
    void aGreedyTailStillTakesTheRest() {
        assertEquals(Map.of("proxy", "a/b c"), PathTemplate.of("/{proxy+}").match("/a/b%20c"));
    }
}
