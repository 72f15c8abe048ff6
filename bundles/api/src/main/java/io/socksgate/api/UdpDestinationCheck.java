package io.socksgate.api;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether one datagram of a UDP association may go to its destination; the server plugs
 * its access policy (command {@code udp}) in here. It is asked for every datagram the client sends,
 * after a destination name has been resolved, on a relay thread: it must be quick and must not
 * block.
 */
@ConsumerType
@FunctionalInterface
public interface UdpDestinationCheck {

    /**
     * @param requested the destination as the client named it (a name stays a name)
     * @param resolved the exact address the datagram would be sent to
     * @return false to drop the datagram (it is counted as {@code denied})
     */
    boolean allows(HostPort requested, InetSocketAddress resolved);
}
