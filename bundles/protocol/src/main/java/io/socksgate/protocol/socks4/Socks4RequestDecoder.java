package io.socksgate.protocol.socks4;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.HostNames;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Server side: decodes a {@link Socks4Request}; see {@link MessageDecoder} for the contract.
 *
 * <p>SOCKS4 has no length fields, only NUL terminators, so the two variable fields are capped at
 * 255 bytes: without a cap a client could make the proxy buffer forever. A field with no NUL in
 * its first 256 bytes fails as {@code FIELD_TOO_LONG} as soon as those bytes are present.
 */
public final class Socks4RequestDecoder implements MessageDecoder<Socks4Request> {

    public static final Socks4RequestDecoder INSTANCE = new Socks4RequestDecoder();

    /** Scan result: no NUL yet, but the field may still end within its limit. */
    private static final int INCOMPLETE = -1;
    /** Scan result: the field's limit passed without a NUL. */
    private static final int TOO_LONG = -2;

    @Override
    public DecodeResult<Socks4Request> decode(IoBuffer buffer) {
        WireCursor in = new WireCursor(buffer);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int version = in.u8();
        if (version != 0x04) {
            return DecodeResult.failed(Reason.BAD_VERSION, String.format("version 0x%02x, expected 0x04", version));
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int code = in.u8();
        Command command =
                switch (code) {
                    case 0x01 -> Command.CONNECT;
                    case 0x02 -> Command.BIND;
                    default -> null;
                };
        if (command == null) {
            return DecodeResult.failed(Reason.UNSUPPORTED_COMMAND, String.format("command 0x%02x", code));
        }
        if (!in.has(6)) {
            return DecodeResult.needMore();
        }
        int port = in.u16();
        byte[] ip = in.bytes(4);

        int userLength = findNul(in, Socks4Request.MAX_USER_ID_LENGTH);
        if (userLength == TOO_LONG) {
            return DecodeResult.failed(Reason.FIELD_TOO_LONG, "user id longer than 255 bytes");
        }
        if (userLength == INCOMPLETE) {
            return DecodeResult.needMore();
        }
        // The user id is only logged and matched, never trusted, so malformed UTF-8 is replaced
        // rather than refused.
        String userId = new String(in.bytes(userLength), StandardCharsets.UTF_8);
        in.skip(1);

        if (!isSocks4a(ip)) {
            return in.commitIfDone(DecodeResult.done(new Socks4Request(command, HostPort.of(ipv4(ip), port), userId)));
        }
        int nameLength = findNul(in, HostNames.MAX_LENGTH);
        if (nameLength == 0) {
            return DecodeResult.failed(Reason.EMPTY_FIELD, "host name of length 0");
        }
        // Checked before the length verdicts so an illegal byte is reported as soon as it arrives.
        int scanned = nameLength >= 0 ? nameLength : Math.min(in.remaining(), HostNames.MAX_LENGTH + 1);
        for (int i = 0; i < scanned; i++) {
            if (!HostNames.isLegal(in.peek(i))) {
                return DecodeResult.failed(Reason.ILLEGAL_CHARACTER, "illegal character in host name at index " + i);
            }
        }
        if (nameLength == TOO_LONG) {
            return DecodeResult.failed(Reason.FIELD_TOO_LONG, "host name longer than 255 bytes");
        }
        if (nameLength == INCOMPLETE) {
            return DecodeResult.needMore();
        }
        String name = HostNames.decode(in.bytes(nameLength));
        in.skip(1);
        return in.commitIfDone(DecodeResult.done(new Socks4Request(command, HostPort.ofName(name, port), userId)));
    }

    /**
     * The length of the NUL-terminated field at the cursor: its length when the NUL is within
     * {@code maxLength} bytes, {@link #TOO_LONG} once {@code maxLength + 1} bytes are present
     * without one, else {@link #INCOMPLETE}.
     */
    private static int findNul(WireCursor in, int maxLength) {
        int scan = Math.min(in.remaining(), maxLength + 1);
        for (int i = 0; i < scan; i++) {
            if (in.peek(i) == 0) {
                return i;
            }
        }
        return scan > maxLength ? TOO_LONG : INCOMPLETE;
    }

    /** SOCKS4a marks a name to follow with the otherwise meaningless address 0.0.0.x, x != 0. */
    private static boolean isSocks4a(byte[] ip) {
        return ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0;
    }

    private static InetAddress ipv4(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are a valid IPv4 address", e);
        }
    }
}
