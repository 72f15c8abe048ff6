package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.require;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A destination whose TCP connects never complete, for connect timeouts: a network namespace the
 * test creates (root; {@code iproute2}, {@code iptables}), joined to this host by a veth pair on a
 * /30 of 198.18.0.0/15 (RFC 2544's benchmarking range, used on no real network), where iptables
 * drops every incoming SYN. A connect to {@link #destination()} is neither accepted nor refused;
 * the packets never leave the pair. Loopback cannot give that: a SYN to a closed loopback port is
 * refused at once, and a full accept backlog only delays a connect.
 *
 * <p>{@link #close()} deletes the namespace, which takes the veth pair (and the host's address on
 * it) along; {@code ip netns list} is as before.
 */
final class SilentNamespace implements AutoCloseable {

    private final Path work;
    private final String ip;
    private final String namespace;
    private final String subnet;

    private SilentNamespace(Path work, String ip, String namespace, String subnet) {
        this.work = work;
        this.ip = ip;
        this.namespace = namespace;
        this.subnet = subnet;
    }

    /** Creates the namespace, the pair and the DROP rule; {@code work} holds the commands' output. */
    static SilentNamespace create(Path work) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("this test creates a network namespace and must run as root (ip netns add)");
        }
        String ip = require("ip", "iproute2");
        String iptables = require("iptables", "iptables");
        String id = UUID.randomUUID().toString().substring(0, 6);
        String namespace = "sg-silent-" + id;
        String hostSide = "sgs" + id + "h"; // interface names: at most 15 characters
        String namespaceSide = "sgs" + id + "n";
        String subnet = "198.18." + ThreadLocalRandom.current().nextInt(256) + ".";
        String inUse = ClientProcess.run(work, command(ip, "-4", "-o", "addr", "show", "to", subnet + "0/30"))
                .assertExitCode(0)
                .stdout;
        if (!inUse.isBlank()) {
            fail(subnet + "0/30 is on an interface of this host already (another test?): " + inUse);
        }
        run(work, ip, "netns", "add", namespace);
        SilentNamespace created = new SilentNamespace(work, ip, namespace, subnet);
        try {
            run(work, ip, "link", "add", hostSide, "type", "veth", "peer", "name", namespaceSide, "netns", namespace);
            run(work, ip, "addr", "add", subnet + "1/30", "dev", hostSide);
            run(work, ip, "link", "set", hostSide, "up");
            run(work, ip, "-n", namespace, "addr", "add", subnet + "2/30", "dev", namespaceSide);
            run(work, ip, "-n", namespace, "link", "set", namespaceSide, "up");
            run(work, ip, "netns", "exec", namespace, iptables, "-A", "INPUT", "-p", "tcp", "--syn", "-j", "DROP");
            return created;
        } catch (Exception | AssertionError e) {
            created.close();
            throw e;
        }
    }

    /** An address and port inside the namespace that swallows every connect. */
    InetSocketAddress destination() {
        return new InetSocketAddress(subnet + "2", 4711);
    }

    /** Deletes the namespace; an interrupted wait for {@code ip} keeps the interrupt for the caller. */
    @Override
    public void close() throws IOException {
        try {
            run(work, ip, "netns", "delete", namespace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting network namespace " + namespace, e);
        }
    }

    private static void run(Path work, String... command) throws IOException, InterruptedException {
        ClientProcess.run(work, List.of(command)).assertExitCode(0);
    }
}
