package io.socksgate.itests;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A third-party proxy server (Dante, microsocks, Squid, tinyproxy) that a test starts on a free
 * loopback port as a subprocess, as an upstream for Socksgate or a peer to compare with: its
 * configuration and logs in a directory of the test's, a bounded wait until its port accepts, and
 * the whole process tree destroyed on {@link #close()}. A missing binary fails the test naming
 * its Debian package.
 */
final class PeerProxy implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    /** A system account for Dante's {@code username} method, which checks the system's passwords. */
    static final String DANTE_USER = "sgupstream";

    final String name;
    final int port;
    final Path directory;
    private final ClientProcess.Started process;

    private PeerProxy(String name, int port, Path directory, ClientProcess.Started process) {
        this.name = name;
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@code 127.0.0.1:PORT}, as an upstream's {@code servers} names it. */
    String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * Dante with {@code socksmethod: none} or {@code username}; for {@code username} the system
     * account {@link #DANTE_USER} gets {@code password} (created when absent: the tests run as root).
     */
    static PeerProxy dante(Path directory, int port, String password) throws Exception {
        String danted = ClientProcess.requireExecutable("/usr/sbin/danted", "dante-server");
        if (password != null) {
            systemAccount(directory, DANTE_USER, password);
        }
        Path conf = directory.resolve("danted.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "logoutput: " + directory.resolve("danted.log"),
                        "internal: 127.0.0.1 port = " + port,
                        "external: 127.0.0.1",
                        "socksmethod: " + (password == null ? "none" : "username"),
                        "clientmethod: none",
                        "user.privileged: root",
                        "user.unprivileged: nobody",
                        "client pass {",
                        "  from: 127.0.0.0/8 to: 0.0.0.0/0",
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
                        ""),
                StandardCharsets.US_ASCII);
        return started(
                "dante",
                port,
                directory,
                List.of(
                        danted,
                        "-f",
                        conf.toString(),
                        "-p",
                        directory.resolve("danted.pid").toString()));
    }

    /**
     * HAProxy ({@code haproxy -db}, in the foreground, as the test's user) with {@code config}
     * written to the directory; {@code port} is one it binds on loopback, awaited before returning.
     */
    static PeerProxy haproxy(Path directory, int port, String config) throws Exception {
        String haproxy = ClientProcess.requireExecutable("/usr/sbin/haproxy", "haproxy");
        Path conf = directory.resolve("haproxy.cfg");
        Files.writeString(conf, config, StandardCharsets.US_ASCII);
        return started("haproxy", port, directory, List.of(haproxy, "-db", "-f", conf.toString()));
    }

    /** microsocks, with RFC 1929 when {@code user} is given. */
    static PeerProxy microsocks(Path directory, int port, String user, String password) throws Exception {
        String microsocks = ClientProcess.require("microsocks", "microsocks");
        List<String> command = user == null
                ? List.of(microsocks, "-i", "127.0.0.1", "-p", String.valueOf(port))
                : List.of(microsocks, "-i", "127.0.0.1", "-p", String.valueOf(port), "-u", user, "-P", password);
        return started("microsocks", port, directory, command);
    }

    /**
     * Squid for CONNECT from loopback to loopback only, with Basic authentication (basic_ncsa_auth
     * and an htpasswd file written here) when {@code user} is given.
     */
    static PeerProxy squid(Path directory, int port, String user, String password) throws Exception {
        String squid = ClientProcess.requireExecutable("/usr/sbin/squid", "squid");
        // Squid drops to the user proxy: its directory must be writable by it.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        StringBuilder conf = new StringBuilder();
        conf.append("http_port 127.0.0.1:").append(port).append('\n');
        conf.append("acl loopback_src src 127.0.0.1/32\n");
        conf.append("acl loopback_dst dst 127.0.0.1/32\n");
        conf.append("acl CONNECT method CONNECT\n");
        if (user != null) {
            String ncsa = ClientProcess.requireExecutable("/usr/lib/squid/basic_ncsa_auth", "squid");
            Path passwords = directory.resolve("passwords");
            Files.writeString(
                    passwords, user + ":" + sha512Crypt(directory, password) + "\n", StandardCharsets.US_ASCII);
            conf.append("auth_param basic program ")
                    .append(ncsa)
                    .append(' ')
                    .append(passwords)
                    .append('\n');
            conf.append("auth_param basic realm itest-squid\n");
            conf.append("acl authenticated proxy_auth REQUIRED\n");
            conf.append("http_access allow CONNECT loopback_src loopback_dst authenticated\n");
        } else {
            conf.append("http_access allow CONNECT loopback_src loopback_dst\n");
        }
        conf.append("http_access deny all\n");
        conf.append("cache deny all\ncache_mem 0 MB\n");
        conf.append("access_log stdio:").append(directory.resolve("access.log")).append(" squid\n");
        conf.append("cache_log ").append(directory.resolve("cache.log")).append('\n');
        conf.append("pid_filename ").append(directory.resolve("squid.pid")).append('\n');
        conf.append("coredump_dir ").append(directory).append('\n');
        conf.append("pinger_enable off\nshutdown_lifetime 0 seconds\n");
        conf.append("hosts_file /etc/hosts\ndns_nameservers 127.0.0.1\n");
        Path file = directory.resolve("squid.conf");
        Files.writeString(file, conf, StandardCharsets.US_ASCII);
        return started("squid", port, directory, List.of(squid, "-N", "-f", file.toString()));
    }

    /** tinyproxy for CONNECT from loopback, with Basic authentication when {@code user} is given. */
    static PeerProxy tinyproxy(Path directory, int port, String user, String password) throws Exception {
        String tinyproxy = ClientProcess.require("tinyproxy", "tinyproxy");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        StringBuilder conf = new StringBuilder();
        conf.append("User nobody\nGroup nogroup\nListen 127.0.0.1\nPort ")
                .append(port)
                .append('\n');
        conf.append("Allow 127.0.0.1\nTimeout 600\nDisableViaHeader Yes\nLogLevel Connect\n");
        conf.append("LogFile \"").append(directory.resolve("tinyproxy.log")).append("\"\n");
        conf.append("PidFile \"").append(directory.resolve("tinyproxy.pid")).append("\"\n");
        if (user != null) {
            conf.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
        }
        Path file = directory.resolve("tinyproxy.conf");
        Files.writeString(file, conf, StandardCharsets.US_ASCII);
        return started("tinyproxy", port, directory, List.of(tinyproxy, "-d", "-c", file.toString()));
    }

    private static PeerProxy started(String name, int port, Path directory, List<String> command) throws Exception {
        ClientProcess.Started process = ClientProcess.start(directory, command, false);
        PeerProxy peer = new PeerProxy(name, port, directory, process);
        try {
            org.awaitility.Awaitility.await(name + " accepting on port " + port)
                    .atMost(STARTUP)
                    .until(() -> {
                        if (!process.process.isAlive()) {
                            fail(name + " ended at start: " + process.describe(process.process.exitValue(), "") + "\n"
                                    + logs(directory));
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException | Error e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** How many lines of the proxy's log {@code file} (in its directory) hold every one of {@code parts}. */
    long logLines(String file, String... parts) throws IOException {
        Path log = directory.resolve(file);
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> Arrays.stream(parts).allMatch(l::contains)).count();
        }
    }

    /** The proxy's own log files, for a failure message. */
    String logs() throws IOException {
        return logs(directory);
    }

    private static String logs(Path directory) throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                out.append("--- ").append(file.getFileName()).append('\n');
                out.append(text.length() > 3000 ? text.substring(text.length() - 3000) : text);
            }
        }
        return out.toString();
    }

    /** A SHA-512 crypt(3) hash, as basic_ncsa_auth and chpasswd read it. */
    private static String sha512Crypt(Path directory, String password) throws Exception {
        String openssl = ClientProcess.require("openssl", "openssl");
        ClientProcess.Finished hashed = ClientProcess.run(
                directory,
                List.of(openssl, "passwd", "-6", "-stdin"),
                (password + "\n").getBytes(StandardCharsets.UTF_8));
        String hash = hashed.stdout.trim();
        if (hashed.exitCode != 0 || !hash.startsWith("$6$")) {
            fail("openssl passwd -6 failed: " + hashed);
        }
        return hash;
    }

    /** Creates the system account (no home, no shell) when absent and sets its password. */
    private static void systemAccount(Path directory, String user, String password) throws Exception {
        ClientProcess.Finished exists = ClientProcess.run(directory, List.of("id", "-u", user));
        if (exists.exitCode != 0) {
            ClientProcess.Finished added = ClientProcess.run(
                    directory,
                    List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user));
            if (added.exitCode != 0) {
                fail("cannot create the system user " + user + " for Dante's username method (the itests run as"
                        + " root): " + added);
            }
        }
        ClientProcess.Finished set = ClientProcess.run(
                directory,
                List.of("chpasswd", "--crypt-method", "SHA512"),
                (user + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
        if (set.exitCode != 0) {
            fail("chpasswd for " + user + " failed: " + set);
        }
    }

    @Override
    public void close() {
        try {
            process.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
