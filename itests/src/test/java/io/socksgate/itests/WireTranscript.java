package io.socksgate.itests;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * What a test client sent and received on one TCP connection, byte for byte, for its failure
 * messages; sends and reads through it so that nothing escapes the record.
 */
final class WireTranscript {

    private final StringBuilder lines = new StringBuilder();
    private final InputStream in;
    private final OutputStream out;
    /** The client's whole description (connection addresses and this transcript), for fail(). */
    private final Supplier<String> describe;

    WireTranscript(InputStream in, OutputStream out, Supplier<String> describe) {
        this.in = in;
        this.out = out;
        this.describe = describe;
    }

    /** Adds to the record; a line starts with {@code "\n  "}. */
    WireTranscript append(Object part) {
        lines.append(part);
        return this;
    }

    void send(String what, byte[] bytes) throws IOException {
        lines.append("\n  -> ").append(what).append(": ").append(hex(bytes, bytes.length));
        out.write(bytes);
        out.flush();
    }

    /** Reads exactly {@code length} bytes, failing the test (with the record) otherwise. */
    byte[] receive(String what, int length) throws IOException {
        byte[] bytes = new byte[length];
        int read = 0;
        try {
            while (read < length) {
                int n = in.read(bytes, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (IOException e) {
            lines.append("\n  <- ")
                    .append(what)
                    .append(": ")
                    .append(hex(bytes, read))
                    .append(" then ")
                    .append(e);
            fail("reading the " + what + " failed" + describe.get());
        }
        lines.append("\n  <- ").append(what).append(": ").append(hex(bytes, read));
        if (read < length) {
            lines.append(" then end of stream");
            fail("the proxy closed the connection during the " + what + " (" + read + " of " + length + " bytes)"
                    + describe.get());
        }
        return bytes;
    }

    @Override
    public String toString() {
        return lines.toString();
    }

    private static String hex(byte[] bytes, int length) {
        return length == 0 ? "(nothing)" : HexFormat.ofDelimiter(" ").formatHex(bytes, 0, length);
    }
}
