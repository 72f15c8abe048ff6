package io.socksgate.protocol.proxy;

import io.socksgate.api.HostPort;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes PROXY protocol headers, as a load balancer would: for tests and interop checks that play
 * the balancer in front of a listener, and for anything that one day relays to a PROXY-speaking
 * server. Every header it writes is one {@link ProxyHeaderDecoder} accepts.
 *
 * <p>Addresses come from our own code, so one that cannot be written (unresolved, or source and
 * destination of different families) throws {@link IllegalArgumentException}. An IPv4-mapped IPv6
 * address is already an {@link Inet4Address} in Java, so it is written as IPv4.
 */
public final class ProxyHeaders {

    private ProxyHeaders() {}

    /** {@code PROXY TCP4|TCP6 src dst srcport dstport\r\n}; IPv6 in RFC 5952's form, as inet_ntop writes it. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        boolean ipv4 = sameFamily(source, destination);
        String line = "PROXY " + (ipv4 ? "TCP4 " : "TCP6 ") + text(source.getAddress()) + " "
                + text(destination.getAddress()) + " " + source.getPort() + " " + destination.getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code PROXY UNKNOWN\r\n}: the receiver uses the real connection's endpoints. */
    public static byte[] v1Unknown() {
        return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 PROXY header for TCP over IPv4 or IPv6, without TLVs. */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination) {
        return v2(source, destination, new byte[0]);
    }

    /**
     * A v2 PROXY header for TCP over IPv4 or IPv6, followed by {@code tlvs} written as given (so a
     * test can also send TLVs that do not fit).
     *
     * @throws IllegalArgumentException also when addresses and TLVs exceed {@value
     *     ProxyHeader#MAX_V2_PAYLOAD} bytes
     */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, byte[] tlvs) {
        boolean ipv4 = sameFamily(source, destination);
        int addressLength = ProxyV2Block.addressLength(
                ipv4 ? ProxyV2Block.AF_INET : ProxyV2Block.AF_INET6, ProxyV2Block.TRANSPORT_STREAM);
        int length = addressLength + tlvs.length;
        if (length > ProxyHeader.MAX_V2_PAYLOAD) {
            throw new IllegalArgumentException(
                    "addresses and TLVs of " + length + " bytes exceed " + ProxyHeader.MAX_V2_PAYLOAD);
        }
        ByteArrayOutputStream out = fixedPart(
                ProxyV2Block.CMD_PROXY,
                (ipv4 ? ProxyV2Block.AF_INET : ProxyV2Block.AF_INET6) << 4 | ProxyV2Block.TRANSPORT_STREAM,
                length);
        out.writeBytes(source.getAddress().getAddress());
        out.writeBytes(destination.getAddress().getAddress());
        writeU16(out, source.getPort());
        writeU16(out, destination.getPort());
        out.writeBytes(tlvs);
        return out.toByteArray();
    }

    /** A v2 LOCAL header without addresses, as a balancer's health check sends. */
    public static byte[] v2Local() {
        return fixedPart(ProxyV2Block.CMD_LOCAL, 0, 0).toByteArray();
    }

    private static ByteArrayOutputStream fixedPart(int command, int familyByte, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ProxyHeader.V2_FIXED_LENGTH + length);
        out.writeBytes(ProxyV2Block.SIGNATURE);
        out.write(ProxyV2Block.VERSION << 4 | command);
        out.write(familyByte);
        writeU16(out, length);
        return out;
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    /** Whether both are IPv4 (else both IPv6). */
    private static boolean sameFamily(InetSocketAddress source, InetSocketAddress destination) {
        InetAddress from = resolved(source, "source");
        InetAddress to = resolved(destination, "destination");
        boolean ipv4 = from instanceof Inet4Address;
        if (ipv4 != to instanceof Inet4Address) {
            throw new IllegalArgumentException("source and destination of different address families");
        }
        return ipv4;
    }

    private static InetAddress resolved(InetSocketAddress address, String what) {
        if (address.getAddress() == null) {
            throw new IllegalArgumentException("unresolved " + what + " address");
        }
        return address.getAddress();
    }

    /** The address without an IPv6 scope, which the protocol has no room for. */
    private static String text(InetAddress address) {
        return HostPort.addressText(AddressText.inet(address.getAddress()));
    }
}
