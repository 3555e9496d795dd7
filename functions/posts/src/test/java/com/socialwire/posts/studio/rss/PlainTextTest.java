package com.socialwire.posts.studio.rss;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlainTextTest {

    @Test
    void markupIsRemovedReferencesDecodedAndTextThatMerelyHoldsALessThanKept() {
        assertEquals("a < b and c > d", PlainText.of("a < b and c > d"));
        assertEquals("One Two", PlainText.of("<p>One</p><p>Two</p>"));
        assertEquals("Caf\u00e9 & cr\u00e8me — 5 €", PlainText.of("Caf&eacute; &amp; cr&#232;me &mdash; 5&nbsp;&euro;"));
        assertEquals("&bogus; stays", PlainText.of("&bogus; stays"));
        assertEquals("x \uFFFD y", PlainText.of("x &#xD800; y"));
        assertEquals("kept", PlainText.of("<!-- hidden --><style>p{}</style><script>alert(1)</script>kept"));
        assertEquals("&lt;b&gt; as text", PlainText.of("&amp;lt;b&amp;gt; as text"));
        assertEquals("", PlainText.of(null));
    }
}
