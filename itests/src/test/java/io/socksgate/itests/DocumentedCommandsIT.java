package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Runs every command the README and the shipped {@code .cfg} comments tell an operator to run,
 * exactly as written, against a fresh copy of the built distribution started with {@code
 * bin/start}: shell blocks with bash in a directory laid out like the repository (so
 * {@code karaf-assembly/target/assembly/...} paths hold), console blocks through {@code
 * bin/client -b}. Everything runs in a network namespace this test creates, so the documented
 * ports (1080, 8000, 8101, ...) are the namespace's own, free by construction, and no traffic
 * leaves it. Not a Pax Exam test: the point is the distribution as an operator starts it.
 */
public class DocumentedCommandsIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private final String namespace = "sgdoc-" + ProcessHandle.current().pid();
    private Path work;
    private String ip;
    private boolean namespaceCreated;

    @Before
    public void freshDistributionInItsOwnNamespace() throws Exception {
        ip = ClientProcess.require("ip", "iproute2");
        ClientProcess.require("bash", "bash");
        ClientProcess.require("tar", "tar");
        ClientProcess.require("curl", "curl");
        ClientProcess.require("python3", "python3");
        work = Path.of("target", "documented-commands").toAbsolutePath();
        deleteTree(work);
        Path target = Files.createDirectories(work.resolve("karaf-assembly/target"));
        Path assembly = Path.of(System.getProperty("socksgate.assembly"));
        ClientProcess.run(work, command("tar", "xzf", assembly.toString(), "-C", target.toString()))
                .assertExitCode(0);
        try (Stream<Path> unpacked = Files.list(target)) {
            Path top = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
            Files.move(top, target.resolve("assembly"));
        }
        Files.copy(readme(), work.resolve("README.md"));

        ClientProcess.run(work, command(ip, "netns", "add", namespace)).assertExitCode(0);
        namespaceCreated = true;
        inNamespace(command(ip, "link", "set", "lo", "up")).assertExitCode(0);
        inNamespace(command("karaf-assembly/target/assembly/bin/start")).assertExitCode(0);
        await("the distribution's shell and default listener")
                .atMost(BOOT_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    ClientProcess.Finished list = karaf("socks:listener-list --no-format\n");
                    return list.exitCode == 0 && list.stdout.contains("listening");
                });
    }

    @After
    public void stopEverythingInTheNamespace() throws Exception {
        if (!namespaceCreated) {
            return;
        }
        ClientProcess.Finished pids = ClientProcess.run(work, command(ip, "netns", "pids", namespace));
        for (String pid : pids.stdout.split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        ClientProcess.run(work, command(ip, "netns", "delete", namespace)).assertExitCode(0);
        assertThat(ClientProcess.run(work, command(ip, "netns", "list")).stdout, not(containsString(namespace)));
    }

    @Test
    public void everyDocumentedCommandRunsAsWritten() throws Exception {
        List<DocumentedCommands.Step> steps = new ArrayList<>(DocumentedCommands.fromMarkdown(readme()));
        int fromReadme = steps.size();
        steps.addAll(DocumentedCommands.fromCfgComments(
                Path.of(System.getProperty("socksgate.cfg.directory")).toAbsolutePath()));
        // The README has shell and console examples; a parser that finds none proves nothing.
        assertThat("README steps", fromReadme, greaterThanOrEqualTo(4));
        assertThat(".cfg comment commands", steps.size() - fromReadme, greaterThanOrEqualTo(2));

        for (DocumentedCommands.Step step : steps) {
            ClientProcess.Finished done =
                    switch (step.kind()) {
                        case SHELL -> inNamespace(command("bash", "-euo", "pipefail", "-c", step.text()));
                        case KARAF -> karaf(step.text());
                    };
            // bin/client -b exits 1 when a command fails; the message is checked as well.
            boolean consoleError =
                    step.kind() == DocumentedCommands.Kind.KARAF && done.stdout.contains("Error executing command");
            if (done.exitCode != 0 || consoleError) {
                fail("documented step failed: " + step + done);
            }
        }
    }

    /** Console commands through the distribution's own client, in batch mode. */
    private ClientProcess.Finished karaf(String commands) throws IOException, InterruptedException {
        List<String> client =
                command(ip, "netns", "exec", namespace, "karaf-assembly/target/assembly/bin/client", "-b");
        return ClientProcess.run(work, client, commands.getBytes(StandardCharsets.UTF_8));
    }

    private ClientProcess.Finished inNamespace(List<String> command) throws IOException, InterruptedException {
        List<String> full = command(ip, "netns", "exec", namespace);
        full.addAll(command);
        return ClientProcess.run(work, full);
    }

    private static Path readme() {
        return Path.of(System.getProperty("socksgate.readme")).toAbsolutePath();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        assertEquals(false, Files.exists(root));
    }
}
