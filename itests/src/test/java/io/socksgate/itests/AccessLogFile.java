package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The running Karaf's access log, {@code data/log/socks-access.log}, read from inside the
 * container: one line per request in Squid's layout
 * {@code time elapsed client RESULT/code bytes METHOD url user hierarchy/ip rule}, here split into
 * those ten fields (see the constants). A line is written when its request ends, so tests wait
 * for it, bounded.
 */
final class AccessLogFile {

    static final int CLIENT = 2;
    static final int RESULT = 3;
    static final int BYTES = 4;
    static final int METHOD = 5;
    static final int URL = 6;
    static final int USER = 7;
    static final int HIERARCHY = 8;
    static final int RULE = 9;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private AccessLogFile() {}

    static Path path() {
        return Path.of(System.getProperty("karaf.data"), "log", "socks-access.log");
    }

    /**
     * Waits (bounded) for a line whose fields satisfy {@code matches} and returns those fields;
     * fails with {@code description} and the whole log otherwise.
     */
    static List<String> awaitLine(String description, Predicate<List<String>> matches) {
        return awaitLine(path(), description, matches);
    }

    /**
     * As {@link #awaitLine(String, Predicate)}, in the access log at {@code log}: another
     * Karaf's, which a test started itself.
     */
    static List<String> awaitLine(Path log, String description, Predicate<List<String>> matches) {
        AtomicReference<List<String>> found = new AtomicReference<>();
        await().atMost(WAIT).untilAsserted(() -> {
            Optional<List<String>> line = find(log, matches);
            if (line.isEmpty()) {
                fail("no access log line " + description + " in " + log + ":\n" + read(log));
            }
            found.set(line.get());
        });
        return found.get();
    }

    /** Every access log line's fields whose {@link #CLIENT} is {@code client}, as text. */
    static String linesOf(String client) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String line : read().split("\n")) {
            List<String> fields = List.of(line.split(" "));
            if (fields.size() > CLIENT && fields.get(CLIENT).equals(client)) {
                lines.append("\n  ").append(line);
            }
        }
        return lines.length() == 0 ? " (none)" : lines.toString();
    }

    private static Optional<List<String>> find(Path log, Predicate<List<String>> matches) throws IOException {
        for (String line : read(log).split("\n")) {
            List<String> fields = List.of(line.split(" "));
            if (fields.size() == 10 && matches.test(fields)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    static String read() throws IOException {
        return read(path());
    }

    static String read(Path log) throws IOException {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (NoSuchFileException notYet) {
            return "";
        }
    }
}
