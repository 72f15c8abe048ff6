package io.socksgate.server.internal.frontend.transparent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The JDK internals and the native call behind transparent listeners, for real: fails when a JDK
 * no longer gives a channel's descriptor this way, or JNA cannot call getsockopt.
 */
class SocketDescriptorsTest {

    @Test
    void theDescriptorIsTheChannelsSocket() throws IOException {
        assertThat(SocketDescriptors.problem()).isNull();
        try (ServerSocketChannel server =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            int fd = SocketDescriptors.of(accepted);
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            assertThat(link).startsWith("socket:[");
            String inode = link.substring("socket:[".length(), link.length() - 1);
            // the kernel's table row of that inode is the accepted connection: its local port, its peer's port
            int localPort = ((InetSocketAddress) accepted.getLocalAddress()).getPort();
            int peerPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            assertThat(tcpRow(inode))
                    .contains(String.format(Locale.ROOT, ":%04X ", localPort))
                    .contains(String.format(Locale.ROOT, ":%04X ", peerPort));
        }
    }

    /**
     * On a connection nobody redirected, the kernel reports no original destination (no conntrack
     * entry) or the connection's own local address (conntrack tracks it unchanged): either way the
     * JNA call went through and its answer was read.
     */
    @Test
    void getsockoptAnswersForAnAcceptedConnection() throws IOException {
        assertThat(OriginalDestinations.problem()).isNull();
        try (ServerSocketChannel server =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            InetSocketAddress local = (InetSocketAddress) accepted.getLocalAddress();
            assertThat(client.isConnected()).isTrue();
            try {
                assertThat(OriginalDestinations.of(accepted, local)).isEqualTo(local);
            } catch (NoOriginalDestinationException e) {
                assertThat(e.getMessage()).contains("no original destination");
            }
        }
    }

    private static String tcpRow(String inode) throws IOException {
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String row : Files.readAllLines(Path.of(table))) {
                List<String> fields = List.of(row.trim().split("\\s+"));
                if (fields.size() > 9 && fields.get(9).equals(inode)) {
                    return row + " ";
                }
            }
        }
        throw new AssertionError("no row of inode " + inode + " in /proc/net/tcp or tcp6");
    }
}
