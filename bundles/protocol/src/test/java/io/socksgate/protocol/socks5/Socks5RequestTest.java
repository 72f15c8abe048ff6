package io.socksgate.protocol.socks5;

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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

/** SOCKS5 requests (RFC 1928 section 4). */
class Socks5RequestTest {

    private static final Socks5RequestDecoder DECODER = Socks5RequestDecoder.INSTANCE;

    @Test
    void connectIpv4() {
        assertStreamDecodes(
                DECODER,
                hex("05 01 00 01 C0 A8 01 02 00 50"),
                new Socks5Request(Command.CONNECT, HostPort.of(ip("192.168.1.2"), 80)));
    }

    @Test
    void connectIpv6() {
        Socks5Request request = new Socks5Request(Command.CONNECT, HostPort.of(ip("2001:db8::1"), 443));
        assertStreamDecodes(DECODER, hex("05 01 00 04 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 01 01 BB"), request);
        assertInstanceOf(Inet6Address.class, request.destination().address());
    }

    @Test
    void connectDomain() {
        assertStreamDecodes(
                DECODER,
                hex("05 01 00 03 0B 65 78 61 6D 70 6C 65 2E 63 6F 6D 00 50"),
                new Socks5Request(Command.CONNECT, HostPort.ofName("example.com", 80)));
    }

    @Test
    void domainOf255Bytes() {
        String name = "a".repeat(255);
        byte[] wire = concat(hex("05 01 00 03 FF"), repeat('a', 255), hex("01 BB"));
        assertStreamDecodes(DECODER, wire, new Socks5Request(Command.CONNECT, HostPort.ofName(name, 443)));
    }

    @Test
    void everyPrintableCharacterIsAllowedInNames() {
        StringBuilder name = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            name.append(c);
        }
        Socks5Request request = new Socks5Request(Command.CONNECT, HostPort.ofName(name.toString(), 1));
        assertStreamDecodes(DECODER, encode(request), request);
    }

    @Test
    void portsAtTheEdges() {
        assertStreamDecodes(
                DECODER,
                hex("05 01 00 01 0A 00 00 01 00 01"),
                new Socks5Request(Command.CONNECT, HostPort.of(ip("10.0.0.1"), 1)));
        assertStreamDecodes(
                DECODER,
                hex("05 01 00 01 0A 00 00 01 FF FF"),
                new Socks5Request(Command.CONNECT, HostPort.of(ip("10.0.0.1"), 65535)));
    }

    @Test
    void portZeroIsAcceptedForUdpAssociateAndBind() {
        assertStreamDecodes(
                DECODER,
                hex("05 03 00 01 00 00 00 00 00 00"),
                new Socks5Request(Command.UDP_ASSOCIATE, HostPort.of(ip("0.0.0.0"), 0)));
        assertStreamDecodes(
                DECODER, hex("05 02 00 03 01 68 00 00"), new Socks5Request(Command.BIND, HostPort.ofName("h", 0)));
    }

    @Test
    void reservedByteIsIgnored() {
        byte[] wire = hex("05 01 7F 01 7F 00 00 01 00 50");
        Socks5Request request = new Socks5Request(Command.CONNECT, HostPort.of(ip("127.0.0.1"), 80));
        assertDone(DECODER, buffer(wire), wire.length, request);
        assertArrayEquals(hex("05 01 00 01 7F 00 00 01 00 50"), encode(request));
    }

    /** getByAddress maps ::ffff:a.b.c.d to IPv4, so the request re-encodes with ATYP 1. */
    @Test
    void ipv4MappedIpv6BecomesIpv4() {
        byte[] wire = hex("05 01 00 04 00 00 00 00 00 00 00 00 00 00 FF FF 01 02 03 04 00 50");
        Socks5Request request = new Socks5Request(Command.CONNECT, HostPort.of(ip("1.2.3.4"), 80));
        assertDone(DECODER, buffer(wire), wire.length, request);
        assertInstanceOf(Inet4Address.class, request.destination().address());
        assertArrayEquals(hex("05 01 00 01 01 02 03 04 00 50"), encode(request));
    }

    @Test
    void badVersion() {
        assertFails(DECODER, hex("04"), Reason.BAD_VERSION);
        assertFails(DECODER, hex("04 01 00 50 01 02 03 04 00"), Reason.BAD_VERSION);
    }

    @Test
    void unknownCommandIsReportedBeforeTheAddress() {
        assertFails(DECODER, hex("05 04"), Reason.UNSUPPORTED_COMMAND);
        assertFails(DECODER, hex("05 00"), Reason.UNSUPPORTED_COMMAND);
        assertFails(DECODER, hex("05 FF 00 01"), Reason.UNSUPPORTED_COMMAND);
    }

    @Test
    void unknownAddressTypeIsReportedAtOnce() {
        assertFails(DECODER, hex("05 01 00 02"), Reason.UNSUPPORTED_ADDRESS_TYPE);
        assertFails(DECODER, hex("05 01 00 00"), Reason.UNSUPPORTED_ADDRESS_TYPE);
        assertFails(DECODER, hex("05 01 00 05 01 02 03 04 00 50"), Reason.UNSUPPORTED_ADDRESS_TYPE);
    }

    @Test
    void emptyDomain() {
        assertFails(DECODER, hex("05 01 00 03 00"), Reason.EMPTY_FIELD);
        assertFails(DECODER, hex("05 01 00 03 00 00 50"), Reason.EMPTY_FIELD);
    }

    @Test
    void illegalCharactersInDomain() {
        for (String bad : new String[] {"00", "20", "7F", "80", "C3", "FF", "0A", "1F"}) {
            assertFails(DECODER, hex("05 01 00 03 03 61 " + bad + " 62 00 50"), Reason.ILLEGAL_CHARACTER);
            // Reported as soon as the byte is present, even though the name is not complete.
            assertFails(DECODER, hex("05 01 00 03 0A 61 " + bad), Reason.ILLEGAL_CHARACTER);
        }
    }

    @Test
    void partialDomainNeedsMore() {
        assertNeedsMore(DECODER, hex("05 01 00 03 0A 61 62"));
    }

    @Test
    void encodingRejectsIllegalNames() {
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new Socks5Request(Command.CONNECT, HostPort.ofName("a b", 80))));
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new Socks5Request(Command.CONNECT, HostPort.ofName("ä.example", 80))));
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new Socks5Request(Command.CONNECT, HostPort.ofName("a".repeat(256), 80))));
    }
}
