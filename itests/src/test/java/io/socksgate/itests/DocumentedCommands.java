package io.socksgate.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The commands an operator is told to run, as the documentation writes them: the README's fenced
 * blocks marked {@code sh} (a shell in the directory the README sits in) and {@code karaf} (the
 * Karaf console), and the Karaf commands quoted in the comments of the shipped {@code .cfg} files.
 * A block right after a line {@code <!-- not run: why -->} is not run (the build itself, package
 * installs); every other fenced block must say what it is (a language), so a new command block
 * cannot slip past the test unnoticed.
 */
final class DocumentedCommands {

    enum Kind {
        SHELL,
        KARAF
    }

    /** One block of commands, and where it was written. */
    record Step(Kind kind, String text, String origin) {
        @Override
        public String toString() {
            return origin + " (" + kind + "):\n" + text;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^<!-- not run: .+ -->$");
    /** A console command quoted in a .cfg comment: {@code #   socks:rule-add ...}. */
    private static final Pattern CFG_COMMAND =
            Pattern.compile("^#\\s{2,}((?:socks|jaas|config|feature|bundle):[a-z-]+(?:\\s.*)?)$");

    private DocumentedCommands() {}

    /** The README's runnable blocks in order; fails on a fenced block without a language. */
    static List<Step> fromMarkdown(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        List<Step> steps = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                if (!lines.get(i).isBlank()) {
                    previous = lines.get(i).strip();
                }
                continue;
            }
            String language = fence.group(1);
            int opening = i + 1;
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                body.append(lines.get(i)).append('\n');
            }
            String origin = markdown.getFileName() + ":" + opening;
            if (language.isEmpty()) {
                throw new IllegalStateException(
                        origin + ": a fenced block without a language; mark it sh, karaf (run by this test) or text");
            }
            boolean skipped = NOT_RUN.matcher(previous).matches();
            previous = "";
            if (skipped) {
                continue;
            }
            switch (language) {
                case "sh" -> steps.add(new Step(Kind.SHELL, body.toString(), origin));
                case "karaf" -> steps.add(new Step(Kind.KARAF, body.toString(), origin));
                default -> {} // text, java, properties, ...: shown, not run
            }
        }
        return steps;
    }

    /**
     * The console commands in the comments of every {@code .cfg} file of {@code directory}, and
     * of the examples shipped as {@code .cfg.example}.
     */
    static List<Step> fromCfgComments(Path directory) throws IOException {
        List<Step> steps = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(
                            f -> f.toString().endsWith(".cfg") || f.toString().endsWith(".cfg.example"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                // Consecutive command lines are one console session (jaas:realm-manage ... jaas:update).
                int first = i;
                StringBuilder session = new StringBuilder();
                Matcher command;
                while (i < lines.size()
                        && (command = CFG_COMMAND.matcher(lines.get(i).strip())).matches()) {
                    session.append(command.group(1)).append('\n');
                    i++;
                }
                if (session.length() > 0) {
                    steps.add(new Step(Kind.KARAF, session.toString(), file.getFileName() + ":" + (first + 1)));
                }
            }
        }
        return steps;
    }
}
