package io.socksgate.api;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The live proxy sessions of every listener, for inspection and control. */
@ProviderType
public interface SessionRegistry {

    /** Snapshots of all live sessions, in accept order. */
    List<SessionInfo> sessions();

    /** A snapshot of one session, if it is still live. */
    Optional<SessionInfo> session(long id);

    /**
     * Closes a session and its outbound connection at once.
     *
     * @return false when no such session is live
     */
    boolean kill(long id);

    /**
     * Closes every session of a user.
     *
     * @return how many sessions were closed
     */
    int killByUser(String user);

    /**
     * Closes every session from a client address (behind a load balancer, the client its PROXY
     * protocol header named: {@link SessionInfo#client()}).
     *
     * @return how many sessions were closed
     */
    int killByClient(InetAddress client);
}
