package io.socksgate.api;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One live UDP association: a relay port serving one client. It ends when {@link #close()} is
 * called (the server does so when the TCP control connection closes) or when no datagram has been
 * relayed for the configured idle time; either way its port is released.
 */
@ProviderType
public interface UdpAssociation extends AutoCloseable {

    /** The address the relay port is bound to. */
    InetSocketAddress relayAddress();

    /**
     * The address for the UDP ASSOCIATE reply (BND.ADDR, BND.PORT): the configured {@code advertise}
     * address with the relay port when one is set (for NAT), else the relay's bound address.
     */
    InetSocketAddress advertisedAddress();

    /** A snapshot of this association's traffic and drop counts. */
    UdpCounters counters();

    /**
     * Registers a callback that runs exactly once when the association ends, for any reason. The
     * server uses it to close the TCP control connection after an idle timeout. It runs on the
     * thread that ends the association, or at once on the calling thread when the association has
     * already ended; it must be quick and must not block.
     */
    void onEnd(Runnable callback);

    /** Ends the association and releases its port. Idempotent; never blocks on I/O. */
    @Override
    void close();
}
