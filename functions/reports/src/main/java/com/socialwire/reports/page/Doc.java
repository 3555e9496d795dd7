package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reports.page.Chart.Point;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reading the report document leniently: a missing or mistyped field is "no data", never an error or a zero. */
final class Doc {

    private Doc() {
    }

    /** The number at {@code node}, or null when it is absent, JSON null or not a number. */
    static BigDecimal num(JsonNode node) {
        return node != null && node.isNumber() ? node.decimalValue() : null;
    }

    /** The text at {@code node}, or {@code fallback} when absent or not a scalar. */
    static String text(JsonNode node, String fallback) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : fallback;
    }

    /** {@code [{date, value}]} as points marked {@code prefix.date}. */
    static List<Point> daySeries(JsonNode array, String prefix) {
        return keyed(array, "date", prefix);
    }

    /** {@code [{label, value}]} as points marked {@code prefix.label}. */
    static List<Point> labelled(JsonNode array, String prefix) {
        return keyed(array, "label", prefix);
    }

    private static List<Point> keyed(JsonNode array, String keyField, String prefix) {
        List<Point> points = new ArrayList<>();
        for (JsonNode item : array) {
            String key = text(item.get(keyField), "");
            points.add(new Point(key, num(item.get("value")), prefix + "." + key));
        }
        return points;
    }

    /** {@code {name: number}} as points marked {@code prefix.name}, in the document's order. */
    static List<Point> fields(JsonNode object, String prefix) {
        List<Point> points = new ArrayList<>();
        if (object != null && object.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                points.add(new Point(e.getKey(), num(e.getValue()), prefix + "." + e.getKey()));
            }
        }
        return points;
    }

    /** A number marked for the page: {@code <tag data-metric data-value>shown</tag>}. */
    static String marked(String tag, String cssClass, String metric, BigDecimal value, String shown) {
        return "<" + tag + (cssClass == null ? "" : " class=\"" + cssClass + "\"") + " data-metric=\"" + Svg.esc(metric)
                + "\" data-value=\"" + (value == null ? "null" : Svg.plain(value)) + "\">" + Svg.esc(shown) + "</" + tag + ">";
    }
}
