package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Which way a tunnel went: directly, or through one server of an upstream. Kept on the outbound
 * session for the access log's hierarchy field and the session's details.
 *
 * @param upstream the upstream, or null for a direct connection
 * @param server the server as configured (a name or an address), or null for direct
 * @param address the address connected to: the server's, or the destination's for direct
 */
public record Hop(Upstream upstream, HostPort server, InetSocketAddress address) {

    private static final AttributeKey KEY = new AttributeKey(Hop.class, "hop");

    public Hop {
        Objects.requireNonNull(address, "address");
        if ((upstream == null) != (server == null)) {
            throw new IllegalArgumentException("an upstream hop needs its server, a direct one neither");
        }
    }

    public static Hop direct(InetSocketAddress destination) {
        return new Hop(null, null, destination);
    }

    public boolean isDirect() {
        return upstream == null;
    }

    /**
     * Squid's hierarchy code: {@code DIRECT}, or {@code FIRSTUP_PARENT}, {@code ROUNDROBIN_PARENT},
     * {@code SOURCEHASH_PARENT} by the upstream's strategy; the access log writes it with the
     * address ({@code FIRSTUP_PARENT/10.0.0.1}).
     */
    public String hierarchyCode() {
        return upstream == null ? "DIRECT" : upstream.settings().strategy().hierarchyCode();
    }

    /** The hop a tunnel's outbound session went through, or null (none recorded). */
    public static Hop of(IoSession outbound) {
        return (Hop) outbound.getAttribute(KEY);
    }

    void attachTo(IoSession outbound) {
        outbound.setAttribute(KEY, this);
    }

    @Override
    public String toString() {
        return upstream == null ? "direct" : "upstream " + upstream.name() + " server " + server;
    }
}
