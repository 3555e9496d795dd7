package com.socialwire.posts.review.page;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The review page read as XML (it is written well-formed: strict parser, no DTD, no entities but the five), with the
 * inline script's body set aside first (JavaScript is not XML text) and checked apart.
 */
final class Dom {

    static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private Dom() {
    }

    static Document parse(String html) {
        if (!html.startsWith("<!DOCTYPE html>\n")) {
            fail("the page starts with its doctype: " + html.substring(0, Math.min(80, html.length())));
        }
        String body = SCRIPT.matcher(html.substring(html.indexOf('\n') + 1)).replaceAll("<script></script>");
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(body)));
        } catch (Exception e) {
            fail("not well-formed: " + e.getMessage() + "\n" + (body.length() > 4000 ? body.substring(0, 4000) + "…" : body));
            return null;
        }
    }

    static String inline(Pattern p, String html) {
        Matcher m = p.matcher(html);
        return m.find() ? m.group(1) : null;
    }

    static List<Element> all(Document d) {
        return all(d.getDocumentElement());
    }

    static List<Element> all(Element root) {
        List<Element> out = new ArrayList<>();
        out.add(root);
        NodeList nl = root.getElementsByTagName("*");
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    static List<Element> find(Element root, Predicate<Element> p) {
        return all(root).stream().filter(p).toList();
    }

    static List<Element> find(Document d, Predicate<Element> p) {
        return find(d.getDocumentElement(), p);
    }

    static Predicate<Element> tag(String name) {
        return e -> e.getTagName().equals(name);
    }

    static Predicate<Element> cls(String name) {
        return e -> List.of(e.getAttribute("class").split(" ")).contains(name);
    }

    static Predicate<Element> attr(String name, String value) {
        return e -> e.hasAttribute(name) && (value == null || e.getAttribute(name).equals(value));
    }

    static Element one(Element root, Predicate<Element> p, String what) {
        List<Element> l = find(root, p);
        if (l.size() != 1) {
            fail("expected one " + what + ", found " + l.size());
        }
        return l.get(0);
    }

    static Element one(Document d, Predicate<Element> p, String what) {
        return one(d.getDocumentElement(), p, what);
    }

    /** The value of the input named {@code name} in {@code form}. */
    static String field(Element form, String name) {
        return one(form, tag("input").and(attr("name", name)), "input " + name).getAttribute("value");
    }
}
