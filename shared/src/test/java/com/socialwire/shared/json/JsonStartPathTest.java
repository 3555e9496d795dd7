package com.socialwire.shared.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.LeanDynamoDb;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a function's first request loads for JSON: its trusted reads and writes (an event, a stored document, a
 * response, a DynamoDB body and answer) run in a class loader of their own, which then shows whether Jackson's
 * JsonFactory and what it brings (parser and generator bases, canonicalizers, recycler pools, CharTypes) were loaded
 * — ~45 ms at every cold start. Json's mapper (the reference, for tests and tools) and request bodies (Jackson's
 * own parser, for its exact errors) are not on this path.
 */
class JsonStartPathTest {

    private static final List<String> FACTORY_MACHINERY = List.of("com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.core.base.ParserMinimalBase", "com.fasterxml.jackson.core.base.GeneratorBase",
            "com.fasterxml.jackson.core.json.JsonGeneratorImpl", "com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer",
            "com.fasterxml.jackson.core.sym.CharsToNameCanonicalizer", "com.fasterxml.jackson.core.io.CharTypes",
            "com.fasterxml.jackson.core.util.BufferRecycler", "com.fasterxml.jackson.core.io.NumberInput",
            "com.fasterxml.jackson.core.io.NumberOutput");

    @Test
    void trustedJsonReadsAndWritesBuildNoJsonFactory() throws Exception {
        try (Isolated loader = new Isolated()) {
            loader.loadClass(TrustedPath.class.getName()).getDeclaredConstructor().newInstance();
            for (String heavy : FACTORY_MACHINERY) {
                // databind's BaseJsonNode.traverse() names TreeTraversingParser, a ParserMinimalBase: verifying the tree
                // nodes loads that class (never initialized: its static numbers, BigDecimal's init, run on first use)
                if (!heavy.endsWith("ParserMinimalBase")) {
                    assertNull(loader.loaded(heavy), heavy + " was loaded by the trusted JSON path");
                }
            }
            assertNotNull(loader.loaded(LeanJsonParser.class.getName()));
        }
    }

    @Test
    void theLeanParserAndGeneratorLoadNoneOfJacksonsFactoryMachinery() throws Exception {
        try (Isolated loader = new Isolated()) {
            loader.loadClass(LeanOnly.class.getName()).getDeclaredConstructor().newInstance();
            for (String heavy : FACTORY_MACHINERY) {
                assertNull(loader.loaded(heavy), heavy + " was loaded");
            }
            assertNull(loader.loaded(JsonParser.Feature.class.getName()), "JsonParser.Feature was loaded");
        }
        assertEquals(JsonParser.Feature.collectDefaults(), LeanJsonParser.DEFAULT_FEATURES, "Jackson's default parser features");
        try (JsonParser p = LeanJsonParser.ofText("1")) {
            assertTrue(p.isEnabled(JsonParser.Feature.AUTO_CLOSE_SOURCE));
        }
    }

    /** A record as our stored documents and queued jobs are. */
    public record Job(String id, int attempt, long at, Instant due, List<String> tags, Map<String, Object> extra, boolean done) {
    }

    /** A first request's trusted JSON, through Json and LeanDynamoDb as functions call them. */
    public static final class TrustedPath {
        public TrustedPath() throws IOException {
            byte[] event = ("{\"version\":\"2.0\",\"routeKey\":\"GET /posts\",\"headers\":{\"host\":\"api\",\"x-n\":\"1\"},"
                    + "\"requestContext\":{\"timeEpoch\":1733356800000,\"http\":{\"method\":\"GET\"}},\"isBase64Encoded\":false}")
                    .getBytes(StandardCharsets.UTF_8);
            try (JsonParser p = Json.parser(new ByteArrayInputStream(event))) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    p.getText();
                }
            }
            Json.tree(new ByteArrayInputStream(event));
            Json.tree(event);
            Job job = new Job("j1", 2, 30_000_000_000L, Instant.parse("2026-12-05T01:00:00Z"), List.of("a", "é"),
                    Map.of("k", List.of(1, true)), false);
            String stored = Json.write(job);
            Json.read(stored, Job.class);
            Json.tree(stored);
            Json.bytes(Json.toTree(job));
            try (JsonGenerator g = Json.generator(new ByteArrayOutputStream())) {
                g.writeStartObject();
                g.writeNumberField("statusCode", 200);
                g.writeStringField("body", stored);
                g.writeEndObject();
            }
            LeanDynamoDb.primeCodec(); // a DynamoDB request body written and an answer read (AwsJson's parser and generator)
        }
    }

    /** The lean classes alone. */
    public static final class LeanOnly {
        public LeanOnly() throws IOException {
            byte[] event = "{\"version\":\"2.0\",\"headers\":{\"a\":\"b\"},\"n\":[1,-2,30000000000],\"ok\":true,\"x\":null}"
                    .getBytes(StandardCharsets.UTF_8);
            try (JsonParser p = LeanJsonParser.of(event)) {
                while (p.nextToken() != null) {
                    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                        p.getNumberType();
                        p.getLongValue();
                    }
                    p.getText();
                }
            }
            try (JsonGenerator g = LeanJsonGenerator.of(new ByteArrayOutputStream(), true, false)) {
                g.writeStartObject();
                g.writeStringField("body", "é \"x\"\n");
                g.writeNumberField("statusCode", 200);
                g.writeBooleanField("isBase64Encoded", false);
                g.writeEndObject();
            }
        }
    }

    /** The whole test class path, loaded again apart from the JDK: what the code above loads shows here. */
    private static final class Isolated extends URLClassLoader {
        Isolated() throws MalformedURLException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        Class<?> loaded(String name) {
            return findLoadedClass(name);
        }
    }
}
