package io.socksgate.api;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The UDP relay behind SOCKS5 UDP ASSOCIATE (RFC 1928 section 7): one relay port per association,
 * through which the client's datagrams reach their destinations and the destinations' replies come
 * back.
 */
@ProviderType
public interface UdpRelay {

    /**
     * Opens an association: binds a relay port for the client and starts relaying. Blocks until the
     * port is bound, so it must not be called on a network I/O thread.
     *
     * @return the live association; the caller closes it when the TCP control connection closes
     * @throws UdpPortsExhaustedException when no port of the configured range is free
     * @throws UdpAssociationLimitException when the client already has the most live associations
     *     one client may have
     * @throws IOException when the relay cannot bind for another reason, has no valid configuration
     *     (see {@link #problem()}) or is stopped
     */
    UdpAssociation open(UdpAssociationRequest request) throws IOException;

    /**
     * Why the relay's latest configuration was rejected, one message per invalid key (key, value,
     * what is expected), or {@code null} when the configuration in effect is the latest one given.
     * After an invalid change the previous configuration stays in effect; when the relay never had
     * a valid one, {@link #open} refuses every association until it gets one.
     */
    String problem();
}
