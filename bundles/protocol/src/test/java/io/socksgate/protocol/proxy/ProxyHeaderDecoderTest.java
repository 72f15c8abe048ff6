package io.socksgate.protocol.proxy;

import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertNeedsMore;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.proxy.ProxyV1Test.ascii;
import static io.socksgate.protocol.proxy.ProxyV2Test.SIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socksgate.protocol.DecodeFailure;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Recognising a header from its first bytes: v1's {@code "PROXY "} or v2's signature, never a
 * guess. A peer that sends anything else is refused at the first byte that rules both out.
 */
class ProxyHeaderDecoderTest {

    private static final ProxyHeaderDecoder BOTH = ProxyHeaderDecoder.INSTANCE;
    private static final ProxyHeaderDecoder V1 = ProxyHeaderDecoder.accepting(EnumSet.of(Version.V1));
    private static final ProxyHeaderDecoder V2 = ProxyHeaderDecoder.accepting(EnumSet.of(Version.V2));

    /**
     * Every prefix before byte {@code badOffset} needs more; with that byte the input is refused,
     * and the detail names the offset.
     */
    private static void assertRefusedAt(ProxyHeaderDecoder decoder, byte[] input, int badOffset, Reason reason) {
        for (int length = 0; length <= badOffset; length++) {
            assertNeedsMore(decoder, Arrays.copyOf(input, length));
        }
        for (int length = badOffset + 1; length <= input.length; length++) {
            DecodeFailure failure = assertFails(decoder, Arrays.copyOf(input, length), reason);
            assertTrue(failure.detail().contains("offset " + badOffset), failure.detail());
        }
    }

    @Test
    void otherProtocolsAreRefusedAtTheirFirstByte() {
        assertRefusedAt(BOTH, hex("05 01 00"), 0, Reason.MALFORMED);
        assertRefusedAt(BOTH, hex("04 01 00 50 7F 00 00 01 00"), 0, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("CONNECT a:1 HTTP/1.1\r\n\r\n"), 0, Reason.MALFORMED);
        assertRefusedAt(BOTH, hex("16 03 01 02 00"), 0, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("GET / HTTP/1.1\r\n"), 0, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("proxy TCP4"), 0, Reason.MALFORMED);
    }

    /** A signature is matched byte by byte; the first byte that differs ends it. */
    @Test
    void signaturesAreRefusedAtTheFirstWrongByte() {
        assertRefusedAt(BOTH, ascii("PRI * HTTP/2.0\r\n"), 2, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("POST / HTTP/1.1\r\n"), 1, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("PROXY\r\n"), 5, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("PROXYTCP4 1.2.3.4"), 5, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("\r\n\r\n\r\n"), 4, Reason.MALFORMED);
        assertRefusedAt(BOTH, ascii("\r\nGET"), 2, Reason.MALFORMED);
        byte[] signature = hex(SIG + " 21 11 00 0C C0 A8 00 01 C0 A8 00 0B DC 04 01 BB");
        for (int i = 0; i < 12; i++) {
            byte[] wrong = signature.clone();
            wrong[i] ^= 0x40;
            // A wrong first byte may still start v1 ('P' is 0x50, 0x0D ^ 0x40 is 'M'): either way
            // the input is refused at that byte.
            assertRefusedAt(BOTH, wrong, i, Reason.MALFORMED);
        }
    }

    /** The version not configured is refused at its first byte, with a detail that says so. */
    @Test
    void aVersionNotAcceptedIsRefusedAtItsFirstByte() {
        DecodeFailure v2OnV1 = assertFails(V1, hex("0D"), Reason.BAD_VERSION);
        assertTrue(v2OnV1.detail().contains("v2"), v2OnV1.detail());
        DecodeFailure v1OnV2 = assertFails(V2, ascii("P"), Reason.BAD_VERSION);
        assertTrue(v1OnV2.detail().contains("v1"), v1OnV2.detail());
        assertRefusedAt(V1, hex(SIG + " 21 00 00 00"), 0, Reason.BAD_VERSION);
        assertRefusedAt(V2, ascii("PROXY UNKNOWN\r\n"), 0, Reason.BAD_VERSION);
        assertRefusedAt(V1, hex("05 01 00"), 0, Reason.MALFORMED);
        assertRefusedAt(V2, hex("05 01 00"), 0, Reason.MALFORMED);
    }

    @Test
    void acceptedVersions() {
        assertEquals(EnumSet.allOf(Version.class), BOTH.versions());
        assertEquals(Set.of(Version.V1), V1.versions());
        assertEquals(Set.of(Version.V2), V2.versions());
        assertSame(BOTH, ProxyHeaderDecoder.accepting(EnumSet.allOf(Version.class)));
        assertSame(V1, ProxyHeaderDecoder.accepting(Set.of(Version.V1)));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeaderDecoder.accepting(Set.of()));
    }
}
