package io.socksgate.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.servers.UdpEchoServer;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UDP rows against a forwarder, as run.sh measures nginx: the payload alone goes to the
 * forwarder, and only its echo counts as a round trip. Against the real nginx of the benchmark
 * (packages nginx and libnginx-mod-stream), so a datagram that still carried a SOCKS header would
 * come back too long and count as lost, and one that went around nginx would cost it no CPU.
 */
class UdpForwarderRoundTripsTest {

    private static final InetAddress LOOP = InetAddress.getLoopbackAddress();
    private static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    @TempDir
    Path dir;

    private DatagramSocket echo;
    private Process nginx;
    private ProxyTarget forwarder;

    @BeforeEach
    void startEchoServerAndNginx() throws IOException {
        echo = new DatagramSocket(new InetSocketAddress(LOOP, 0));
        UdpEchoServer.start(echo);
        int port;
        try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(LOOP, 0))) {
            port = free.getLocalPort();
        }
        assertThat(STREAM_MODULE)
                .as("nginx's stream module (package libnginx-mod-stream)")
                .exists();
        Files.writeString(
                dir.resolve("nginx.conf"),
                "load_module " + STREAM_MODULE + ";\n"
                        + "daemon off;\nmaster_process off;\n"
                        + "pid " + dir.resolve("nginx.pid") + ";\n"
                        + "error_log " + dir.resolve("error.log") + " error;\n"
                        + "events { worker_connections 64; }\n"
                        + "stream { server { listen 127.0.0.1:" + port + " udp; proxy_pass 127.0.0.1:"
                        + echo.getLocalPort() + "; proxy_timeout 10s; } }\n");
        nginx = new ProcessBuilder(
                        "nginx",
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> bound(port));
        forwarder = ProxyTarget.forward("127.0.0.1:" + port);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor();
        }
        echo.close();
    }

    @Test
    void oneDatagramInFlightGoesToTheForwarderWithoutAHeader() throws Exception {
        UdpRoundTrips.Outcome outcome =
                UdpRoundTrips.run(forwarder, (InetSocketAddress) echo.getLocalSocketAddress(), nginx.pid(), 0.1, 0.5);

        assertThat(outcome.perSecond()).isPositive();
        assertThat(outcome.lost()).isZero();
        assertThat(outcome.cpuMicros())
                .as("nginx's CPU per round trip: it relayed them")
                .isPositive();
    }

    @Test
    void everyAssociationOfTheBusyRowGoesToTheForwarderWithoutAHeader() throws Exception {
        UdpRoundTrips.Outcome outcome = BusyUdpRoundTrips.run(
                forwarder, (InetSocketAddress) echo.getLocalSocketAddress(), nginx.pid(), 0.1, 0.5);

        assertThat(outcome.perSecond()).isPositive();
        assertThat(outcome.lost()).isZero();
        assertThat(outcome.cpuMicros())
                .as("nginx's CPU per round trip: it relayed them")
                .isPositive();
    }

    /** Whether something (nginx, once it has started) holds the UDP port. */
    private boolean bound(int port) throws IOException {
        assertThat(nginx.isAlive())
                .as("nginx is running; its output: %s", dir.resolve("nginx.out"))
                .isTrue();
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.bind(new InetSocketAddress(LOOP, port));
            return false;
        } catch (BindException e) {
            return true;
        }
    }
}
