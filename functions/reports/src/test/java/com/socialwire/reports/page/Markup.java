package com.socialwire.reports.page;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Reading the kit's SVG and the page as XML (strict: no DTD, no entities), and their data-metric markers. */
final class Markup {

    private Markup() {
    }

    /** {@code xml} parsed; a page's leading {@code <!DOCTYPE html>} line is dropped first. Fails the test when not well-formed. */
    static Document parse(String xml) {
        String body = xml.startsWith("<!DOCTYPE html>") ? xml.substring(xml.indexOf('\n') + 1) : xml;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(body)));
        } catch (Exception e) {
            fail("not well-formed XML: " + e.getMessage() + "\n" + (body.length() > 3000 ? body.substring(0, 3000) + "…" : body));
            return null;
        }
    }

    /** Every element, depth first. */
    static List<Element> elements(Document d) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            out.add((Element) all.item(i));
        }
        return out;
    }

    /** data-metric → data-value; a metric shown twice must show the same value. */
    static Map<String, String> metrics(Document d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : elements(d)) {
            if (e.hasAttribute("data-metric")) {
                String previous = out.put(e.getAttribute("data-metric"), e.getAttribute("data-value"));
                if (previous != null) {
                    assertEquals(previous, e.getAttribute("data-value"), "metric " + e.getAttribute("data-metric") + " shown twice");
                }
            }
        }
        return out;
    }

    /** Elements and attributes that could run code or load something: scripts, on* handlers, style attributes, non-http links. */
    static List<String> activeContent(Document d) {
        List<String> found = new ArrayList<>();
        for (Element e : elements(d)) {
            String name = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
            if (name.equalsIgnoreCase("script") || name.equalsIgnoreCase("iframe") || name.equalsIgnoreCase("object")
                    || name.equalsIgnoreCase("foreignObject")) {
                found.add("<" + name + ">");
            }
            NamedNodeMap attrs = e.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Node a = attrs.item(i);
                String an = a.getNodeName().toLowerCase(java.util.Locale.ROOT);
                boolean link = an.equals("href") || an.equals("src") || an.endsWith(":href") || an.equals("action");
                if (an.startsWith("on") || an.equals("style")
                        || link && !a.getNodeValue().startsWith("https://") && !a.getNodeValue().startsWith("http://") && !a.getNodeValue().startsWith("#")) {
                    found.add(name + "@" + an + "=" + a.getNodeValue());
                }
            }
        }
        return found;
    }
}
