package io.socksgate.server.internal.frontend.transparent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The C socket address structures Linux fills in for {@code getsockopt(SO_ORIGINAL_DST)}:
 * {@code struct sockaddr_in} (16 bytes: family, port, 4 address bytes, 8 bytes of padding) for
 * IPv4 and {@code struct sockaddr_in6} (28 bytes: family, port, flow info, 16 address bytes, scope
 * id) for IPv6. The family is a C {@code unsigned short} in the machine's byte order; port and
 * address are in network byte order. Pure Java, so the layouts are tested without a kernel.
 */
public final class SocketAddressBytes {

    /** Linux's {@code AF_INET}. */
    static final int AF_INET = 2;
    /** Linux's {@code AF_INET6}. */
    static final int AF_INET6 = 10;
    /** {@code sizeof(struct sockaddr_in)}. */
    public static final int SOCKADDR_IN_SIZE = 16;
    /** {@code sizeof(struct sockaddr_in6)}: the buffer both queries are given. */
    public static final int SOCKADDR_IN6_SIZE = 28;

    private SocketAddressBytes() {}

    /**
     * The address in the first {@code length} bytes of {@code bytes}.
     *
     * @param order the byte order of the family field: the machine's ({@link ByteOrder#nativeOrder()})
     * @throws IllegalArgumentException when the bytes are no IPv4 or IPv6 socket address
     */
    public static InetSocketAddress parse(byte[] bytes, int length, ByteOrder order) {
        if (length < 4 || length > bytes.length) {
            throw new IllegalArgumentException("socket address of " + length + " bytes is too short");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        int family = buffer.order(order).getShort(0) & 0xffff;
        int port = buffer.order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xffff;
        byte[] address;
        if (family == AF_INET && length >= SOCKADDR_IN_SIZE) {
            address = Arrays.copyOfRange(bytes, 4, 8);
        } else if (family == AF_INET6 && length >= SOCKADDR_IN6_SIZE) {
            address = Arrays.copyOfRange(bytes, 8, 24);
        } else {
            throw new IllegalArgumentException("socket address family " + family + " with " + length + " bytes");
        }
        try {
            // An IPv4-mapped IPv6 address comes back as the IPv4 address, as Java reports peers.
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("socket address with " + address.length + " address bytes", e);
        }
    }
}
