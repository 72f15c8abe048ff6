package io.socksgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheRangeForOutgoingConnections() throws Exception {
        int below = FreePorts.ephemeralLowerBound();

        List<Integer> ports = FreePorts.find(17, 20_000, below);

        assertThat(ports).hasSize(17).doesNotHaveDuplicates().allMatch(p -> p >= 20_000 && p < below);
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port), 1);
            }
        }
    }

    @Test
    void aTakenPortIsSkipped() throws Exception {
        // two free neighbours, the lower one then taken: only the upper one is left
        int lower = 20_000;
        while (!bothFree(lower)) {
            lower += 2;
        }
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(lower), 1);

            // each search starts at a random one of the two: twenty starts put it on the taken
            // one at least once but for a chance of 2^-20
            for (int i = 0; i < 20; i++) {
                assertThat(FreePorts.find(1, lower, lower + 2)).containsExactly(lower + 1);
            }
        }
    }

    private static boolean bothFree(int port) {
        try {
            return FreePorts.find(2, port, port + 2).size() == 2;
        } catch (IllegalStateException taken) {
            return false;
        }
    }
}
