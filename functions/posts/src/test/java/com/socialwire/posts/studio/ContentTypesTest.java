package com.socialwire.posts.studio;

import com.socialwire.posts.studio.prompt.ContentTypes;
import com.socialwire.posts.studio.prompt.TemplateText;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one job/tool → content type mapping, and a template body's placeholders. */
class ContentTypesTest {

    @Test
    void everyGenerateJobWritesItsContentType() {
        for (String type : List.of("caption", "calendar", "blog", "email", "landing", "local")) {
            assertEquals(type, ContentTypes.forJob("generate_" + type));
        }
        assertEquals("repurpose", ContentTypes.forJob("repurpose"));
        assertEquals("repurpose", ContentTypes.forJob("ai_repurpose"));
        assertEquals("social", ContentTypes.forJob("regenerate_post"));
        assertEquals("social", ContentTypes.forJob("ai_generate"));
        assertEquals("blog", ContentTypes.forJob("blog"));
        assertNull(ContentTypes.forJob("schedule_post"), "a job that writes nothing has no content type");
        assertNull(ContentTypes.forJob("generate_tweetstorm"));
        assertNull(ContentTypes.forJob(null));
    }

    @Test
    void placeholdersAreBracedNamesAndBracesWithSpacesAreText() {
        assertEquals(Set.of("length", "topic"), TemplateText.placeholders("Write a {length} post on {topic} about {topic}."));
        assertEquals(Set.of(), TemplateText.placeholders("JSON: { \"a\": 1 } and {}"));
        assertEquals(Set.of("1x", "a-b"), TemplateText.placeholders("{1x} {a-b}"));
        assertFalse(TemplateText.validName("1x"));
        assertFalse(TemplateText.validName("a-b"));
        assertFalse(TemplateText.validName("x".repeat(65)));
        assertTrue(TemplateText.validName("_season2"));
        assertEquals("A $1 post on \\n.", TemplateText.fill("A {length} post on {topic}.", Map.of("length", "$1", "topic", "\\n")),
                "values are literal text, not regex replacements");
        assertEquals("keep {other}", TemplateText.fill("keep {other}", Map.of()));
    }
}
