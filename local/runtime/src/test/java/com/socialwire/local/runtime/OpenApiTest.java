package com.socialwire.local.runtime;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.http.Route;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** openapi.yaml documents exactly the routes the functions serve, and their errors. */
class OpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void documentAndRouteRegistriesAgree() throws Exception {
        Path doc = Template.locate().getParent().resolve("openapi.yaml");
        Map<String, Object> root;
        try (Reader r = Files.newBufferedReader(doc)) {
            root = new Yaml().load(r);
        }
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) root.get("paths");
        paths.forEach((path, ops) -> ops.keySet().stream().filter(m -> !m.equals("parameters"))
                .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));

        Set<String> served = new TreeSet<>();
        Set<String> open = new TreeSet<>();
        LocalEnvironment env = LocalEnvironment.shared();
        for (Template.FunctionDef fn : env.template().functions()) {
            if (env.newHandler(fn.logicalId()) instanceof HttpFunction http) {
                for (Route r : http.api().routes()) {
                    served.add(r.key());
                    if (r.access().isPublic()) {
                        open.add(r.key());
                    }
                }
            }
        }
        assertEquals(served, documented, "openapi.yaml and the functions' routes differ");

        paths.forEach((path, ops) -> ops.forEach((method, op) -> {
            if (method.equals("parameters")) {
                return;
            }
            String key = method.toUpperCase(Locale.ROOT) + " " + path;
            Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) op).get("responses");
            if (!open.contains(key)) {
                assertTrue(responses.containsKey("401"), key + " must document 401");
                assertTrue(responses.containsKey("429"), key + " must document 429");
            }
            if (path.contains("{")) {
                assertTrue(responses.containsKey("404") || open.contains(key), key + " must document 404");
            }
        }));
    }

    /**
     * YAML flow mappings end an unquoted description at its first comma and read the rest as a
     * key with no value: the document stays loadable but invalid. No key of the document may hold
     * a space (no real OpenAPI key does), every description is a string, every tag is declared.
     */
    @Test
    @SuppressWarnings("unchecked")
    void documentIsWellFormed() throws Exception {
        Path doc = Template.locate().getParent().resolve("openapi.yaml");
        Map<String, Object> root;
        try (Reader r = Files.newBufferedReader(doc)) {
            root = new Yaml().load(r);
        }
        java.util.List<String> problems = new java.util.ArrayList<>();
        walk(root, "", problems);
        Set<String> declared = new TreeSet<>();
        ((java.util.List<Map<String, Object>>) root.getOrDefault("tags", java.util.List.of())).forEach(t -> declared.add((String) t.get("name")));
        ((Map<String, Map<String, Object>>) root.get("paths")).forEach((path, ops) -> ops.forEach((method, op) -> {
            if (op instanceof Map<?, ?> m && m.get("tags") instanceof java.util.List<?> tags) {
                tags.forEach(t -> {
                    if (!declared.contains(t)) {
                        problems.add(method + " " + path + ": tag " + t + " is not declared");
                    }
                });
            }
        }));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, String at, java.util.List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            boolean propertiesMap = at.endsWith("/properties") || at.endsWith("/paths") || at.endsWith("/responses")
                    || at.endsWith("/schemas") || at.endsWith("/parameters") || at.endsWith("/headers") || at.endsWith("/content")
                    || at.endsWith("/examples") || at.endsWith("/securitySchemes");
            ((Map<Object, Object>) map).forEach((k, v) -> {
                String key = String.valueOf(k);
                if (!propertiesMap && key.contains(" ") && !at.contains("/example")) {
                    problems.add(at + ": key '" + key + "' looks like the rest of an unquoted description");
                }
                if (key.equals("description") && !(v instanceof String) && !propertiesMap) { // a property may be named description
                    problems.add(at + ": description is not a string");
                }
                walk(v, at + "/" + key, problems);
            });
        } else if (node instanceof java.util.List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), at + "[" + i + "]", problems);
            }
        }
    }
}
