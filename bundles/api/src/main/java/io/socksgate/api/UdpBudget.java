package io.socksgate.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The bandwidth budget of one UDP association: the relay asks it before relaying each datagram, on
 * a relay thread; it must be quick and must not block.
 *
 * @since 1.3
 */
@ConsumerType
@FunctionalInterface
public interface UdpBudget {

    /**
     * @param payloadBytes the datagram's payload, without the SOCKS UDP header
     * @param fromClient true for a datagram from the client, false for one towards it
     * @return false to drop the datagram (it is counted as {@link UdpCounters#OVER_RATE})
     */
    boolean admit(int payloadBytes, boolean fromClient);
}
