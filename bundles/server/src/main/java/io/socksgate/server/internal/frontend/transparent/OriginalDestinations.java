package io.socksgate.server.internal.frontend.transparent;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Reads accepted connections' original destinations, and says whether it can here: it takes JNA
 * (a dynamic import of this bundle, installed by the feature {@code socksgate-transparent}) and
 * the JVM option of {@link SocketDescriptors}. Nothing here loads JNA's classes before a
 * transparent listener asks.
 */
public final class OriginalDestinations {

    /** Set once the check passed; a failed check is repeated (JNA may be installed meanwhile). */
    private static volatile boolean supported;

    private OriginalDestinations() {}

    /**
     * Null when transparent listeners can work in this JVM, else what is missing, in words an
     * operator acts on. Loads JNA and its native library the first time (Config Admin's or the
     * shell's thread).
     */
    public static String problem() {
        if (supported) {
            return null;
        }
        String problem = check();
        supported = problem == null;
        return problem;
    }

    private static String check() {
        try {
            Class.forName("com.sun.jna.Native", false, OriginalDestinations.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError missing) {
            return "transparent mode needs JNA: feature:install socksgate-transparent (or the bundle"
                    + " mvn:net.java.dev.jna/jna 5.18 or later 5.x), then change or re-add this listener";
        }
        String descriptors = SocketDescriptors.problem();
        if (descriptors != null) {
            return descriptors;
        }
        try {
            NativeSockets.load();
        } catch (LinkageError | RuntimeException e) {
            return "transparent mode cannot load JNA's native library: " + e;
        }
        return null;
    }

    /**
     * The original destination of an accepted connection.
     *
     * @param local the connection's local address (after a REDIRECT: the listener's)
     * @throws NoOriginalDestinationException when the kernel knows none or it cannot be read
     */
    static InetSocketAddress of(SocketChannel channel, InetSocketAddress local) throws NoOriginalDestinationException {
        int fd;
        try {
            fd = SocketDescriptors.of(channel);
        } catch (IllegalStateException e) {
            throw new NoOriginalDestinationException(e.getMessage());
        }
        return NativeSockets.originalDestination(fd, local);
    }
}
