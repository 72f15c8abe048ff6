package io.socksgate.server.internal.limit;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quotas' usage on disk ({@code data/socksgate/quotas.properties} in Karaf), so that a restart
 * does not hand out a fresh quota: one line per budget, {@code LIMIT|KEY = PERIODSTART USED}. Read
 * once at start, written whole (to a temporary file, then moved over) by the limits' periodic
 * flush and at stop, never per packet, and never on an I/O thread.
 */
final class QuotaStore {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaStore.class);

    /** A budget's usage: bytes used in the period that began at {@code periodStart} (epoch seconds). */
    record Usage(long periodStart, long used) {}

    private final Path file;

    /** @param file where usage is kept; null keeps nothing (tests without Karaf) */
    QuotaStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Usage by {@code LIMIT|KEY}; empty when there is no file (or it cannot be read: logged). */
    Map<String, Usage> load() {
        Map<String, Usage> usage = new HashMap<>();
        if (file == null || !Files.exists(file)) {
            return usage;
        }
        Properties lines = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read the quotas' usage from {}: {}; quotas start from 0", file, e.toString());
            return usage;
        }
        for (String key : lines.stringPropertyNames()) {
            String[] value = lines.getProperty(key).trim().split(" ");
            try {
                usage.put(key, new Usage(Long.parseLong(value[0]), Long.parseLong(value[1])));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                LOG.warn("{}: line {} is not 'PERIODSTART USED'; left out", file, key);
            }
        }
        return usage;
    }

    /** Writes {@code usage} whole; a failure is logged and tried again at the next flush. */
    void save(Map<String, Usage> usage) {
        if (file == null) {
            return;
        }
        Map<String, String> sorted = new TreeMap<>();
        usage.forEach((key, u) -> sorted.put(key, u.periodStart() + " " + u.used()));
        Properties lines = new Properties();
        lines.putAll(sorted);
        try {
            Path directory = file.toAbsolutePath().getParent();
            if (directory != null) {
                Files.createDirectories(directory);
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                lines.store(out, "Socksgate quota usage: LIMIT|KEY = PERIODSTART(epoch s) USED(bytes)");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot write the quotas' usage to {}: {}", file, e.toString());
        }
    }
}
