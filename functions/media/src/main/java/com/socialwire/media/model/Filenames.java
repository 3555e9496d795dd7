package com.socialwire.media.model;

import java.text.Normalizer;

/**
 * File names from callers made safe to be the last segment of an S3 key and of a download:
 * no directories, no control or shell characters, no leading dots, ASCII letters, digits, dot,
 * dash and underscore only, at most 100 characters with the extension kept.
 */
public final class Filenames {

    static final int MAX_LENGTH = 100;

    private Filenames() {
    }

    public static String safe(String name) {
        String s = name == null ? "" : name.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        s = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        s = s.replaceAll("[^A-Za-z0-9._-]+", "_")
                .replaceAll("_{2,}", "_")
                .replaceAll("\\.{2,}", ".")
                .replaceAll("^[._-]+", "")
                .replaceAll("[_.-]+$", "");
        if (s.length() > MAX_LENGTH) {
            int dot = s.lastIndexOf('.');
            String ext = dot > 0 && s.length() - dot <= 10 ? s.substring(dot) : "";
            s = s.substring(0, MAX_LENGTH - ext.length()).replaceAll("[_.-]+$", "") + ext;
        }
        return s.isEmpty() ? "file" : s;
    }

    /** A caller's name for display: control characters removed, at most 255 characters, null if nothing is left. */
    public static String display(String name) {
        if (name == null) {
            return null;
        }
        String s = name.replaceAll("\\p{Cntrl}", "").strip();
        return s.isEmpty() ? null : s.length() > 255 ? s.substring(0, 255) : s;
    }
}
