package com.socialwire.posts.bulk;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * A {@code multipart/form-data} body (RFC 7578) already in memory (API Gateway hands over the whole body; base64
 * bodies are decoded by the caller), read by Apache Commons FileUpload's streaming parser. This class adds only the
 * import's rules around it.
 *
 * <ul>
 *   <li>The boundary comes from the Content-Type's {@code boundary} parameter, quoted or not.</li>
 *   <li>A preamble before the first boundary and an epilogue after the closing one are ignored; line breaks are CRLF
 *       (as RFC 7578 and every browser and curl send them).</li>
 *   <li>A part is read when it has {@code Content-Disposition: form-data; name="..."}; other parts are skipped.
 *       {@code filename} (or RFC 2231/5987 {@code filename*=UTF-8''...}) and the part's {@code Content-Type} are
 *       optional ({@code null} when absent). Header values are read as UTF-8, as browsers send them.</li>
 *   <li>Not {@code multipart/form-data}: 415 {@code UNSUPPORTED_MEDIA_TYPE}; anything malformed (no boundary, no
 *       closing boundary, more than {@value #MAX_PARTS} parts): 400 {@code VALIDATION_ERROR}.</li>
 * </ul>
 */
public final class Multipart {

    public static final int MAX_PARTS = 50;
    private static final int MAX_HEADER_BYTES = 8_192;
    private static final int MAX_BOUNDARY = 200;

    /**
     * One part of the form.
     *
     * @param filename    the uploaded file's name, or {@code null} for a plain field
     * @param contentType the part's Content-Type, or {@code null} when it sent none
     */
    public record Part(String name, String filename, String contentType, byte[] bytes) {

        /** The content as UTF-8 text. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && Objects.equals(name, p.name)
                    && Objects.equals(filename, p.filename)
                    && Objects.equals(contentType, p.contentType) && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, filename, contentType) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Part[name=" + name + ", filename=" + filename + ", contentType=" + contentType + ", bytes="
                    + bytes.length + "]";
        }
    }

    private final List<Part> parts;

    private Multipart(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Every part, in body order. */
    public List<Part> parts() {
        return parts;
    }

    /** The first part of that name. */
    public Optional<Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Whether a Content-Type header names {@code multipart/form-data}. */
    public static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Reads the body; see the class comment for what is accepted. */
    public static Multipart parse(byte[] body, String contentType) {
        if (!isMultipart(contentType)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "expected Content-Type multipart/form-data");
        }
        Upload upload = new Upload();
        byte[] boundary = upload.getBoundary(contentType.strip());
        if (boundary == null || boundary.length == 0 || boundary.length > MAX_BOUNDARY) {
            throw malformed("the Content-Type has no boundary parameter");
        }
        Body request = new Body(body == null ? new byte[0] : body, contentType.strip());
        List<Part> parts = new ArrayList<>();
        try {
            FileItemInputIterator items = upload.getItemIterator(request);
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (parts.size() == MAX_PARTS) {
                    throw malformed("the multipart body has more than " + MAX_PARTS + " parts");
                }
                String type = item.getContentType();
                try (InputStream in = item.getInputStream()) {
                    parts.add(new Part(item.getFieldName(), filename(item),
                            type == null || type.isBlank() ? null : type.strip(), in.readAllBytes()));
                }
            }
        } catch (FileUploadException e) {
            throw malformed(describe(e));
        } catch (IOException e) { // the body is in memory: only the parser's own complaints arrive here
            throw malformed("the multipart body cannot be read");
        }
        if (parts.isEmpty() && !contains(request.bytes(), delimiter(boundary, ""))) {
            throw malformed("the multipart body does not contain its boundary");
        }
        if (parts.isEmpty() && !contains(request.bytes(), delimiter(boundary, "--"))) {
            throw malformed("the multipart body is not terminated by its closing boundary");
        }
        return new Multipart(parts);
    }

    /** The part's file name; FileUpload refuses one with a NUL character (it could cut a path short). */
    private static String filename(FileItemInput item) {
        try {
            return item.getName();
        } catch (InvalidPathException e) {
            throw malformed("a part's filename is not a valid file name");
        }
    }

    /** Our words for the parser's complaints (its own messages name its internals). */
    private static String describe(FileUploadException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("ended unexpectedly")) {
            return "the multipart body is not terminated by its closing boundary";
        }
        if (m.contains("follow a boundary")) {
            return "the multipart body has text after a boundary";
        }
        if (m.contains("header")) {
            return "a part's headers are too long or do not end with a blank line";
        }
        return "the multipart body is malformed";
    }

    /** {@code --boundary} and a suffix. */
    private static byte[] delimiter(byte[] boundary, String suffix) {
        byte[] d = new byte[boundary.length + 2 + suffix.length()];
        d[0] = '-';
        d[1] = '-';
        System.arraycopy(boundary, 0, d, 2, boundary.length);
        System.arraycopy(suffix.getBytes(StandardCharsets.ISO_8859_1), 0, d, 2 + boundary.length, suffix.length());
        return d;
    }

    private static boolean contains(byte[] body, byte[] needle) {
        outer:
        for (int i = 0; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static ApiException malformed(String message) {
        return ApiException.validation(message, Map.of());
    }

    /** The request as FileUpload sees it: the body in memory and its Content-Type. */
    private record Body(byte[] bytes, String contentType) implements RequestContext {

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return bytes.length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /** FileUpload over a {@link Body}; only its streaming iterator is used (nothing goes to disk). */
    private static final class Upload extends AbstractFileUpload<Body, DiskFileItem, DiskFileItemFactory> {

        Upload() {
            setHeaderCharset(StandardCharsets.UTF_8);
            setMaxPartHeaderSize(MAX_HEADER_BYTES);
            setMaxFileCount(MAX_PARTS + 1);
        }

        @Override
        public FileItemInputIterator getItemIterator(Body body) throws FileUploadException, IOException {
            return getItemIterator((RequestContext) body);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(Body body) {
            throw new UnsupportedOperationException("only the streaming iterator is used");
        }

        @Override
        public List<DiskFileItem> parseRequest(Body body) {
            throw new UnsupportedOperationException("only the streaming iterator is used");
        }
    }
}
