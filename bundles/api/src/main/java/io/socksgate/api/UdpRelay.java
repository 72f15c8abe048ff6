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
     * @throws IOException when the relay cannot bind for another reason (or is stopped)
     */
    UdpAssociation open(UdpAssociationRequest request) throws IOException;
}
