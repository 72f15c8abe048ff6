package io.socksgate.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * Whether an address belongs to this host, so a listener or the UDP relay is told at once that it
 * cannot bind an address of another machine: one check for every bind key, so that they accept
 * the same addresses (the whole loopback network included, which no interface lists). Reads the
 * interfaces afresh on each call: it runs when a configuration is parsed (Config Admin's or the
 * shell's thread), never on a network I/O thread.
 */
public final class HostAddresses {

    private HostAddresses() {}

    /** True for the wildcard and loopback addresses and for every address of an interface of this host. */
    public static boolean isLocal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (Collections.list(nic.getInetAddresses()).contains(address)) {
                    return true;
                }
            }
        } catch (SocketException e) {
            return true; // cannot tell: let the bind itself decide (and report) it
        }
        return false;
    }
}
