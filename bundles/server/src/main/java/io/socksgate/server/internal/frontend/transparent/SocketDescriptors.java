package io.socksgate.server.internal.frontend.transparent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SocketChannel;

/**
 * The one place Socksgate reaches into the JDK: the file descriptor of a {@link SocketChannel},
 * which {@code getsockopt(SO_ORIGINAL_DST)} needs and no public API gives. The JDK's socket channels
 * implement {@code sun.nio.ch.SelChImpl}, whose {@code getFDVal()} returns it; the package is not
 * exported, so the JVM must run with {@value #JVM_FLAG} (the assembly's {@code bin/setenv} sets it).
 * Without the flag {@link #problem()} says so and transparent listeners do not start.
 *
 * <p>Why not {@code /proc/self/fd}: finding a socket there means reading every open descriptor's
 * link (and {@code /proc/net/tcp} for its inode) per accepted connection, which grows with the
 * number of open tunnels, and is file I/O. {@code SocketDescriptorsTest} fails when a JDK changes
 * this.
 */
public final class SocketDescriptors {

    /** The JVM option that makes {@code sun.nio.ch} readable. */
    public static final String JVM_FLAG = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

    private static final Lookup LOOKUP = lookup();

    private SocketDescriptors() {}

    /** Null when descriptors can be read here, else why not (for the listener's problem). */
    public static String problem() {
        return LOOKUP.problem;
    }

    /**
     * The descriptor of an open channel.
     *
     * @throws IllegalStateException when {@link #problem()} is not null
     */
    public static int of(SocketChannel channel) {
        if (LOOKUP.getFdVal == null) {
            throw new IllegalStateException(LOOKUP.problem);
        }
        try {
            return (int) LOOKUP.getFdVal.invoke(channel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the descriptor of " + channel, e);
        }
    }

    private record Lookup(MethodHandle getFdVal, String problem) {}

    private static Lookup lookup() {
        try {
            // The boot loader's class, whatever the bundle's class loader delegates.
            Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl", false, null);
            MethodHandle handle = MethodHandles.lookup() // exported to unnamed modules only: not publicLookup
                    .findVirtual(selChImpl, "getFDVal", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, SocketChannel.class));
            return new Lookup(handle, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Lookup(
                    null,
                    "transparent mode needs the JVM option " + JVM_FLAG
                            + " to read a connection's original destination (bin/setenv: EXTRA_JAVA_OPTS; "
                            + e + ")");
        }
    }
}
