package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.fail;

import io.socksgate.server.internal.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Real upstream proxies (Dante, microsocks, Squid, tinyproxy) started on free loopback ports with
 * their own configuration in a temporary directory, and every process killed (children included)
 * on {@link #close()}. A missing binary fails the test, naming the Debian package to install.
 */
final class Peers implements AutoCloseable {

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    Peers() throws IOException {
        // World-writable: Squid, Dante's I/O children and tinyproxy drop to proxy or nobody.
        dir = Files.createTempDirectory("socksgate-upstream-peers");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** A started peer: where it listens and its log. */
    record Peer(String name, int port, Path log) {
        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        /** {@code 127.0.0.1:PORT}, as an upstream's servers list takes it. */
        String server() {
            return "127.0.0.1:" + port;
        }

        String logText() throws IOException {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        }
    }

    /** Dante with {@code socksmethod: none}: SOCKS5 and SOCKS4 to loopback addresses and to {@code localhost}. */
    Peer dante() throws IOException {
        int port = freePort();
        Path log = dir.resolve("danted-" + port + ".log");
        Path conf = write(
                "danted-" + port + ".conf",
                String.join(
                        "\n",
                        "logoutput: " + log,
                        "internal: 127.0.0.1 port = " + port,
                        "external: 127.0.0.1",
                        "socksmethod: none",
                        "clientmethod: none",
                        "user.privileged: root",
                        "user.unprivileged: nobody",
                        "timeout.negotiate: 30",
                        "timeout.io: 0",
                        "client pass {",
                        "  from: 127.0.0.0/8 to: 0.0.0.0/0",
                        "  log: error",
                        "}",
                        "socks pass {",
                        "  from: 127.0.0.0/8 to: 127.0.0.0/8",
                        "  command: connect",
                        "  log: connect error",
                        "}",
                        "socks block {",
                        "  from: 0.0.0.0/0 to: 0.0.0.0/0",
                        "  log: error",
                        "}",
                        ""));
        return start(
                "danted",
                "dante-server",
                port,
                log,
                "/usr/sbin/danted",
                "-f",
                conf.toString(),
                "-p",
                dir.resolve("danted-" + port + ".pid").toString());
    }

    /** microsocks, with RFC 1929 credentials when {@code user} is not null. */
    Peer microsocks(String user, String password) throws IOException {
        int port = freePort();
        Path log = dir.resolve("microsocks-" + port + ".log");
        List<String> command =
                new ArrayList<>(List.of("/usr/bin/microsocks", "-i", "127.0.0.1", "-p", String.valueOf(port)));
        if (user != null) {
            command.addAll(List.of("-u", user, "-P", password));
        }
        return start("microsocks", "microsocks", port, log, command.toArray(String[]::new));
    }

    /** Squid for CONNECT from and to loopback, with Basic authentication when {@code user} is not null. */
    Peer squid(String user, String password) throws IOException {
        int port = freePort();
        Path squidDir = Files.createDirectories(dir.resolve("squid-" + port));
        Files.setPosixFilePermissions(squidDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path log = squidDir.resolve("cache.log");
        List<String> lines = new ArrayList<>(List.of(
                "http_port 127.0.0.1:" + port,
                "acl loopback_clients src 127.0.0.1/32",
                "acl loopback_servers dst 127.0.0.1/32",
                "acl CONNECT method CONNECT"));
        if (user != null) {
            Path passwords = squidDir.resolve("htpasswd");
            Files.writeString(passwords, user + ":" + apr1(password) + "\n");
            lines.addAll(List.of(
                    "auth_param basic program /usr/lib/squid/basic_ncsa_auth " + passwords,
                    "auth_param basic realm socksgate-test",
                    "acl authenticated proxy_auth REQUIRED",
                    "http_access allow CONNECT loopback_clients loopback_servers authenticated"));
        } else {
            lines.add("http_access allow CONNECT loopback_clients loopback_servers");
        }
        lines.addAll(List.of(
                "http_access deny all",
                "cache deny all",
                "cache_mem 0 MB",
                "access_log " + squidDir.resolve("access.log"),
                "cache_log " + log,
                "pid_filename " + squidDir.resolve("squid.pid"),
                "coredump_dir " + squidDir,
                "pinger_enable off",
                "shutdown_lifetime 1 seconds",
                "hosts_file /etc/hosts",
                "dns_nameservers 127.0.0.1",
                ""));
        Path conf = squidDir.resolve("squid.conf");
        Files.writeString(conf, String.join("\n", lines));
        return start("squid", "squid", port, log, "/usr/sbin/squid", "-N", "-f", conf.toString());
    }

    /** tinyproxy for CONNECT from loopback to any port. */
    Peer tinyproxy() throws IOException {
        int port = freePort();
        Path log = dir.resolve("tinyproxy-" + port + ".log");
        Files.writeString(log, "");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path conf = write(
                "tinyproxy-" + port + ".conf",
                String.join(
                        "\n",
                        "User nobody",
                        "Group nogroup",
                        "Listen 127.0.0.1",
                        "Port " + port,
                        "Allow 127.0.0.1",
                        "MaxClients 64",
                        "Timeout 600",
                        "DisableViaHeader Yes",
                        "LogLevel Info",
                        "LogFile \"" + log + "\"",
                        "PidFile \"" + dir.resolve("tinyproxy-" + port + ".pid") + "\"",
                        ""));
        return start("tinyproxy", "tinyproxy", port, log, "/usr/bin/tinyproxy", "-d", "-c", conf.toString());
    }

    private Peer start(String name, String debianPackage, int port, Path log, String... command) throws IOException {
        if (!Files.isExecutable(Path.of(command[0]))) {
            fail(command[0] + " is missing: install the Debian package " + debianPackage);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + "-" + port + ".out").toFile());
        Process process = builder.start();
        processes.add(process);
        Peer peer = new Peer(name, port, log);
        Awaitility.await(name + " listening on " + port)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        fail(name + " exited with " + process.exitValue() + ": "
                                + Files.readString(dir.resolve(name + "-" + port + ".out")) + peer.logText());
                    }
                    return accepts(port);
                });
        return peer;
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An Apache MD5 password hash as basic_ncsa_auth reads it. */
    private String apr1(String password) throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            fail("/usr/bin/openssl is missing: install the Debian package openssl");
        }
        Process openssl = new ProcessBuilder("/usr/bin/openssl", "passwd", "-apr1", "-stdin")
                .redirectErrorStream(true)
                .start();
        openssl.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        openssl.getOutputStream().close();
        String hash = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        try {
            if (!openssl.waitFor(10, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                fail("openssl passwd failed: " + hash);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return hash;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    static int freePort() throws IOException {
        return FreePorts.next();
    }

    /** Kills every peer and its children (Dante's and Squid's helpers), then removes the files. */
    @Override
    public void close() throws IOException {
        for (Process process : processes) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
