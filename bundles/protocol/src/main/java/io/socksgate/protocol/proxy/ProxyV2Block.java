package io.socksgate.protocol.proxy;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.WireCursor;
import io.socksgate.protocol.proxy.ProxyHeader.Command;
import io.socksgate.protocol.proxy.ProxyHeader.Family;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.net.InetSocketAddress;

/**
 * The v2 binary header (proxy-protocol.txt section 2.2): the 12-byte {@link #SIGNATURE}, a
 * version and command byte, a family and transport byte, a 16-bit length, then that many bytes of
 * addresses and TLVs.
 *
 * <ul>
 *   <li>Each fixed field fails as soon as its byte arrives: a version other than 2 ({@code
 *       BAD_VERSION}), a command other than LOCAL or PROXY ({@code UNSUPPORTED_COMMAND}), a family
 *       above AF_UNIX or a transport above DGRAM ({@code UNSUPPORTED_ADDRESS_TYPE}), all of which
 *       the spec says to reject.
 *   <li>A length over {@value ProxyHeader#MAX_V2_PAYLOAD} fails with {@code HEADER_TOO_LARGE} as
 *       soon as it is read, and one too short for its family's addresses with {@code MALFORMED},
 *       before any of those bytes is waited for.
 *   <li>PROXY over TCP4 or TCP6 gives the addresses. The other valid families, AF_UNSPEC, UDP and
 *       UNIX, are UNKNOWN: the spec lets a receiver that does not support them fall back to
 *       UNSPEC, the real connection's endpoints, and a TCP listener has no use for a UDP or UNIX
 *       peer's address. The client then is the balancer itself, which a rule can only trust as
 *       much as the balancer, never as a forged client.
 *   <li>LOCAL (a balancer's health check) ignores the family and skips the whole block, as the
 *       spec says to, whatever its length.
 *   <li>Whenever the family fixes the address block's size (TCP, UDP, UNIX), the TLVs after it are
 *       skipped, not interpreted (CRC32C included), but must tile the rest exactly: a TLV header
 *       or value running past the declared length is {@code MALFORMED}.
 * </ul>
 */
final class ProxyV2Block {

    /** {@code \r\n\r\n\0\r\nQUIT\n}. */
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    static final int VERSION = 2;
    static final int CMD_LOCAL = 0x0;
    static final int CMD_PROXY = 0x1;
    static final int AF_UNSPEC = 0x0;
    static final int AF_INET = 0x1;
    static final int AF_INET6 = 0x2;
    static final int AF_UNIX = 0x3;
    static final int TRANSPORT_UNSPEC = 0x0;
    static final int TRANSPORT_STREAM = 0x1;
    static final int TRANSPORT_DGRAM = 0x2;

    private static final int VER_CMD = 12;
    private static final int FAMILY = 13;
    private static final int LENGTH = 14;
    private static final int TLV_HEADER = 3;

    private ProxyV2Block() {}

    /** Decodes the header whose {@link #SIGNATURE} is at the cursor; the cursor does not move. */
    static DecodeResult<ProxyHeader> decode(WireCursor in) {
        if (!in.has(VER_CMD + 1)) {
            return DecodeResult.needMore();
        }
        int verCmd = in.peek(VER_CMD);
        if (verCmd >> 4 != VERSION) {
            return DecodeResult.failed(
                    Reason.BAD_VERSION,
                    String.format("PROXY v2 header: version %d at offset %d, expected 2", verCmd >> 4, VER_CMD));
        }
        int commandCode = verCmd & 0x0F;
        if (commandCode != CMD_LOCAL && commandCode != CMD_PROXY) {
            return DecodeResult.failed(
                    Reason.UNSUPPORTED_COMMAND,
                    String.format(
                            "PROXY v2 header: command 0x%x at offset %d (LOCAL 0 and PROXY 1 are defined)",
                            commandCode, VER_CMD));
        }
        Command command = commandCode == CMD_PROXY ? Command.PROXY : Command.LOCAL;
        if (!in.has(FAMILY + 1)) {
            return DecodeResult.needMore();
        }
        int familyByte = in.peek(FAMILY);
        int family = familyByte >> 4;
        int transport = familyByte & 0x0F;
        if (command == Command.PROXY && (family > AF_UNIX || transport > TRANSPORT_DGRAM)) {
            return DecodeResult.failed(
                    Reason.UNSUPPORTED_ADDRESS_TYPE,
                    String.format(
                            "PROXY v2 header: family and transport byte 0x%02x at offset %d", familyByte, FAMILY));
        }
        if (!in.has(LENGTH + 2)) {
            return DecodeResult.needMore();
        }
        int length = (in.peek(LENGTH) << 8) | in.peek(LENGTH + 1);
        if (length > ProxyHeader.MAX_V2_PAYLOAD) {
            return DecodeResult.failed(
                    Reason.HEADER_TOO_LARGE,
                    "PROXY v2 header: declared length " + length + " is over " + ProxyHeader.MAX_V2_PAYLOAD);
        }
        int addressLength = command == Command.PROXY ? addressLength(family, transport) : -1;
        if (addressLength > length) {
            return DecodeResult.failed(
                    Reason.MALFORMED,
                    String.format(
                            "PROXY v2 header: declared length %d is shorter than the %d address bytes of family 0x%02x",
                            length, addressLength, familyByte));
        }
        int total = ProxyHeader.V2_FIXED_LENGTH + length;
        if (!in.has(total)) {
            return DecodeResult.needMore();
        }
        if (addressLength >= 0) {
            DecodeResult<ProxyHeader> badTlv = checkTlvs(in, ProxyHeader.V2_FIXED_LENGTH + addressLength, total);
            if (badTlv != null) {
                return badTlv;
            }
        }
        ProxyHeader header;
        if (command == Command.PROXY && transport == TRANSPORT_STREAM && (family == AF_INET || family == AF_INET6)) {
            int size = family == AF_INET ? 4 : 16;
            int at = ProxyHeader.V2_FIXED_LENGTH;
            byte[] source = bytes(in, at, size);
            byte[] destination = bytes(in, at + size, size);
            int sourcePort = u16(in, at + 2 * size);
            int destinationPort = u16(in, at + 2 * size + 2);
            header = ProxyHeader.proxy(
                    Version.V2,
                    family == AF_INET ? Family.TCP4 : Family.TCP6,
                    new InetSocketAddress(AddressText.inet(source), sourcePort),
                    new InetSocketAddress(AddressText.inet(destination), destinationPort),
                    total);
        } else {
            header = ProxyHeader.unknown(Version.V2, command, total);
        }
        in.skip(total);
        return DecodeResult.done(header);
    }

    /**
     * The size of the address block for a family and transport the spec lists, or -1 when either
     * is UNSPEC, whose address information the receiver ignores (so where TLVs start is unknown).
     */
    static int addressLength(int family, int transport) {
        if (family == AF_UNSPEC || transport == TRANSPORT_UNSPEC) {
            return -1;
        }
        return switch (family) {
            case AF_INET -> 2 * 4 + 2 * 2;
            case AF_INET6 -> 2 * 16 + 2 * 2;
            default -> 2 * 108;
        };
    }

    /** Null when TLVs exactly fill {@code [from, to)}; else the failure. */
    private static DecodeResult<ProxyHeader> checkTlvs(WireCursor in, int from, int to) {
        int at = from;
        while (at < to) {
            if (to - at < TLV_HEADER) {
                return DecodeResult.failed(
                        Reason.MALFORMED,
                        "PROXY v2 header: " + (to - at) + " bytes at offset " + at + " are too few for a TLV");
            }
            int valueLength = u16(in, at + 1);
            if (valueLength > to - at - TLV_HEADER) {
                return DecodeResult.failed(
                        Reason.MALFORMED,
                        String.format(
                                "PROXY v2 header: TLV of type 0x%02x at offset %d declares %d bytes, %d remain",
                                in.peek(at), at, valueLength, to - at - TLV_HEADER));
            }
            at += TLV_HEADER + valueLength;
        }
        return null;
    }

    private static byte[] bytes(WireCursor in, int at, int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) in.peek(at + i);
        }
        return bytes;
    }

    private static int u16(WireCursor in, int at) {
        return (in.peek(at) << 8) | in.peek(at + 1);
    }
}
