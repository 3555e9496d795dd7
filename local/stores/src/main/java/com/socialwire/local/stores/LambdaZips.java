package com.socialwire.local.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zip each function ships, as the Makefile that {@code sam build} runs names it
 * ({@code build-<LogicalId>: $(call lambda,<module>,<zip>)} → {@code <module>/target/<zip>.zip}). One module may build
 * several zips (one per set of jars its functions need), so this — not the module — is where a function's zip is.
 */
public final class LambdaZips {

    private static final Pattern TARGET = Pattern.compile("(?m)^build-(\\w+):\\s*\\n\\t\\$\\(call lambda,([^,)]+),([^,)]+)\\)");

    private LambdaZips() {
    }

    /** Logical id → its zip under {@code root} (the directory of template.yaml and the Makefile), in Makefile order. */
    public static Map<String, Path> fromMakefile(Path root) {
        String makefile;
        try {
            makefile = Files.readString(root.resolve("Makefile"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Makefile in " + root, e);
        }
        Map<String, Path> out = new LinkedHashMap<>();
        Matcher m = TARGET.matcher(makefile);
        while (m.find()) {
            out.put(m.group(1), root.resolve(m.group(2).trim()).resolve("target").resolve(m.group(3).trim() + ".zip"));
        }
        return out;
    }
}
