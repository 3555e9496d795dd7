package com.socialwire.local.runtime;

import com.socialwire.local.stores.LambdaZips;
import com.socialwire.local.stores.Template;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each function's zip (the one the Makefile gives {@code sam build}) is at most 15 MB and carries only jars its
 * handler reaches ({@link ZipReach}: class-file references, transitively, from the handler class). Runs after the
 * function modules have packaged their zips (local/runtime depends on all of them), so under {@code mvn verify} it
 * checks the zips that deploy.
 */
class LambdaZipTest {

    static final long MAX_ZIP_BYTES = 15_000_000L;

    /**
     * Jars no class names but something loads by configuration, so reachability cannot see them. Each needs its
     * reason; an entry that no zip carries any more is reported, so the list cannot rot.
     */
    static final Map<String, String> LOADED_WITHOUT_A_REFERENCE = Map.of();

    /**
     * Functions whose zip is still over 15 MB, with what it would take (see the README's performance section). The
     * test fails when one of them fits, so the entry goes.
     */
    static final Map<String, String> OVER_15_MB_TODAY = Map.of();

    static Template template;
    static Map<String, Path> zips;

    @BeforeAll
    static void load() {
        Path templatePath = Template.locate();
        template = Template.load(templatePath);
        zips = LambdaZips.fromMakefile(templatePath.getParent());
    }

    @Test
    void everyFunctionZipIsAtMost15MbAndCarriesOnlyJarsItsHandlerReaches() {
        List<String> problems = new ArrayList<>();
        Set<String> allowedSeen = new TreeSet<>();
        Map<Path, ZipReach> opened = new HashMap<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-26s %-22s %8s %5s%n", "function", "zip", "MB", "jars"));
        for (Template.FunctionDef fn : template.functions()) {
            Path zip = zips.get(fn.logicalId());
            if (zip == null) {
                problems.add(fn.logicalId() + ": the Makefile names no zip for it ($(call lambda,<module>,<zip>))");
                continue;
            }
            if (!Files.isRegularFile(zip)) {
                problems.add(fn.logicalId() + ": " + zip + " is missing (mvn package builds it)");
                continue;
            }
            ZipReach reach = opened.computeIfAbsent(zip, ZipReach::of); // functions share zips
            table.append(String.format(Locale.ROOT, "%-26s %-22s %8.2f %5d%n", fn.logicalId(), zip.getFileName(),
                    reach.zipSize() / 1e6, reach.jars().size()));
            List<String> own = problems(fn.handlerClass(), reach, MAX_ZIP_BYTES, allowedSeen);
            if (OVER_15_MB_TODAY.containsKey(fn.logicalId())) {
                if (own.removeIf(p -> p.startsWith("the zip is"))) {
                    System.out.println(fn.logicalId() + " is still over 15 MB: " + OVER_15_MB_TODAY.get(fn.logicalId()));
                } else {
                    problems.add(fn.logicalId() + " fits in 15 MB now: take it off OVER_15_MB_TODAY");
                }
            }
            own.forEach(p -> problems.add(fn.logicalId() + " (" + zip.getFileName() + "): " + p));
        }
        System.out.print(table);
        for (String prefix : LOADED_WITHOUT_A_REFERENCE.keySet()) {
            if (!allowedSeen.contains(prefix)) {
                problems.add("no zip carries " + prefix + "*.jar any more: take it off LOADED_WITHOUT_A_REFERENCE");
            }
        }
        assertEquals(List.of(), problems, "function zips:\n" + table);
    }

    /**
     * Each function's handler class and the one AWS client factory link against the jars of that function's own zip
     * alone: a factory method declared to return a lean client type made the JVM's verifier load the SDK interface it
     * implements, which a zip without that SDK module lacks (TenantsFunction died at start with
     * {@code NoClassDefFoundError: software/amazon/awssdk/services/sqs/SqsClient}); reachability cannot see that.
     */
    @Test
    void everyHandlerAndTheClientFactoryLinkAgainstTheirZipAlone(@TempDir Path dir) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<Path, List<java.net.URL>> extracted = new HashMap<>();
        for (Template.FunctionDef fn : template.functions()) {
            Path zip = zips.get(fn.logicalId());
            List<java.net.URL> urls = extracted.computeIfAbsent(zip, z -> extract(z, dir.resolve("zip" + extracted.size())));
            try (java.net.URLClassLoader loader = new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new),
                    ClassLoader.getPlatformClassLoader())) {
                for (String name : List.of(fn.handlerClass(), "com.socialwire.shared.aws.AwsClients")) {
                    try {
                        Class.forName(name, true, loader); // initialising links it: the verifier loads what it must
                    } catch (LinkageError | ClassNotFoundException e) {
                        problems.add(fn.logicalId() + ": " + name + " does not link against " + zip.getFileName() + ": " + e);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<java.net.URL> extract(Path zip, Path into) {
        List<java.net.URL> urls = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Files.createDirectories(into);
            urls.add(into.toUri().toURL()); // classes at the zip's root, as Lambda puts /var/task first
            for (ZipEntry e : Collections.list(z.entries())) {
                if (e.isDirectory()) {
                    continue;
                }
                Path target = into.resolve(e.getName()).normalize();
                assertTrue(target.startsWith(into), "entry outside the zip's root: " + e.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, target);
                }
                if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                    urls.add(target.toUri().toURL());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return urls;
    }

    /**
     * The media functions talk to S3 through shared's LeanS3: MediaProcessorFunction's first S3 call built the SDK's
     * S3 client (~1,600 SDK classes, 566 ms of a 1,021 ms cold start), and both media zips shipped the S3 module and
     * what it pulls in. No function's zip carries it now.
     */
    @Test
    void noFunctionZipCarriesTheSdksS3Module() {
        List<String> carrying = new ArrayList<>();
        for (Template.FunctionDef fn : template.functions()) {
            Path zip = zips.get(fn.logicalId());
            ZipReach.of(zip).jars().keySet().stream().filter(jar -> jar.matches("s3-\\d.*\\.jar"))
                    .forEach(jar -> carrying.add(fn.logicalId() + " (" + zip.getFileName() + ") carries lib/" + jar));
        }
        assertEquals(List.of(), carrying);
    }

    @Test
    void aZipCarryingAJarItsHandlerNeverReachesFails(@TempDir Path dir) throws IOException {
        Template.FunctionDef fn = template.function("SystemFunction");
        Path zip = withExtraJar(zips.get("SystemFunction"), dir, "lib/unused-1.0.jar", "fixture/Unused.class");

        List<String> problems = problems(fn.handlerClass(), ZipReach.of(zip), MAX_ZIP_BYTES, new TreeSet<>());

        assertEquals(List.of("carries lib/unused-1.0.jar, which " + fn.handlerClass() + " never reaches"), problems);
    }

    @Test
    void aZipOverTheLimitFails() {
        Template.FunctionDef fn = template.function("SystemFunction");
        ZipReach reach = ZipReach.of(zips.get("SystemFunction"));

        List<String> problems = problems(fn.handlerClass(), reach, reach.zipSize() - 1, new TreeSet<>());

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("the zip is " + reach.zipSize() + " bytes"), problems.get(0));
    }

    /** What is wrong with one function's zip: its size over {@code maxBytes}, and each jar its handler never reaches. */
    static List<String> problems(String handlerClass, ZipReach reach, long maxBytes, Set<String> allowedSeen) {
        List<String> out = new ArrayList<>();
        if (reach.zipSize() > maxBytes) {
            out.add("the zip is " + reach.zipSize() + " bytes, over " + maxBytes);
        }
        for (String jar : reach.unreachedJars(handlerClass)) {
            String allowed = LOADED_WITHOUT_A_REFERENCE.keySet().stream().filter(jar::startsWith).findFirst().orElse(null);
            if (allowed != null) {
                allowedSeen.add(allowed);
            } else {
                out.add("carries lib/" + jar + ", which " + handlerClass + " never reaches");
            }
        }
        return out;
    }

    /** A copy of {@code zip} with one more jar under lib/, holding one class (a real class file under another name). */
    private static Path withExtraJar(Path zip, Path dir, String jarEntry, String classEntry) throws IOException {
        Path out = dir.resolve("with-extra.zip");
        byte[] classBytes;
        try (InputStream in = LambdaZipTest.class.getResourceAsStream("LambdaZipTest.class")) {
            classBytes = in.readAllBytes();
        }
        try (ZipFile source = new ZipFile(zip.toFile()); ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : Collections.list(source.entries())) {
                target.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream in = source.getInputStream(e)) {
                    in.transferTo(target);
                }
                target.closeEntry();
            }
            target.putNextEntry(new ZipEntry(jarEntry));
            ByteArrayOutputStream jarOut = new ByteArrayOutputStream();
            try (ZipOutputStream jar = new ZipOutputStream(jarOut)) {
                jar.putNextEntry(new ZipEntry(classEntry));
                jar.write(classBytes);
                jar.closeEntry();
            }
            target.write(jarOut.toByteArray());
            target.closeEntry();
        }
        return out;
    }
}
