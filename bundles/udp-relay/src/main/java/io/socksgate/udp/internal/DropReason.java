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
    OVERSIZE(UdpCounters.OVERSIZE);

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
