package com.socialwire.posts.service;

import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A reviewer's point on an image reaches the rewrite's feedback as where they pointed, not just "an image". */
class ImagePointFeedbackTest {

    @Test
    void aPointIsNamedInPercentAcrossAndDown() {
        assertEquals("the point 25% across and 75% down an image",
                RegenerationService.imagePoint(Json.object().put("type", "image").put("mediaId", "med_1").put("x", 0.25).put("y", 0.7499)));
    }

    @Test
    void anImageAnchorWithoutAPointIsAnImage() {
        assertEquals("an image", RegenerationService.imagePoint(Json.object().put("type", "image").put("mediaId", "med_1")));
        assertEquals("an image", RegenerationService.imagePoint(Json.object().put("type", "image").put("x", "0.2").put("y", 0.3)));
    }
}
