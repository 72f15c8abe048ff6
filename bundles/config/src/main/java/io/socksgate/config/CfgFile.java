package io.socksgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code .cfg} file as an operator would: {@code key = value} lines in the given order,
 * all values plain strings (multi-valued keys as comma lists), so that File Install reads back
 * exactly the properties Config Admin holds and never rewrites the file in its typed format. The
 * text is ASCII (everything else as {@code \\uXXXX}), so it reads back the same whatever encoding
 * the reader assumes.
 */
public final class CfgFile {

    private CfgFile() {}

    /** The file's text: {@code #} comment lines (an empty one as a bare {@code #}), then one line per property. */
    public static String text(List<String> comments, Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        for (String comment : comments) {
            out.append(comment.isEmpty() ? "#" : "# " + comment).append('\n');
        }
        properties.forEach((key, value) -> out.append(escape(key, true))
                .append(" = ")
                .append(escape(value, false))
                .append('\n'));
        return out.toString();
    }

    /**
     * Writes the file at once: File Install (which watches etc/ for {@code *.cfg}) never sees it
     * half-written, as it is written under another name and then moved into place.
     *
     * @throws FileAlreadyExistsException when the file exists: a file is never overwritten
     */
    public static void create(Path file, List<String> comments, Map<String, String> properties) throws IOException {
        write(file, comments, properties, false);
    }

    /**
     * Writes the file at once, in place of the one there: a reader sees the old text or the new,
     * never a mix. For a file known to hold an older state of the same configuration.
     */
    public static void replace(Path file, List<String> comments, Map<String, String> properties) throws IOException {
        write(file, comments, properties, true);
    }

    private static void write(Path file, List<String> comments, Map<String, String> properties, boolean replace)
            throws IOException {
        if (!replace && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        // File Install's filter for etc/ (.*\\.(cfg|config|json)) does not match the temporary name.
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null) {
            throw new IOException(file + " names no file in a directory");
        }
        Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text(comments, properties), StandardCharsets.ISO_8859_1);
            if (!replace && Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                if (replace) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(temp, file);
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Properties-file escapes; everything outside printable ASCII as {@code \\uXXXX}. */
    static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if ((key && (c == '=' || c == ':' || c == ' '))
                            || (i == 0 && (c == '#' || c == '!' || c == ' '))) {
                        out.append('\\').append(c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
