package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.HostNames;
import io.socksgate.protocol.http.HttpConnectRequests;
import io.socksgate.server.internal.exchange.Failure;
import java.net.Inet6Address;
import java.util.Arrays;

/** Which handshake an upstream speaks, and whether it can carry a destination at all. */
public final class Handshakes {

    private Handshakes() {}

    /**
     * Why {@code type} cannot carry {@code target}, checked before connecting to any server; null
     * when it can. SOCKS4 has no field for IPv6; SOCKS5 and SOCKS4a carry names of 1 to 255
     * printable ASCII bytes; an HTTP request line must hold no space or control byte, and an HTTP
     * proxy must read the name as the rules saw it (no userinfo, no legacy number forms).
     */
    public static HandshakeStep.DestinationFailed refusal(UpstreamType type, HostPort target) {
        if (type == UpstreamType.SOCKS4 && !target.isName() && target.address() instanceof Inet6Address) {
            return new HandshakeStep.DestinationFailed(
                    Failure.ADDRESS_TYPE_UNSUPPORTED, "a socks4 upstream cannot carry an IPv6 destination");
        }
        if (target.isName() && !isSocksName(target.name())) {
            return new HandshakeStep.DestinationFailed(
                    Failure.ADDRESS_TYPE_UNSUPPORTED,
                    "a host name of " + target.name().length()
                            + " characters that is not 1 to 255 printable ASCII bytes");
        }
        if (type == UpstreamType.HTTP && !HttpConnectRequests.isValidTarget(target)) {
            return new HandshakeStep.DestinationFailed(
                    Failure.ADDRESS_TYPE_UNSUPPORTED, "a destination an HTTP upstream would not read as meant");
        }
        return null;
    }

    /**
     * A fresh handshake for one server of {@code upstream} towards {@code target}, which {@link
     * #refusal} accepted. Credentials are the upstream's own, never the client's.
     */
    public static Handshake of(UpstreamSettings upstream, HostPort target) {
        char[] password = upstream.password();
        try {
            return switch (upstream.type()) {
                case SOCKS5 -> new Socks5Handshake(target, upstream.username(), password);
                case SOCKS4 -> new Socks4Handshake(target, upstream.username());
                case HTTP -> new HttpConnectHandshake(target, upstream.username(), password);
            };
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0'); // the handshake keeps its own copy
            }
        }
    }

    private static boolean isSocksName(String name) {
        return !name.isEmpty()
                && name.length() <= HostNames.MAX_LENGTH
                && name.chars().allMatch(HostNames::isLegal);
    }
}
