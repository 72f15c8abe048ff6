package io.socksgate.api;

import java.util.Map;

/**
 * Traffic of one UDP association. Byte counts are payload bytes, without the SOCKS UDP header.
 *
 * @param datagramsFromClient datagrams relayed from the client to a destination
 * @param bytesFromClient payload bytes relayed from the client
 * @param datagramsToClient datagrams relayed from a destination to the client
 * @param bytesToClient payload bytes relayed to the client
 * @param drops datagrams dropped, by reason; every reason key below is present, zero or not
 */
public record UdpCounters(
        long datagramsFromClient,
        long bytesFromClient,
        long datagramsToClient,
        long bytesToClient,
        Map<String, Long> drops) {

    /** Sent to the relay port from the client's IP but not from the client's (pinned) port. */
    public static final String FOREIGN_SOURCE = "foreign-source";
    /** A client datagram with a non-zero FRAG field: fragmentation is not supported. */
    public static final String FRAGMENTED = "fragmented";
    /** A client datagram whose SOCKS UDP header is invalid or truncated. */
    public static final String MALFORMED = "malformed";
    /** The destination check refused the destination. */
    public static final String DENIED = "denied";
    /** The destination name did not resolve to an address the relay can send to. */
    public static final String UNRESOLVABLE = "unresolvable";
    /** From an address that is neither the client nor one the association has sent to. */
    public static final String UNSOLICITED = "unsolicited";
    /** A payload larger than the relay's maximum datagram size. */
    public static final String OVERSIZE = "oversize";
    /** Over the rate of a bandwidth limit ({@code io.socksgate.limit}); since 1.3. */
    public static final String OVER_RATE = "over-rate";

    public UdpCounters {
        drops = Map.copyOf(drops);
    }

    /** Datagrams dropped for {@code reason}, one of the keys above; 0 for an unknown key. */
    public long dropped(String reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
