package io.socksgate.server.internal.frontend.transparent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.config.IpLiterals;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The kernel's sockaddr_in / sockaddr_in6 layouts, as getsockopt(SO_ORIGINAL_DST) fills them in. */
class SocketAddressBytesTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void sockaddrInOnALittleEndianMachine() {
        // AF_INET = 2 as a little-endian short, port 8080 = 0x1f90 big-endian, 10.77.0.1, zero padding
        byte[] in = bytes(0x02, 0x00, 0x1f, 0x90, 10, 77, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(SocketAddressBytes.parse(in, 16, ByteOrder.LITTLE_ENDIAN))
                .isEqualTo(new InetSocketAddress(IpLiterals.parse("10.77.0.1"), 8080));
    }

    @Test
    void sockaddrInOnABigEndianMachine() {
        byte[] in = bytes(0x00, 0x02, 0xff, 0xff, 192, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(SocketAddressBytes.parse(in, 16, ByteOrder.BIG_ENDIAN))
                .isEqualTo(new InetSocketAddress(IpLiterals.parse("192.0.2.7"), 65535));
    }

    @Test
    void sockaddrIn6WithFlowInfoAndScopeIgnored() {
        byte[] in6 = bytes(
                0x0a, 0x00, 0x01, 0xbb, // AF_INET6 = 10 little-endian, port 443
                0x12, 0x34, 0x56, 0x78, // sin6_flowinfo
                0xfd, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // fd77::1
                0x05, 0, 0, 0); // sin6_scope_id
        assertThat(SocketAddressBytes.parse(in6, 28, ByteOrder.LITTLE_ENDIAN))
                .isEqualTo(new InetSocketAddress(IpLiterals.parse("fd77::1"), 443));
    }

    @Test
    void aBufferLargerThanTheStructureIsReadByItsLength() {
        byte[] buffer = new byte[SocketAddressBytes.SOCKADDR_IN6_SIZE];
        System.arraycopy(bytes(0x02, 0x00, 0x00, 0x50, 127, 0, 0, 1), 0, buffer, 0, 8);
        assertThat(SocketAddressBytes.parse(buffer, 16, ByteOrder.LITTLE_ENDIAN))
                .isEqualTo(new InetSocketAddress(IpLiterals.parse("127.0.0.1"), 80));
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4Address() {
        byte[] in6 = bytes(
                0x0a, 0x00, 0x00, 0x50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 77, 0, 1, 0, 0, 0, 0);
        assertThat(SocketAddressBytes.parse(in6, 28, ByteOrder.LITTLE_ENDIAN))
                .isEqualTo(new InetSocketAddress(IpLiterals.parse("10.77.0.1"), 80));
    }

    @Test
    void otherFamiliesAndShortStructuresAreRefused() {
        assertThatThrownBy(() -> SocketAddressBytes.parse(bytes(0x01, 0x00, 0, 0, 0, 0), 6, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("family 1");
        // an IPv6 family in an IPv4-sized structure
        assertThatThrownBy(() -> SocketAddressBytes.parse(
                        new byte[] {0x0a, 0, 0, 80, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}, 16, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketAddressBytes.parse(new byte[2], 2, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
