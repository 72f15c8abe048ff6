package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.require;
import static io.socksgate.itests.ClientProcess.requireExecutable;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Active-mode BIND through Dante's {@code socksify} (Debian package {@code dante-client}) against
 * the shipped rules: socksify sends BIND for any peer (DST {@code 0.0.0.0:0}), which is not an
 * "unspecified destination" to deny. The peer is a real connection from loopback; the shipped
 * rules deny loopback destinations, so this class adds one rule letting a BIND accept peers from
 * 127.0.0.1 (order 5, {@code commands = bind}); the BIND request itself is decided by the shipped
 * rules alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SocksifyBindInteropIT extends InteropTestSupport {

    private static final String PEER_RULE_CFG = "etc/io.socksgate.rule-itest-bind-peers.cfg";

    @Override
    protected boolean allowLoopbackDestinations() {
        return false; // the shipped rules decide, plus the peer rule below
    }

    @Override
    protected Option[] extraOptions() {
        return OptionUtils.combine(
                super.extraOptions(),
                editConfigurationFilePut(PEER_RULE_CFG, "order", "5"),
                editConfigurationFilePut(PEER_RULE_CFG, "action", "allow"),
                editConfigurationFilePut(PEER_RULE_CFG, "commands", "bind"),
                editConfigurationFilePut(PEER_RULE_CFG, "source", "127.0.0.1"),
                editConfigurationFilePut(PEER_RULE_CFG, "destination", "127.0.0.1"));
    }

    @Test
    public void socksifiedListenAndAcceptWorkThroughBindForAnyPeer() throws Exception {
        String socksify = require("socksify", "dante-client");
        String python = requireExecutable("/usr/bin/python3", "python3");
        Path conf = work.resolve("socks.conf");
        Files.writeString(
                conf,
                "route {\n  from: 0.0.0.0/0 to: 0.0.0.0/0 via: 127.0.0.1 port = " + socksPort() + "\n"
                        + "  proxyprotocol: socks_v5\n}\n",
                StandardCharsets.US_ASCII);
        Path script = ClientProcess.copyResource("socksify_bind.py", work.resolve("socksify_bind.py"));
        List<String> cmd = command("/usr/bin/env", "SOCKS_CONF=" + conf, socksify, python, "-I", script.toString());
        ClientProcess.Started client = ClientProcess.start(work, cmd, true);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(client.process.getInputStream(), StandardCharsets.US_ASCII))) {
            String advertised = line(out, client);
            assertTrue("first line: " + advertised + client.describe(-1, ""), advertised.startsWith("ADVERTISED "));
            String[] parts = advertised.split(" ");
            InetSocketAddress port = new InetSocketAddress(parts[1], Integer.parseInt(parts[2]));
            assertEquals("the BIND port is on the address the client reached the proxy on", "127.0.0.1", parts[1]);
            try (Socket peer = new Socket()) {
                peer.connect(port, READ_TIMEOUT_MILLIS);
                peer.setSoTimeout(READ_TIMEOUT_MILLIS);
                String peerLine = line(out, client);
                assertEquals(
                        "the client learns the peer's address" + client.describe(-1, ""),
                        "PEER 127.0.0.1 " + peer.getLocalPort(),
                        peerLine);
                peer.getOutputStream().write("hello through BIND\n".getBytes(StandardCharsets.US_ASCII));
                byte[] answer = peer.getInputStream().readAllBytes();
                assertEquals("echo:hello through BIND\n", new String(answer, StandardCharsets.US_ASCII));
            }
            ClientProcess.Finished finished = client.await();
            assertEquals("socksify's exit code" + finished, 0, finished.exitCode);
        } finally {
            client.kill();
        }
    }

    /** The client's next line, waited for at most READ_TIMEOUT_MILLIS. */
    private static String line(BufferedReader out, ClientProcess.Started client) throws Exception {
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        });
        try {
            String line = next.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (line == null) {
                client.process.waitFor(10, TimeUnit.SECONDS);
                fail("the socksified client ended early: " + client.describe(client.process.exitValue(), ""));
            }
            return line;
        } catch (TimeoutException e) {
            fail("no line from the socksified client within " + READ_TIMEOUT_MILLIS + " ms: "
                    + client.describe(-1, ""));
            throw e;
        }
    }
}
