package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.socksgate.api.PolicyService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The socks:* commands over a real SSH session, as an operator's script runs them: {@code ssh -p
 * PORT karaf@127.0.0.1 'socks:...'} with OpenSSH's client, logging in as the assembly's shipped
 * admin karaf/karaf. A command that fails prints its message and ends the ssh command with exit
 * status 1; one that succeeds prints its output and exits 0.
 *
 * <p>Needs Debian's {@code openssh-client} (OpenSSH 8.4 or later, for {@code
 * SSH_ASKPASS_REQUIRE=force}: the password comes from an askpass script, so no terminal and no
 * sshpass are needed).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellOverSshIT extends InteropTestSupport {

    /** The exit status Karaf's ssh server gives a command that threw. */
    private static final int FAILED = 1;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private PolicyService policy;

    /** The socks:* commands are registered a moment after the bundles start. */
    @Before
    public void commandsUp() {
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> ssh("socks:rule-list --no-format").exitCode == 0);
    }

    @Test
    public void aFailingCommandPrintsItsMessageAndExitsNonZero() throws Exception {
        ClientProcess.Finished failed = ssh("socks:rule-add --action bogus itest-ssh");

        assertEquals("exit status of a failed command:" + failed, FAILED, failed.exitCode);
        assertTrue(
                "the message reaches the caller:" + failed,
                (failed.stdout + failed.stderr).contains("action: 'bogus' is neither allow nor deny"));
        assertFalse(
                "nothing was added: " + policy.rules(),
                policy.rules().stream().anyMatch(r -> "itest-ssh".equals(r.name())));
        assertFalse(Files.exists(Path.of(System.getProperty("karaf.etc"), "io.socksgate.rule-itest-ssh.cfg")));

        ClientProcess.Finished badListener = ssh("socks:listener-add --port 10x8 itest-ssh");
        assertEquals("exit status of a failed listener-add:" + badListener, FAILED, badListener.exitCode);
        assertTrue(
                "the bad key, its value and what is expected reach the caller:" + badListener,
                (badListener.stdout + badListener.stderr)
                        .contains("port = '10x8': expected a whole number from 1 to 65535"));

        ClientProcess.Finished unknown = ssh("socks:session-info 987654321");
        assertEquals("exit status of a lookup that found nothing:" + unknown, FAILED, unknown.exitCode);
        assertTrue(unknown.toString(), (unknown.stdout + unknown.stderr).contains("Session 987654321 not found"));
    }

    @Test
    public void aSucceedingCommandPrintsItsOutputAndExitsZero() throws Exception {
        ClientProcess.Finished listed = ssh("socks:rule-list --no-format");

        assertEquals("exit status of a command that succeeded:" + listed, 0, listed.exitCode);
        assertTrue("its output reaches the caller:" + listed, listed.stdout.contains("allow-loopback-clients"));

        ClientProcess.Finished listeners = ssh("socks:listener-list --no-format");
        assertEquals(listeners.toString(), 0, listeners.exitCode);
        assertTrue(listeners.toString(), listeners.stdout.contains("default\t127.0.0.1:" + socksPort()));
    }

    /**
     * Runs {@code command} over ssh as karaf/karaf. The password comes from an askpass script:
     * OpenSSH's client reads passwords from a terminal only, and tests have none.
     */
    private ClientProcess.Finished ssh(String command) throws Exception {
        Path askpass = work.resolve("askpass.sh");
        if (!Files.exists(askpass)) {
            Files.writeString(askpass, "#!/bin/sh\necho karaf\n");
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        }
        List<String> line = ClientProcess.command(
                ClientProcess.require("env", "coreutils"),
                "SSH_ASKPASS=" + askpass,
                "SSH_ASKPASS_REQUIRE=force",
                "DISPLAY=none",
                ClientProcess.require("ssh", "openssh-client"),
                "-F",
                "/dev/null",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "PubkeyAuthentication=no",
                "-o",
                "PreferredAuthentications=password,keyboard-interactive",
                "-o",
                "NumberOfPasswordPrompts=1",
                "-o",
                "ConnectTimeout=30",
                "-o",
                "LogLevel=ERROR",
                "-p",
                String.valueOf(sshPort()),
                "karaf@127.0.0.1",
                command);
        return ClientProcess.run(work, line);
    }

    /** Karaf's ssh port, as SocksgateTestSupport chose it (a free one) in etc/org.apache.karaf.shell.cfg. */
    private int sshPort() throws Exception {
        Configuration[] shell = configurationAdmin.listConfigurations("(service.pid=org.apache.karaf.shell)");
        assertNotNull("no configuration org.apache.karaf.shell", shell);
        return Integer.parseInt(
                String.valueOf(shell[0].getProperties().get("sshPort")).trim());
    }
}
