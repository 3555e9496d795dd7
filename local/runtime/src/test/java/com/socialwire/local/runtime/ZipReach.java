package com.socialwire.local.runtime;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Which jars of a Lambda zip a handler can reach. Reads the zip the way Lambda's Java runtime loads it (classes at
 * the root, jars under {@code lib/}), then walks class-file constant pools transitively from the handler class:
 * every class a reached class names — in a {@code CONSTANT_Class}, in a field, method or generic signature
 * ({@code Lfoo/Bar;}), or as a string constant spelled like a class in the zip ({@code Class.forName}) — is reached.
 * A {@code META-INF/services} provider is reached once its service interface is. No class is loaded or run, and no
 * preview API is used, so it works on any JDK the build runs on.
 */
final class ZipReach {

    private static final Pattern DESCRIPTOR = Pattern.compile("L([\\w$/]+)[;<]");

    /** Where each class of the zip lives: {@code ""} for the zip's root, else the jar's name under lib/. */
    private final Map<String, String> owner = new HashMap<>();
    private final Map<String, byte[]> bytes = new HashMap<>();
    /** service interface (internal name) → provider classes, from every jar's META-INF/services. */
    private final Map<String, List<String>> services = new HashMap<>();
    private final Map<String, Long> jarSizes = new LinkedHashMap<>();
    private final Map<String, Set<String>> referencesOf = new HashMap<>();
    private final long zipSize;

    private ZipReach(Path zip) {
        this.zipSize = zip.toFile().length();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(file.entries())) {
                if (e.isDirectory()) {
                    continue;
                }
                try (InputStream in = file.getInputStream(e)) {
                    if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                        String jar = e.getName().substring("lib/".length());
                        jarSizes.put(jar, e.getSize());
                        readJar(jar, in);
                    } else {
                        add("", e.getName(), in);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
    }

    static ZipReach of(Path zip) {
        return new ZipReach(zip);
    }

    long zipSize() {
        return zipSize;
    }

    /** The jars under lib/, with their (uncompressed) sizes. */
    Map<String, Long> jars() {
        return jarSizes;
    }

    /** The jars none of whose classes the handler reaches (a jar without classes counts as unreached). */
    Set<String> unreachedJars(String handlerClass) {
        Set<String> reachedJars = new HashSet<>();
        for (String c : reachedClasses(handlerClass)) {
            reachedJars.add(owner.get(c));
        }
        Set<String> out = new TreeSet<>(jarSizes.keySet());
        out.removeAll(reachedJars);
        return out;
    }

    /** Every class of the zip the handler class reaches, itself included. */
    Set<String> reachedClasses(String handlerClass) {
        return walk(handlerClass).keySet();
    }

    /** How the handler reaches a jar: the shortest chain of classes from the handler to a class of that jar, or empty. */
    List<String> pathTo(String handlerClass, String jar) {
        Map<String, String> parents = walk(handlerClass);
        List<String> path = new ArrayList<>();
        for (String c : parents.keySet()) {
            if (jar.equals(owner.get(c))) {
                for (String at = c; at != null; at = parents.get(at)) {
                    path.add(0, at.replace('/', '.'));
                }
                return path;
            }
        }
        return path;
    }

    /** Breadth-first from the handler: each reached class with the class it was first reached from (null for the root). */
    private Map<String, String> walk(String handlerClass) {
        String root = handlerClass.replace('.', '/');
        if (!bytes.containsKey(root)) {
            throw new IllegalArgumentException(handlerClass + " is not in the zip");
        }
        Map<String, String> parents = new LinkedHashMap<>();
        parents.put(root, null);
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            List<String> next = new ArrayList<>(referencesOf.computeIfAbsent(c, k -> new TreeSet<>(references(bytes.get(k)))));
            next.addAll(services.getOrDefault(c, List.of()));
            for (String ref : next) {
                if (bytes.containsKey(ref) && !parents.containsKey(ref)) {
                    parents.put(ref, c);
                    todo.addLast(ref);
                }
            }
        }
        return parents;
    }

    private void readJar(String jar, InputStream in) throws IOException {
        ZipInputStream entries = new ZipInputStream(in);
        for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
            if (!e.isDirectory()) {
                add(jar, e.getName(), entries);
            }
        }
    }

    private void add(String jar, String name, InputStream in) throws IOException {
        if (name.endsWith(".class") && !name.startsWith("META-INF/")) { // multi-release copies duplicate the base class
            String c = name.substring(0, name.length() - ".class".length());
            owner.putIfAbsent(c, jar);
            bytes.putIfAbsent(c, in.readAllBytes());
        } else if (name.startsWith("META-INF/services/") && name.length() > "META-INF/services/".length()) {
            String service = name.substring("META-INF/services/".length()).replace('.', '/');
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String provider = line.replaceAll("#.*", "").trim();
                if (!provider.isEmpty()) {
                    services.computeIfAbsent(service, k -> new ArrayList<>()).add(provider.replace('.', '/'));
                }
            }
        }
    }

    /** The class names a class file's constant pool mentions (internal form; may name classes outside the zip). */
    static Set<String> references(byte[] classFile) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classIndexes.add(in.readUnsignedShort());
                    case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
                    case 15 -> in.skipNBytes(3); // MethodHandle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> { // Long, Double take two slots
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            Set<String> out = new HashSet<>();
            for (int index : classIndexes) {
                String name = utf8[index];
                if (name != null) {
                    out.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
                }
            }
            for (String s : utf8) {
                if (s == null) {
                    continue;
                }
                Matcher m = DESCRIPTOR.matcher(s);
                while (m.find()) {
                    out.add(m.group(1));
                }
                if (s.indexOf('.') > 0 && s.indexOf(' ') < 0) { // "com.foo.Bar" for Class.forName and friends
                    out.add(s.replace('.', '/'));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
