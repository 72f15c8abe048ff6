package io.socksgate.protocol.proxy;

import static io.socksgate.protocol.DecoderAssertions.assertDone;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.buffer;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.proxy.ProxyV1Test.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.socksgate.protocol.proxy.ProxyHeader.Command;
import io.socksgate.protocol.proxy.ProxyHeader.Family;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.net.Inet4Address;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/**
 * Headers as a real balancer sends them: captured from Debian 12's HAProxy 2.6.12 (mode tcp) in
 * front of a listener that dumped the first bytes of each connection, with an ncat client sending
 * {@code hello} (the last 5 bytes of each capture), which must stay unread. Servers were declared
 * with {@code send-proxy}, {@code send-proxy-v2}, {@code send-proxy-v2 proxy-v2-options
 * unique-id,authority,crc32c} and {@code check check-send-proxy}.
 */
class HaproxyCapturedHeadersTest {

    private static final ProxyHeaderDecoder DECODER = ProxyHeaderDecoder.INSTANCE;
    private static final byte[] HELLO = hex("68656c6c6f");

    /** Decodes {@code capture}, which is the header then {@code hello}. */
    private static void assertCaptured(String capture, ProxyHeader expected) {
        byte[] wire = hex(capture);
        byte[] header = Arrays.copyOf(wire, wire.length - HELLO.length);
        assertArrayEquals(HELLO, Arrays.copyOfRange(wire, header.length, wire.length), "capture ends in hello");
        assertStreamDecodes(DECODER, header, expected);
        IoBuffer buffer = buffer(wire);
        assertDone(DECODER, buffer, header.length, expected);
        byte[] rest = new byte[buffer.remaining()];
        buffer.get(rest);
        assertArrayEquals(HELLO, rest);
    }

    /** {@code send-proxy}, IPv4 client: {@code PROXY TCP4 127.0.0.1 127.0.0.1 45426 40353}. */
    @Test
    void v1Tcp4() {
        assertCaptured(
                "50524f58592054435034203132372e302e302e31203132372e302e302e312034353432362034303335330d0a68656c6c6f",
                ProxyHeader.proxy(Version.V1, Family.TCP4, at("127.0.0.1", 45426), at("127.0.0.1", 40353), 44));
    }

    /** {@code send-proxy}, IPv6 client: {@code PROXY TCP6 ::1 ::1 36942 40353}. */
    @Test
    void v1Tcp6() {
        assertCaptured(
                "50524f58592054435036203a3a31203a3a312033363934322034303335330d0a68656c6c6f",
                ProxyHeader.proxy(Version.V1, Family.TCP6, at("::1", 36942), at("::1", 40353), 32));
    }

    /**
     * {@code send-proxy} behind {@code bind :::57285 v4v6}, IPv4 client: HAProxy writes the mapped
     * address with a dotted tail, {@code PROXY TCP6 ::ffff:127.0.0.1 ::ffff:127.0.0.1 40980 57285}.
     */
    @Test
    void v1Tcp6WithIpv4MappedAddresses() {
        ProxyHeader expected =
                ProxyHeader.proxy(Version.V1, Family.TCP6, at("127.0.0.1", 40980), at("127.0.0.1", 57285), 58);
        assertCaptured(
                "50524f58592054435036203a3a666666663a3132372e302e302e31203a3a666666663a3132372e302e302e3120"
                        + "34303938302035373238350d0a68656c6c6f",
                expected);
        assertInstanceOf(Inet4Address.class, expected.source().getAddress());
    }

    @Test
    void v2Tcp4() {
        assertCaptured(
                "0d0a0d0a000d0a515549540a2111000c7f0000017f000001b41aa7a768656c6c6f",
                ProxyHeader.proxy(Version.V2, Family.TCP4, at("127.0.0.1", 0xb41a), at("127.0.0.1", 42919), 28));
    }

    @Test
    void v2Tcp6() {
        assertCaptured(
                "0d0a0d0a000d0a515549540a21210024000000000000000000000000000000010000000000000000000000000000"
                        + "0001eceea7a768656c6c6f",
                ProxyHeader.proxy(Version.V2, Family.TCP6, at("::1", 0xecee), at("::1", 42919), 52));
    }

    /** TLVs CRC32C (type 0x03) and UNIQUE_ID (0x05), skipped. */
    @Test
    void v2WithTlvs() {
        assertCaptured(
                "0d0a0d0a000d0a515549540a211100447f0000017f000001bed2dfc6030004130040eb05002e374630303030"
                        + "30313a424544325f37463030303030313a444643365f36423134433643455f303030363a3744463868656c6c6f",
                ProxyHeader.proxy(Version.V2, Family.TCP4, at("127.0.0.1", 0xbed2), at("127.0.0.1", 0xdfc6), 16 + 68));
    }

    /** A health check ({@code check-send-proxy}) is LOCAL without addresses; it has no payload. */
    @Test
    void v2HealthCheckIsLocal() {
        assertStreamDecodes(
                DECODER, hex("0d0a0d0a000d0a515549540a20000000"), ProxyHeader.unknown(Version.V2, Command.LOCAL, 16));
    }
}
