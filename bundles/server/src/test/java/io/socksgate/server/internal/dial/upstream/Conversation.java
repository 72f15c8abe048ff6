package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A handshake run against a scripted server whose whole stream is delivered in pieces: split in
 * two at every offset, and one byte at a time. Every way of cutting it must give the same bytes
 * sent, the same outcome and the same tunnel bytes, as a TCP stream may be cut anywhere.
 */
record Conversation(byte[] sent, HandshakeStep.Outcome outcome, byte[] tunnel) {

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Runs the handshake against a server that answers in {@code turns}: each turn is what the
     * server sends after the client's previous message (the last turn may go on with tunnel
     * bytes). Every turn is cut at every offset, and all are fed one byte at a time; every way
     * must agree.
     */
    static Conversation run(Supplier<Handshake> handshakes, byte[]... turns) {
        Conversation whole = run(handshakes.get(), cut(turns, -1, 0));
        for (int turn = 0; turn < turns.length; turn++) {
            for (int split = 0; split <= turns[turn].length; split++) {
                assertSame(
                        whole, run(handshakes.get(), cut(turns, turn, split)), "turn " + turn + " split at " + split);
            }
        }
        List<List<byte[]>> bytes = new ArrayList<>();
        for (byte[] turn : turns) {
            List<byte[]> pieces = new ArrayList<>();
            for (byte b : turn) {
                pieces.add(new byte[] {b});
            }
            bytes.add(pieces);
        }
        assertSame(whole, run(handshakes.get(), bytes), "one byte at a time");
        return whole;
    }

    /** The turns as pieces: whole, but turn {@code cutTurn} in two at {@code split}. */
    private static List<List<byte[]>> cut(byte[][] turns, int cutTurn, int split) {
        List<List<byte[]>> pieces = new ArrayList<>();
        for (int i = 0; i < turns.length; i++) {
            byte[] turn = turns[i];
            pieces.add(
                    i == cutTurn
                            ? List.of(Arrays.copyOfRange(turn, 0, split), Arrays.copyOfRange(turn, split, turn.length))
                            : List.of(turn));
        }
        return pieces;
    }

    private static void assertSame(Conversation expected, Conversation actual, String how) {
        assertThat(actual.sent).as(how).isEqualTo(expected.sent);
        assertThat(describe(actual.outcome)).as(how).isEqualTo(describe(expected.outcome));
        assertThat(actual.tunnel).as(how).isEqualTo(expected.tunnel);
    }

    private static Conversation run(Handshake handshake, List<List<byte[]>> turns) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream tunnel = new ByteArrayOutputStream();
        write(sent, handshake.start());
        HandshakeStep.Outcome outcome = null;
        for (List<byte[]> turn : turns) {
            for (byte[] piece : turn) {
                if (piece.length == 0) {
                    continue;
                }
                if (outcome instanceof HandshakeStep.Succeeded) {
                    tunnel.writeBytes(piece); // after the handshake, bytes go to the relay
                    continue;
                }
                if (outcome != null) {
                    continue; // a failed handshake's connection is closed: nothing more is read
                }
                HandshakeStep step = handshake.received(IoBuffer.wrap(piece));
                if (step instanceof HandshakeStep.Send send) {
                    write(sent, send.bytes());
                } else if (step instanceof HandshakeStep.Outcome end) {
                    outcome = end;
                    if (end instanceof HandshakeStep.Succeeded ok) {
                        write(tunnel, ok.leftover());
                    }
                }
            }
        }
        return new Conversation(sent.toByteArray(), outcome, tunnel.toByteArray());
    }

    /** The outcome without its leftover buffer, which is compared as tunnel bytes. */
    private static String describe(HandshakeStep.Outcome outcome) {
        return outcome instanceof HandshakeStep.Succeeded ? "Succeeded" : String.valueOf(outcome);
    }

    private static void write(ByteArrayOutputStream out, IoBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeBytes(bytes);
    }

    /** The outcome, for assertions on text. */
    String failureReason() {
        if (outcome instanceof HandshakeStep.ServerFailed server) {
            return server.reason();
        }
        if (outcome instanceof HandshakeStep.DestinationFailed destination) {
            return destination.reason();
        }
        return null;
    }
}
