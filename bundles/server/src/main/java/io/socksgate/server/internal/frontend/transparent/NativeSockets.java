package io.socksgate.server.internal.frontend.transparent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/**
 * {@code getsockopt(SO_ORIGINAL_DST)} through JNA: the only class that names JNA, loaded when a
 * transparent listener accepts its first connection (or checks that it could), so a Socksgate
 * without JNA never loads it. getsockopt on a socket never blocks: it reads the connection's
 * conntrack entry.
 */
final class NativeSockets {

    /** {@code SOL_IP}: the IPv4 level. */
    private static final int SOL_IP = 0;
    /** {@code SOL_IPV6}. */
    private static final int SOL_IPV6 = 41;
    /** {@code SO_ORIGINAL_DST} (linux/netfilter_ipv4.h) and {@code IP6T_SO_ORIGINAL_DST} (ip6_tables.h). */
    private static final int SO_ORIGINAL_DST = 80;
    /** No conntrack entry for the connection: it was not redirected, or conntrack is not loaded. */
    private static final int ENOENT = 2;

    /** libc's getsockopt; errno comes back as a {@link LastErrorException}. */
    private interface LibC extends Library {
        int getsockopt(int fd, int level, int option, byte[] value, IntByReference length) throws LastErrorException;
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private NativeSockets() {}

    /** Forces the native library to load: throws (UnsatisfiedLinkError, ...) when it cannot. */
    static void load() {
        if (LIBC == null) {
            throw new IllegalStateException("libc not loaded");
        }
    }

    /**
     * The original destination of the connection on {@code fd}, asked at the IPv6 level when the
     * connection's local address is IPv6 (IPv4-mapped addresses count as IPv4, as Java reports them).
     *
     * @throws NoOriginalDestinationException when the kernel knows none
     */
    static InetSocketAddress originalDestination(int fd, InetSocketAddress local)
            throws NoOriginalDestinationException {
        boolean ipv6 = local.getAddress() instanceof Inet6Address;
        byte[] value = new byte[SocketAddressBytes.SOCKADDR_IN6_SIZE];
        IntByReference length = new IntByReference(value.length);
        try {
            LIBC.getsockopt(fd, ipv6 ? SOL_IPV6 : SOL_IP, SO_ORIGINAL_DST, value, length);
        } catch (LastErrorException e) {
            throw new NoOriginalDestinationException(
                    e.getErrorCode() == ENOENT
                            ? "the kernel has no original destination for it (not redirected, or no conntrack)"
                            : "getsockopt(" + (ipv6 ? "SOL_IPV6, IP6T_SO_ORIGINAL_DST" : "SOL_IP, SO_ORIGINAL_DST")
                                    + ") failed with errno " + e.getErrorCode());
        }
        try {
            return SocketAddressBytes.parse(value, length.getValue(), ByteOrder.nativeOrder());
        } catch (IllegalArgumentException e) {
            throw new NoOriginalDestinationException("unreadable original destination: " + e.getMessage());
        }
    }
}
