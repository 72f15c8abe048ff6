package io.socksgate.protocol.socks4;

import static io.socksgate.protocol.DecoderAssertions.assertDone;
import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertNeedsMore;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.buffer;
import static io.socksgate.protocol.DecoderAssertions.concat;
import static io.socksgate.protocol.DecoderAssertions.encode;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.DecoderAssertions.ip;
import static io.socksgate.protocol.DecoderAssertions.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import org.junit.jupiter.api.Test;

/** SOCKS4 and SOCKS4a requests. */
class Socks4RequestTest {

    private static final Socks4RequestDecoder DECODER = Socks4RequestDecoder.INSTANCE;
    private static final String WWW_EXAMPLE_COM = "77 77 77 2E 65 78 61 6D 70 6C 65 2E 63 6F 6D";

    /** The example from the SOCKS4 protocol description. */
    @Test
    void connectAsFred() {
        Socks4Request request = new Socks4Request(Command.CONNECT, HostPort.of(ip("66.102.7.99"), 80), "Fred");
        assertStreamDecodes(DECODER, hex("04 01 00 50 42 66 07 63 46 72 65 64 00"), request);
        assertFalse(request.isSocks4a());
    }

    @Test
    void socks4aWithName() {
        Socks4Request request = new Socks4Request(Command.CONNECT, HostPort.ofName("www.example.com", 80), "Fred");
        assertStreamDecodes(DECODER, hex("04 01 00 50 00 00 00 01 46 72 65 64 00" + WWW_EXAMPLE_COM + "00"), request);
        assertTrue(request.isSocks4a());
    }

    @Test
    void socks4aWithAnyNonZeroLastOctet() {
        byte[] wire = hex("04 01 00 50 00 00 00 FF 00" + WWW_EXAMPLE_COM + "00");
        assertDone(
                DECODER,
                buffer(wire),
                wire.length,
                new Socks4Request(Command.CONNECT, HostPort.ofName("www.example.com", 80), ""));
    }

    @Test
    void addressZeroIsPlainSocks4() {
        assertStreamDecodes(
                DECODER,
                hex("04 02 00 00 00 00 00 00 00"),
                new Socks4Request(Command.BIND, HostPort.of(ip("0.0.0.0"), 0), ""));
    }

    @Test
    void emptyUserIdAndEdgePorts() {
        assertStreamDecodes(
                DECODER,
                hex("04 01 00 01 7F 00 00 01 00"),
                new Socks4Request(Command.CONNECT, HostPort.of(ip("127.0.0.1"), 1), ""));
        assertStreamDecodes(
                DECODER,
                hex("04 02 FF FF 7F 00 00 01 00"),
                new Socks4Request(Command.BIND, HostPort.of(ip("127.0.0.1"), 65535), ""));
    }

    @Test
    void utf8UserId() {
        Socks4Request request = new Socks4Request(Command.CONNECT, HostPort.of(ip("10.0.0.1"), 22), "Jürgen");
        assertStreamDecodes(DECODER, hex("04 01 00 16 0A 00 00 01 4A C3 BC 72 67 65 6E 00"), request);
    }

    @Test
    void malformedUtf8UserIdIsReplacedNotRefused() {
        byte[] wire = hex("04 01 00 16 0A 00 00 01 61 FF 62 00");
        assertDone(
                DECODER,
                buffer(wire),
                wire.length,
                new Socks4Request(Command.CONNECT, HostPort.of(ip("10.0.0.1"), 22), "a\uFFFDb"));
    }

    @Test
    void userIdOf255BytesIsAccepted() {
        String user = "u".repeat(255);
        byte[] wire = concat(hex("04 01 00 50 0A 00 00 01"), repeat('u', 255), hex("00"));
        assertStreamDecodes(DECODER, wire, new Socks4Request(Command.CONNECT, HostPort.of(ip("10.0.0.1"), 80), user));
    }

    @Test
    void userIdWithoutNulFailsAt256Bytes() {
        assertNeedsMore(DECODER, concat(hex("04 01 00 50 0A 00 00 01"), repeat('u', 255)));
        byte[] wire = concat(hex("04 01 00 50 0A 00 00 01"), repeat('u', 256));
        assertEquals(8 + 256, wire.length);
        assertFails(DECODER, wire, Reason.FIELD_TOO_LONG);
    }

    @Test
    void nameOf255BytesIsAccepted() {
        String name = "n".repeat(255);
        byte[] wire = concat(hex("04 01 00 50 00 00 00 01 00"), repeat('n', 255), hex("00"));
        assertStreamDecodes(DECODER, wire, new Socks4Request(Command.CONNECT, HostPort.ofName(name, 80), ""));
    }

    @Test
    void nameWithoutNulFailsAt256Bytes() {
        assertNeedsMore(DECODER, concat(hex("04 01 00 50 00 00 00 01 00"), repeat('n', 255)));
        assertFails(DECODER, concat(hex("04 01 00 50 00 00 00 01 00"), repeat('n', 256)), Reason.FIELD_TOO_LONG);
    }

    @Test
    void emptyName() {
        assertFails(DECODER, hex("04 01 00 50 00 00 00 01 46 72 65 64 00 00"), Reason.EMPTY_FIELD);
    }

    @Test
    void illegalCharactersInName() {
        for (String bad : new String[] {"20", "7F", "80", "E2", "09"}) {
            assertFails(DECODER, hex("04 01 00 50 00 00 00 01 00 61 " + bad + " 62 00"), Reason.ILLEGAL_CHARACTER);
            assertFails(DECODER, hex("04 01 00 50 00 00 00 01 00 61 " + bad), Reason.ILLEGAL_CHARACTER);
        }
    }

    @Test
    void badVersion() {
        assertFails(DECODER, hex("05"), Reason.BAD_VERSION);
        assertFails(DECODER, hex("05 01 00 50 42 66 07 63 00"), Reason.BAD_VERSION);
    }

    @Test
    void unknownCommandIsReportedAtOnce() {
        assertFails(DECODER, hex("04 03"), Reason.UNSUPPORTED_COMMAND);
        assertFails(DECODER, hex("04 00 00 50 42 66 07 63 00"), Reason.UNSUPPORTED_COMMAND);
    }

    @Test
    void encodingRejectsWhatSocks4CannotCarry() {
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new Socks4Request(Command.CONNECT, HostPort.of(ip("::1"), 80), "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new Socks4Request(Command.CONNECT, HostPort.of(ip("10.0.0.1"), 80), "x".repeat(256))));
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new Socks4Request(Command.CONNECT, HostPort.of(ip("10.0.0.1"), 80), "a\0b")));
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new Socks4Request(Command.CONNECT, HostPort.ofName("bad name", 80), "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Socks4Request(Command.UDP_ASSOCIATE, HostPort.of(ip("10.0.0.1"), 80), ""));
    }
}
