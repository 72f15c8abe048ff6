package io.socksgate.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the container's own {@code karaf.log} from inside the container (the tests run there). */
final class KarafLog {

    private KarafLog() {}

    /** Where Karaf writes its log: {@code karaf.log}, else {@code karaf.data/log}. */
    static Path path() {
        String directory = System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log");
        return Path.of(directory, "karaf.log");
    }

    /** The lines of karaf.log so far that contain {@code text}. */
    static List<String> linesWith(String text) throws IOException {
        return Files.readAllLines(path(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(text))
                .toList();
    }
}
