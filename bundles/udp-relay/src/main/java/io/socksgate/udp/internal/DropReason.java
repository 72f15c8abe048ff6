package io.socksgate.udp.internal;

import io.socksgate.api.UdpCounters;

/** Why a datagram was not relayed; the keys are the stable ones of {@link UdpCounters#drops()}. */
enum DropReason {
    FOREIGN_SOURCE(UdpCounters.FOREIGN_SOURCE),
    FRAGMENTED(UdpCounters.FRAGMENTED),
    MALFORMED(UdpCounters.MALFORMED),
    DENIED(UdpCounters.DENIED),
    UNRESOLVABLE(UdpCounters.UNRESOLVABLE),
    UNSOLICITED(UdpCounters.UNSOLICITED),
    OVERSIZE(UdpCounters.OVERSIZE),
    /** Over the rate (or quota) of a bandwidth limit. */
    OVER_RATE(UdpCounters.OVER_RATE);

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
