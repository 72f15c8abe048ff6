package io.socksgate.itests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built assembly unpacked into a directory of its own and started as an operator starts it
 * ({@code bin/karaf server}, so {@code bin/setenv} applies), with free ports for ssh, RMI and
 * the default SOCKS listener; its shell is reached with the assembly's own {@code bin/client}.
 * For the tests that need the real start script or a Karaf changed before its first boot.
 */
final class KarafProcess implements AutoCloseable {

    private final Path home;
    private final int sshPort;
    private final int socksPort;
    private Process process;

    private KarafProcess(Path home, int sshPort, int socksPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.socksPort = socksPort;
    }

    /** Unpacks the assembly into {@code directory} (emptied first) and gives it free ports. */
    static KarafProcess unpack(Path directory) throws IOException, InterruptedException {
        deleteTree(directory);
        Files.createDirectories(directory);
        run(directory, List.of("tar", "xzf", System.getProperty("socksgate.assembly"), "--strip-components=1"));
        KarafProcess karaf =
                new KarafProcess(directory, SocksgateTestSupport.freePort(), SocksgateTestSupport.freePort());
        karaf.setKey("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(karaf.sshPort));
        karaf.setKey("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", free());
        karaf.setKey("etc/org.apache.karaf.management.cfg", "rmiServerPort", free());
        karaf.append("etc/custom.properties", "karaf.shutdown.port = -1\n");
        // Read before the feature installs its own copy (which keeps an existing file).
        karaf.append("etc/io.socksgate.listener-default.cfg", "port = " + karaf.socksPort + "\n");
        return karaf;
    }

    private static String free() throws IOException {
        return String.valueOf(SocksgateTestSupport.freePort());
    }

    Path home() {
        return home;
    }

    int socksPort() {
        return socksPort;
    }

    /**
     * Replaces {@code key} in a properties file of the unpacked Karaf, continuation lines
     * included (adds it if absent).
     */
    void setKey(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = new ArrayList<>();
        boolean found = false;
        boolean skippingContinuation = false;
        for (String line : Files.readAllLines(path, StandardCharsets.ISO_8859_1)) {
            if (skippingContinuation) {
                skippingContinuation = line.endsWith("\\");
                continue;
            }
            if (line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                lines.add(key + " = " + value);
                found = true;
                skippingContinuation = line.endsWith("\\");
                continue;
            }
            lines.add(line);
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.write(path, lines, StandardCharsets.ISO_8859_1);
    }

    void append(String file, String text) throws IOException {
        Path path = home.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Starts {@code bin/karaf server}; its output goes to {@code karaf.out} in the Karaf directory. */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf.out").toFile());
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
    }

    /**
     * Runs shell commands through {@code bin/client} (batch mode) and returns what they printed;
     * fails with the output when the client exits non-zero.
     */
    String client(String... commands) throws IOException, InterruptedException {
        List<String> command = List.of(
                home.resolve("bin/client").toString(),
                "-a",
                String.valueOf(sshPort),
                "-u",
                "karaf",
                "-p",
                "karaf",
                "-b");
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process client = builder.start();
        client.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String output;
        try (InputStream in = client.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("bin/client did not finish within 60 s: " + output);
        }
        if (client.exitValue() != 0) {
            throw new AssertionError(
                    "bin/client " + String.join("; ", commands) + " exited " + client.exitValue() + ":\n" + output);
        }
        return output;
    }

    /** Waits, bounded, until the shell answers (ssh up and the commands registered). */
    void awaitShell() {
        await("Karaf's shell over ssh on port " + sshPort + " (see " + home.resolve("karaf.out") + ")")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> client("bundle:list -s -t 0 --no-format").contains("org.apache.karaf.shell.core"));
    }

    /**
     * Stops Karaf (the script and the JVM it started) and waits for it, bounded. An interrupted
     * wait kills what is left at once and keeps the interrupt for the caller.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static void run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
