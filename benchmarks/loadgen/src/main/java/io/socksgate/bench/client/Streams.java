package io.socksgate.bench.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Blocking stream helpers. */
public final class Streams {

    private Streams() {}

    /** Reads exactly {@code length} bytes, or fails with the count that came before the end. */
    public static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int got = 0;
        while (got < length) {
            int n = in.read(buffer, got, length - got);
            if (n < 0) {
                throw new EOFException("closed after " + got + " of " + length + " bytes");
            }
            got += n;
        }
    }
}
