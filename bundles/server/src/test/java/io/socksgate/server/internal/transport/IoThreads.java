package io.socksgate.server.internal.transport;

/** What the engine's I/O threads hold in direct buffers, for tests of other packages. */
public final class IoThreads {

    private IoThreads() {}

    /** Direct buffers the live I/O threads' pools made. */
    public static int directBuffersMade() {
        int made = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread instanceof IoThread io) {
                made += io.directBuffers().made();
            }
        }
        return made;
    }
}
