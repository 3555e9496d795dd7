package com.socialwire.reads.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CaptionsTest {

    @Test
    void hashtagsAsInstagramLinksThem() {
        assertEquals(List.of("sunset", "travel"), Captions.hashtags("#sunset at the #travel spot #Sunset"));
        assertEquals(List.of("東京", "café", "mañana_vibes"), Captions.hashtags("#東京 then #café and #mañana_vibes"));
        assertEquals(List.of("tbt"), Captions.hashtags("#2024 was great #tbt"), "digits alone are not a hashtag");
        assertEquals(List.of("one", "two"), Captions.hashtags("#one,#two."));
        assertEquals(List.of(), Captions.hashtags("see https://example.com/page#section and C#"));
        assertEquals(List.of("a1"), Captions.hashtags("&#39; entity and #a1"));
        assertEquals(List.of(), Captions.hashtags(null));
        assertEquals(List.of("ok"), Captions.hashtags("\n#ok\n"));
    }

    @Test
    void mentionsAreUsernamesNotEmails() {
        assertEquals(List.of("jane.doe", "studio_lumen"), Captions.mentions("shot by @jane.doe. with @studio_lumen — mail me@example.com"));
        assertEquals(List.of("Paper_Co"), Captions.mentions("thanks @Paper_Co! and @paper_co again"));
        assertEquals(List.of("a"), Captions.mentions("(@a)"));
        assertEquals(List.of(), Captions.mentions("@ alone, @@, and a@b"));
        assertEquals(List.of(), Captions.mentions(null));
    }

    @Test
    void aHugeCaptionIsReadOnlyAsFarAsInstagramAllows() {
        String caption = "#tag ".repeat(200_000) + "#late @name";
        assertEquals(List.of("tag"), Captions.hashtags(caption));
        assertEquals(List.of(), Captions.mentions(caption));
    }
}
