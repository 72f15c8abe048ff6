package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndOutsideTheRangeForOutgoingConnections() throws IOException {
        int ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0)
                .trim()
                .split("\\s+")[0]);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertThat(port).isBetween(1024, ephemeralLow - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket listener = new ServerSocket()) {
                listener.bind(new InetSocketAddress(port), 1);
            }
        }
    }

    @Test
    void aPortInUseIsSkipped() throws IOException {
        int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(port + 1), 1);
            assertThat(FreePorts.next()).isNotEqualTo(port + 1);
        }
    }
}
