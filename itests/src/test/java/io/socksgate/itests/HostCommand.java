package io.socksgate.itests;

import static org.junit.Assert.fail;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A command (ip, iptables, tar, rm) run in this host's namespace by the namespace tests. Its
 * output is read from a pipe, not written to a file, because the command may delete the directory
 * a file would be in.
 */
final class HostCommand {

    private HostCommand() {}

    /** Runs {@code command}, bounded; fails with its output unless it exits 0; returns the output. */
    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + ": still running after 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + ": exit code " + process.exitValue() + "\n" + text);
        }
        return text;
    }
}
