package io.socksgate.api;

import java.net.InetAddress;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The client addresses blocked after repeated failed logins ({@code etc/io.socksgate.auth.cfg}),
 * to see and lift blocks before they run out. Every lift is logged with who asked for it.
 */
@ProviderType
public interface LoginBlocks {

    /** The blocks in force now, the one that ends first first. */
    List<LoginBlock> blocks();

    /**
     * Lifts the block on {@code client}; its count of failed logins starts afresh.
     *
     * @param operator who asks, for the log (a user name, a tool)
     * @return false when the address was not blocked
     */
    boolean unblock(InetAddress client, String operator);

    /**
     * Lifts every block.
     *
     * @param operator who asks, for the log
     * @return how many blocks were lifted
     */
    int unblockAll(String operator);
}
