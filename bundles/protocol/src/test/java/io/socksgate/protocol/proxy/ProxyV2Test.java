package io.socksgate.protocol.proxy;

import static io.socksgate.protocol.DecoderAssertions.assertDone;
import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertNeedsMore;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.buffer;
import static io.socksgate.protocol.DecoderAssertions.concat;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.DecoderAssertions.repeat;
import static io.socksgate.protocol.proxy.ProxyV1Test.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.proxy.ProxyHeader.Command;
import io.socksgate.protocol.proxy.ProxyHeader.Family;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import io.socksgate.protocol.socks5.Socks5Greeting;
import io.socksgate.protocol.socks5.Socks5GreetingDecoder;
import java.net.Inet4Address;
import java.util.EnumSet;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** PROXY protocol version 2, the binary header (proxy-protocol.txt section 2.2). */
class ProxyV2Test {

    private static final ProxyHeaderDecoder DECODER = ProxyHeaderDecoder.INSTANCE;

    /** The 12-byte signature, \r\n\r\n\0\r\nQUIT\n. */
    static final String SIG = "0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A";

    /** 192.168.0.1:56324 to 192.168.0.11:443, the spec's v1 example in v2's address block. */
    static final String TCP4_BLOCK = "C0 A8 00 01  C0 A8 00 0B  DC 04  01 BB";

    /** 2001:db8::1:1234 to 2001:db8::2:443. */
    static final String TCP6_BLOCK = "20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 01"
            + " 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 02  04 D2  01 BB";

    private static ProxyHeader tcp4(int length) {
        return ProxyHeader.proxy(Version.V2, Family.TCP4, at("192.168.0.1", 56324), at("192.168.0.11", 443), length);
    }

    private static void assertHeader(byte[] wire, ProxyHeader expected) {
        assertEquals(wire.length, expected.length(), "vector length");
        assertStreamDecodes(DECODER, wire, expected);
        assertStreamDecodes(ProxyHeaderDecoder.accepting(EnumSet.of(Version.V2)), wire, expected);
    }

    @Test
    void proxyTcp4() {
        // ver_cmd 0x21: version 2, PROXY; fam 0x11: AF_INET, STREAM; len 12.
        assertHeader(hex(SIG + " 21 11 00 0C " + TCP4_BLOCK), tcp4(28));
    }

    @Test
    void proxyTcp6() {
        byte[] wire = hex(SIG + " 21 21 00 24 " + TCP6_BLOCK);
        assertHeader(
                wire, ProxyHeader.proxy(Version.V2, Family.TCP6, at("2001:db8::1", 1234), at("2001:db8::2", 443), 52));
    }

    /** An IPv4 client that a dual-stack balancer saw as ::ffff:a.b.c.d is that IPv4 client. */
    @Test
    void tcp6WithIpv4MappedAddresses() {
        byte[] wire = hex(SIG + " 21 21 00 24"
                + " 00 00 00 00 00 00 00 00 00 00 FF FF C0 00 02 01"
                + " 00 00 00 00 00 00 00 00 00 00 FF FF C0 00 02 02  00 01  00 02");
        ProxyHeader header = assertDone(
                DECODER,
                buffer(wire),
                wire.length,
                ProxyHeader.proxy(Version.V2, Family.TCP6, at("192.0.2.1", 1), at("192.0.2.2", 2), 52));
        assertInstanceOf(Inet4Address.class, header.source().getAddress());
    }

    /** TLVs after the addresses are skipped, and the header ends after them. */
    @Test
    void tlvsAreSkipped() {
        String noop = "04 00 03 00 00 00";
        String uniqueId = "05 00 04 01 02 03 04";
        String emptyAuthority = "02 00 00";
        // 12 + 6 + 7 + 3 = 28 = 0x1C
        byte[] wire = hex(SIG + " 21 11 00 1C " + TCP4_BLOCK + noop + uniqueId + emptyAuthority);
        assertHeader(wire, tcp4(44));
        // An SSL TLV with sub-TLVs, as HAProxy's send-proxy-v2-ssl sends: skipped whole.
        String ssl = "20 00 0C  01 00 00 00 00  21 00 04 54 4C 53 31";
        byte[] sslWire = hex(SIG + " 21 21 00 33 " + TCP6_BLOCK + ssl);
        assertHeader(
                sslWire,
                ProxyHeader.proxy(Version.V2, Family.TCP6, at("2001:db8::1", 1234), at("2001:db8::2", 443), 16 + 0x33));
    }

    /** The largest header: 1024 bytes of addresses and TLVs. */
    @Test
    void largestHeader() {
        byte[] wire = concat(hex(SIG + " 21 11 04 00 " + TCP4_BLOCK + " 04 03 F1"), repeat(0, 0x3F1));
        assertEquals(16 + 1024, wire.length);
        assertHeader(wire, tcp4(1040));
    }

    /** LOCAL: a health check; the block is skipped whatever it holds, and the real peer applies. */
    @Test
    void local() {
        ProxyHeader empty = ProxyHeader.unknown(Version.V2, Command.LOCAL, 16);
        assertHeader(hex(SIG + " 20 00 00 00"), empty);
        // The spec: receivers must not assume zero is presented for LOCAL.
        assertHeader(hex(SIG + " 20 11 00 0C " + TCP4_BLOCK), ProxyHeader.unknown(Version.V2, Command.LOCAL, 28));
        // The family is ignored for LOCAL, so are bytes that are not TLVs.
        assertHeader(hex(SIG + " 20 FF 00 02 AB CD"), ProxyHeader.unknown(Version.V2, Command.LOCAL, 18));
        assertEquals(at("10.1.1.1", 9), empty.clientOr(at("10.1.1.1", 9)));
    }

    /**
     * AF_UNSPEC, UDP and UNIX: the spec lets a receiver fall back to UNSPEC for the valid families
     * it does not support, so they are UNKNOWN: the real peer (the balancer) is the client.
     */
    @Test
    void familiesWithoutTcpAddressesAreUnknown() {
        assertHeader(hex(SIG + " 21 00 00 00"), ProxyHeader.unknown(Version.V2, Command.PROXY, 16));
        assertHeader(hex(SIG + " 21 00 00 03 01 02 03"), ProxyHeader.unknown(Version.V2, Command.PROXY, 19));
        assertHeader(hex(SIG + " 21 12 00 0C " + TCP4_BLOCK), ProxyHeader.unknown(Version.V2, Command.PROXY, 28));
        assertHeader(hex(SIG + " 21 22 00 24 " + TCP6_BLOCK), ProxyHeader.unknown(Version.V2, Command.PROXY, 52));
        byte[] unixStream = concat(hex(SIG + " 21 31 00 D8"), repeat('a', 216));
        assertHeader(unixStream, ProxyHeader.unknown(Version.V2, Command.PROXY, 16 + 216));
        byte[] unixDgramWithTlv = concat(hex(SIG + " 21 32 00 DB"), repeat('a', 216), hex("04 00 00"));
        assertHeader(unixDgramWithTlv, ProxyHeader.unknown(Version.V2, Command.PROXY, 16 + 219));
        // AF_INET with an UNSPEC transport: no ports, no usable address.
        assertHeader(
                hex(SIG + " 21 10 00 08 01 02 03 04 05 06 07 08"), ProxyHeader.unknown(Version.V2, Command.PROXY, 24));
    }

    /** The bytes after the header are the client's: here a SOCKS5 greeting, decoded next. */
    @Test
    void bytesAfterTheHeaderStay() {
        byte[] header = hex(SIG + " 21 11 00 0C " + TCP4_BLOCK);
        IoBuffer buffer = buffer(concat(header, hex("05 01 00")));
        assertDone(DECODER, buffer, header.length, tcp4(28));
        assertEquals(3, buffer.remaining());
        assertEquals(DecodeResult.done(new Socks5Greeting(List.of(0))), Socks5GreetingDecoder.INSTANCE.decode(buffer));
        assertEquals(0, buffer.remaining());
    }

    @Test
    void badVersionIsRefusedAtItsByte() {
        for (String verCmd : new String[] {"01", "11", "31", "F1", "00", "10"}) {
            assertFails(DECODER, hex(SIG + verCmd), Reason.BAD_VERSION);
        }
    }

    @Test
    void unassignedCommandIsRefusedAtItsByte() {
        for (String verCmd : new String[] {"22", "23", "2F"}) {
            assertFails(DECODER, hex(SIG + verCmd), Reason.UNSUPPORTED_COMMAND);
            assertFails(DECODER, hex(SIG + verCmd + " 11 00 0C" + TCP4_BLOCK), Reason.UNSUPPORTED_COMMAND);
        }
    }

    /** Family nibbles above AF_UNIX and transport nibbles above DGRAM must be rejected. */
    @Test
    void unspecifiedFamilyOrTransportIsRefusedAtItsByte() {
        for (String fam : new String[] {"41", "F1", "13", "1F", "40", "03", "FF"}) {
            assertFails(DECODER, hex(SIG + " 21 " + fam), Reason.UNSUPPORTED_ADDRESS_TYPE);
        }
    }

    /** A declared length over 1024 fails as soon as it is read, before any of those bytes. */
    @Test
    void lengthOver1024FailsAtOnce() {
        assertFails(DECODER, hex(SIG + " 21 11 04 01"), Reason.HEADER_TOO_LARGE);
        assertFails(DECODER, hex(SIG + " 21 11 FF FF"), Reason.HEADER_TOO_LARGE);
        assertFails(DECODER, hex(SIG + " 20 00 04 01"), Reason.HEADER_TOO_LARGE);
        assertNeedsMore(DECODER, hex(SIG + " 21 11 04 00"));
    }

    /** A length too short for the family's addresses fails as soon as it is read. */
    @Test
    void lengthTooShortForTheFamily() {
        assertFails(DECODER, hex(SIG + " 21 11 00 0B"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 11 00 00"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 21 00 23"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 21 00 0C " + TCP4_BLOCK), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 12 00 0B"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 22 00 0C"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 31 00 D7"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 32 00 0C"), Reason.MALFORMED);
    }

    /** The TLVs must exactly fill the declared length. */
    @Test
    void tlvsMustFitTheDeclaredLength() {
        // A TLV whose value runs past the end.
        assertFails(DECODER, hex(SIG + " 21 11 00 10 " + TCP4_BLOCK + " 04 00 02 00"), Reason.MALFORMED);
        // A TLV header cut short (1 or 2 bytes left).
        assertFails(DECODER, hex(SIG + " 21 11 00 0D " + TCP4_BLOCK + " 04"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 11 00 0E " + TCP4_BLOCK + " 04 00"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 11 00 12 " + TCP4_BLOCK + " 04 00 00 04 00 01"), Reason.MALFORMED);
        // The same on IPv6, UDP and UNIX, whose address blocks are known too.
        assertFails(DECODER, hex(SIG + " 21 21 00 25 " + TCP6_BLOCK + " 04"), Reason.MALFORMED);
        assertFails(DECODER, hex(SIG + " 21 12 00 0F " + TCP4_BLOCK + " 04 FF FF"), Reason.MALFORMED);
        assertFails(DECODER, concat(hex(SIG + " 21 31 00 D9"), repeat('a', 216), hex("04")), Reason.MALFORMED);
    }

    /** A partial header waits: it is below the bound, and TCP may split it anywhere. */
    @Test
    void partialHeaderNeedsMore() {
        assertNeedsMore(DECODER, hex(SIG + " 21 11 00 0C C0 A8"));
        assertNeedsMore(DECODER, hex(SIG + " 21 11 00"));
        assertNeedsMore(DECODER, hex(SIG + " 21"));
        assertNeedsMore(DECODER, hex(SIG));
    }
}
