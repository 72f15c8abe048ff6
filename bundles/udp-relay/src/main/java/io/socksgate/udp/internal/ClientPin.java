package io.socksgate.udp.internal;

import io.socksgate.api.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which source address is the association's client. Only the IP of the TCP control connection is
 * trusted: the address in the UDP ASSOCIATE request is the client's own claim. Its port, when not
 * zero, pins the client's UDP port from the start; otherwise the first datagram accepted from the
 * control connection's IP pins it. Once pinned, the client is exactly one IP and port.
 */
final class ClientPin {

    enum Verdict {
        /** The client: from the pinned address, or the datagram that just pinned it. */
        CLIENT,
        /** From the client's IP but not from its port. */
        FOREIGN_SOURCE,
        /** From another IP: not the client at all. */
        OTHER_HOST
    }

    private final InetAddress controlIp;
    private final AtomicReference<InetSocketAddress> pinned = new AtomicReference<>();

    ClientPin(InetAddress controlIp, HostPort declared) {
        this.controlIp = controlIp;
        if (declared.port() != 0) {
            pinned.set(new InetSocketAddress(controlIp, declared.port()));
        }
    }

    /** The client's address, or null while it is not pinned yet. */
    InetSocketAddress client() {
        return pinned.get();
    }

    /** Whether {@code source} is the pinned client; never pins. */
    boolean isClient(InetSocketAddress source) {
        return source.equals(pinned.get());
    }

    /** Classifies a datagram's source, pinning the client's port if this is its first datagram. */
    Verdict admit(InetSocketAddress source) {
        if (!controlIp.equals(source.getAddress())) {
            return Verdict.OTHER_HOST;
        }
        InetSocketAddress client = pinned.get();
        if (client == null && pinned.compareAndSet(null, source)) {
            return Verdict.CLIENT;
        }
        return source.equals(pinned.get()) ? Verdict.CLIENT : Verdict.FOREIGN_SOURCE;
    }
}
