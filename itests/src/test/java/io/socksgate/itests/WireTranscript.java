package io.socksgate.itests;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * What a test client sent and received on one TCP connection, byte for byte, for its failure
 * messages; sends and reads through it so that nothing escapes the record. Binary protocols
 * (SOCKS) are recorded in hex, text protocols (HTTP) as text with control bytes escaped.
 */
final class WireTranscript {

    /** How the record shows bytes. */
    enum Rendering {
        /** {@code 05 01 00} */
        HEX,
        /** {@code CONNECT a:1 HTTP/1.1\r\n}, any byte outside printable ASCII as {@code \xNN} */
        TEXT
    }

    private final StringBuilder lines = new StringBuilder();
    private final InputStream in;
    private final OutputStream out;
    /** The client's whole description (connection addresses and this transcript), for fail(). */
    private final Supplier<String> describe;

    private final Rendering rendering;

    WireTranscript(InputStream in, OutputStream out, Supplier<String> describe) {
        this(in, out, describe, Rendering.HEX);
    }

    WireTranscript(InputStream in, OutputStream out, Supplier<String> describe, Rendering rendering) {
        this.in = in;
        this.out = out;
        this.describe = describe;
        this.rendering = rendering;
    }

    /** Adds to the record; a line starts with {@code "\n  "}. */
    WireTranscript append(Object part) {
        lines.append(part);
        return this;
    }

    void send(String what, byte[] bytes) throws IOException {
        lines.append("\n  -> ").append(what).append(": ").append(render(bytes, bytes.length));
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
                    .append(render(bytes, read))
                    .append(" then ")
                    .append(e);
            fail("reading the " + what + " failed" + describe.get());
        }
        lines.append("\n  <- ").append(what).append(": ").append(render(bytes, read));
        if (read < length) {
            lines.append(" then end of stream");
            fail("the proxy closed the connection during the " + what + " (" + read + " of " + length + " bytes)"
                    + describe.get());
        }
        return bytes;
    }

    /**
     * Reads up to and including {@code end} (an HTTP head ends with CRLF CRLF), at most {@code max}
     * bytes; fails the test (with the record) when the stream ends or {@code max} bytes come first.
     * Reads byte by byte so that nothing after {@code end} is consumed: give a buffered stream.
     */
    byte[] receiveUntil(String what, byte[] end, int max) throws IOException {
        byte[] bytes = new byte[max];
        int read = 0;
        try {
            while (read < max) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                bytes[read++] = (byte) next;
                if (read >= end.length && Arrays.equals(bytes, read - end.length, read, end, 0, end.length)) {
                    lines.append("\n  <- ").append(what).append(": ").append(render(bytes, read));
                    return Arrays.copyOf(bytes, read);
                }
            }
        } catch (IOException e) {
            lines.append("\n  <- ")
                    .append(what)
                    .append(": ")
                    .append(render(bytes, read))
                    .append(" then ")
                    .append(e);
            fail("reading the " + what + " failed" + describe.get());
        }
        lines.append("\n  <- ").append(what).append(": ").append(render(bytes, read));
        if (read < max) {
            lines.append(" then end of stream");
            fail("the proxy closed the connection during the " + what + describe.get());
        }
        fail("no end of the " + what + " within " + max + " bytes" + describe.get());
        throw new AssertionError("unreachable");
    }

    /**
     * Reads whatever the peer sends until it ends the connection (end of stream or reset), at
     * most {@code max} bytes; fails the test when the socket's read timeout passes first.
     */
    byte[] receiveToEnd(String what, int max) throws IOException {
        byte[] bytes = new byte[max];
        int read = 0;
        String end = "end of stream";
        try {
            while (read < max) {
                int n = in.read(bytes, read, max - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (SocketTimeoutException stillOpen) {
            lines.append("\n  <- ")
                    .append(what)
                    .append(": ")
                    .append(render(bytes, read))
                    .append(", still open");
            fail("the proxy kept the connection open during the " + what + describe.get());
        } catch (IOException reset) {
            end = "reset (" + reset.getMessage() + ")";
        }
        lines.append("\n  <- ")
                .append(what)
                .append(": ")
                .append(render(bytes, read))
                .append(" then ")
                .append(end);
        return Arrays.copyOf(bytes, read);
    }

    /**
     * Fails unless the peer ends the connection without sending anything more: the next read
     * returns end of stream (or a reset) within the socket's read timeout.
     */
    void assertEndOfStream(String when) throws IOException {
        byte[] more = new byte[256];
        int n;
        try {
            n = in.read(more);
        } catch (SocketTimeoutException stillOpen) {
            lines.append("\n  (nothing more, connection still open)");
            fail("the proxy kept the connection open " + when + describe.get());
            return;
        } catch (IOException reset) {
            lines.append("\n  <- connection reset: ").append(reset.getMessage());
            return; // closed, if not gracefully
        }
        if (n >= 0) {
            lines.append("\n  <- more: ").append(render(more, n));
            fail("the proxy sent more bytes " + when + ", instead of closing" + describe.get());
        }
        lines.append("\n  <- end of stream");
    }

    @Override
    public String toString() {
        return lines.toString();
    }

    private String render(byte[] bytes, int length) {
        if (length == 0) {
            return "(nothing)";
        }
        return rendering == Rendering.HEX
                ? HexFormat.ofDelimiter(" ").formatHex(bytes, 0, length)
                : text(bytes, length);
    }

    /** Longer runs (a header over the proxy's limit) show their start and end only. */
    private static final int SHOWN_TEXT_BYTES = 1024;

    private static String text(byte[] bytes, int length) {
        if (length > SHOWN_TEXT_BYTES) {
            return text(bytes, 0, SHOWN_TEXT_BYTES / 2) + "...(" + length + " bytes in all)..."
                    + text(bytes, length - SHOWN_TEXT_BYTES / 4, length);
        }
        return text(bytes, 0, length);
    }

    private static String text(byte[] bytes, int from, int to) {
        StringBuilder text = new StringBuilder(to - from + 16);
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        text.append((char) b);
                    } else {
                        text.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        return text.toString();
    }
}
