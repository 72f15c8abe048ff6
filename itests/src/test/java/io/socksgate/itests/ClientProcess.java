package io.socksgate.itests;

import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a third-party client as a subprocess of the test (which runs inside the Karaf JVM): bounded
 * waits only, stdout and stderr captured to files so that a failure shows what the client said,
 * and an environment without proxy settings the client might otherwise pick up on its own.
 */
final class ClientProcess {

    /** Bound for one client run; a client that takes longer is destroyed and the test fails. */
    static final long TIMEOUT_SECONDS = 60;

    /** Environment variables that would change where a client connects or how a JVM starts. */
    private static final List<String> SCRUBBED_ENVIRONMENT = List.of(
            "http_proxy",
            "https_proxy",
            "ftp_proxy",
            "all_proxy",
            "no_proxy",
            "socks_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "FTP_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "SOCKS_PROXY",
            "CURL_HOME",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS",
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONSTARTUP");

    private static final int SHOWN_OUTPUT_CHARS = 4000;

    private ClientProcess() {}

    /**
     * The absolute path of {@code command} on PATH (or the usual Debian directories); fails the
     * test, naming the Debian package to install, when there is none.
     */
    static String require(String command, String debianPackage) {
        Set<String> directories = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (!directory.isEmpty()) {
                    directories.add(directory);
                }
            }
        }
        directories.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
        for (String directory : directories) {
            Path candidate = Path.of(directory, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        fail(missing(command + " is not installed: no executable '" + command + "' in " + directories, debianPackage));
        throw new AssertionError("unreachable");
    }

    /** {@code file} itself, which must be an executable; fails naming the Debian package. */
    static String requireExecutable(String file, String debianPackage) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            fail(missing(file + " is not installed", debianPackage));
        }
        return file;
    }

    static String missing(String what, String debianPackage) {
        return what + ": install the Debian package '" + debianPackage + "' (apt-get install -y " + debianPackage
                + "; .ci/run installs it)";
    }

    /** Runs {@code command} with nothing on stdin and waits, bounded, for it to end. */
    static Finished run(Path workDirectory, List<String> command) throws IOException, InterruptedException {
        return run(workDirectory, command, new byte[0]);
    }

    /**
     * Runs {@code command} with {@code stdin} (small: it must fit the pipe) as its whole input,
     * closed right after, and waits, bounded, for it to end.
     */
    static Finished run(Path workDirectory, List<String> command, byte[] stdin)
            throws IOException, InterruptedException {
        return run(workDirectory, command, stdin, Map.of());
    }

    /**
     * Runs {@code command} with nothing on stdin and {@code environment} added to its scrubbed
     * environment (for a client configured by variables, such as wget's {@code https_proxy}).
     */
    static Finished run(Path workDirectory, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(workDirectory, command, new byte[0], environment);
    }

    private static Finished run(Path workDirectory, List<String> command, byte[] stdin, Map<String, String> environment)
            throws IOException, InterruptedException {
        Started started = start(workDirectory, command, false, environment);
        try (OutputStream in = started.process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException clientGone) {
            // the client ended before reading its input: its exit code and output tell why
        }
        return started.await();
    }

    /**
     * Starts {@code command}; with {@code interactive} its stdin and stdout are pipes the caller
     * drives (stderr still goes to a file), otherwise stdout goes to a file too. The caller must
     * {@link Started#await()} it.
     */
    static Started start(Path workDirectory, List<String> command, boolean interactive) throws IOException {
        return start(workDirectory, command, interactive, Map.of());
    }

    private static Started start(
            Path workDirectory, List<String> command, boolean interactive, Map<String, String> added)
            throws IOException {
        Path stdout = interactive ? null : Files.createTempFile(workDirectory, "stdout-", ".txt");
        Path stderr = Files.createTempFile(workDirectory, "stderr-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile());
        Map<String, String> environment = builder.environment();
        SCRUBBED_ENVIRONMENT.forEach(environment::remove);
        environment.putAll(added);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.redirectOutput(
                interactive ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.to(stdout.toFile()));
        builder.redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
        return new Started(List.copyOf(command), builder.start(), stdout, stderr);
    }

    /** A client process under way. */
    static final class Started {
        final List<String> command;
        final Process process;
        private final Path stdout;
        private final Path stderr;

        private Started(List<String> command, Process process, Path stdout, Path stderr) {
            this.command = command;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /**
         * Waits at most {@link #TIMEOUT_SECONDS} for the process to end; a process still running
         * then is destroyed and the test fails with what it printed so far.
         */
        Finished await() throws IOException, InterruptedException {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill();
                fail("still running after " + TIMEOUT_SECONDS + " s, destroyed: " + describe(-1, stdoutSoFar()));
            }
            return new Finished(command, process.exitValue(), stdoutSoFar(), read(stderr));
        }

        /**
         * For a process started interactive: writes {@code line} and a newline to its stdin and
         * waits at most {@code timeoutMillis} for the first line of its stdout, which it returns
         * (null when stdout ended without one). A process that answers nothing in time is
         * destroyed and the test fails with what it printed.
         */
        String exchangeLine(String line, long timeoutMillis) throws IOException, InterruptedException {
            CompletableFuture<String> answer = firstStdoutLine();
            try {
                OutputStream stdin = process.getOutputStream();
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException clientGone) {
                // the client has already ended: its exit code and stderr tell why
            }
            try {
                return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stuck) {
                kill();
                fail("no line on stdout within " + timeoutMillis + " ms:" + describe(-1, "(nothing)"));
                throw new AssertionError("unreachable");
            } catch (ExecutionException readFailed) {
                return "(reading stdout failed: " + readFailed.getCause() + ")";
            }
        }

        /** Closes the process's stdin (a client then half-closes its connection and ends). */
        void closeStdin() {
            try {
                process.getOutputStream().close();
            } catch (IOException clientGone) {
                // already ended
            }
        }

        /** Reads the first line of the process's stdout on a thread of its own. */
        private CompletableFuture<String> firstStdoutLine() {
            CompletableFuture<String> line = new CompletableFuture<>();
            Thread reader = new Thread(
                    () -> {
                        try {
                            BufferedReader out = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                            line.complete(out.readLine());
                        } catch (IOException | RuntimeException e) {
                            line.completeExceptionally(e);
                        }
                    },
                    "itest-client-stdout");
            reader.setDaemon(true);
            reader.start();
            return line;
        }

        /** Destroys the process (and waits, bounded, for it to be gone). */
        void kill() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        /** Command, exit code and output, for a failure message. */
        String describe(int exitCode, String stdoutText) throws IOException {
            return ClientProcess.describe(command, exitCode, stdoutText, read(stderr));
        }

        String stderrSoFar() throws IOException {
            return read(stderr);
        }

        private String stdoutSoFar() throws IOException {
            return stdout == null ? "(read by the test)" : read(stdout);
        }
    }

    /** A client process that has ended. */
    static final class Finished {
        final List<String> command;
        final int exitCode;
        final String stdout;
        final String stderr;

        Finished(List<String> command, int exitCode, String stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Fails unless the process exited with {@code expected}. */
        Finished assertExitCode(int expected) {
            if (exitCode != expected) {
                fail("expected exit code " + expected + ": " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return describe(command, exitCode, stdout, stderr);
        }
    }

    static String describe(List<String> command, int exitCode, String stdout, String stderr) {
        return "\n  command: "
                + String.join(" ", command.stream().map(ClientProcess::quoted).toList())
                + "\n  exit code: " + (exitCode < 0 ? "none" : String.valueOf(exitCode))
                + "\n  stdout: " + shorten(stdout)
                + "\n  stderr: " + shorten(stderr);
    }

    /** An argument as a shell would need it, so that empty ones and ones with spaces show. */
    private static String quoted(String argument) {
        return argument.isEmpty() || argument.matches(".*[\\s'\"\\\\%{}].*")
                ? "'" + argument.replace("'", "'\\''") + "'"
                : argument;
    }

    private static String shorten(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "(empty)";
        }
        if (trimmed.length() > SHOWN_OUTPUT_CHARS) {
            trimmed = "..." + trimmed.substring(trimmed.length() - SHOWN_OUTPUT_CHARS);
        }
        return trimmed.replace("\n", "\n    ");
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // lenient: any bytes
    }

    /** Copies a resource of this package to {@code target}. */
    static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = ClientProcess.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the test probe");
            }
            Files.copy(in, target);
        }
        return target;
    }

    /** {@code first} followed by {@code rest}, as a mutable list. */
    static List<String> command(String first, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(first);
        command.addAll(List.of(rest));
        return command;
    }
}
