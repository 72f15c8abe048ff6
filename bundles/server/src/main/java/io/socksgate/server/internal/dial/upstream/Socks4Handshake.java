package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.socks4.Socks4Reply;
import io.socksgate.protocol.socks4.Socks4ReplyCode;
import io.socksgate.protocol.socks4.Socks4ReplyDecoder;
import io.socksgate.protocol.socks4.Socks4Request;
import io.socksgate.server.internal.exchange.Failure;
import org.apache.mina.core.buffer.IoBuffer;

/** CONNECT through a SOCKS4 server, as SOCKS4a for a name: one request, one reply. */
final class Socks4Handshake extends BufferedHandshake {

    private final HostPort target;
    private final String userId;

    /**
     * @param target an IPv4 address or a name ({@link Handshakes#refusal} refuses IPv6 before
     *     connecting)
     * @param userId the USERID field, or null for an empty one
     */
    Socks4Handshake(HostPort target, String userId) {
        this.target = target;
        this.userId = userId == null ? "" : userId;
    }

    /**
     * The one table of SOCKS4 replies: 5B (rejected or failed) is the server's verdict on the
     * destination; 5C and 5D are about identd on this server, which another may not ask for.
     */
    static HandshakeStep.Outcome outcome(Socks4ReplyCode code) {
        String reason = String.format("the upstream replied 0x%02X (%s)", code.code(), code);
        return switch (code) {
            case GRANTED -> throw new IllegalArgumentException("not a failure");
            case REJECTED -> new HandshakeStep.DestinationFailed(Failure.REFUSED, reason);
            case NO_IDENTD, IDENTD_MISMATCH -> new HandshakeStep.ServerFailed(reason);
        };
    }

    @Override
    public IoBuffer start() {
        return new Socks4Request(Command.CONNECT, target, userId).toBuffer();
    }

    @Override
    HandshakeStep decode(IoBuffer in) {
        DecodeResult<Socks4Reply> result = Socks4ReplyDecoder.INSTANCE.decode(in);
        if (result instanceof DecodeResult.Failed<Socks4Reply> failed) {
            return new HandshakeStep.ServerFailed("malformed SOCKS4 reply from the upstream: "
                    + failed.failure().detail());
        }
        if (!(result instanceof DecodeResult.Done<Socks4Reply> done)) {
            return HandshakeStep.WAIT;
        }
        Socks4ReplyCode code = done.message().code();
        return code == Socks4ReplyCode.GRANTED ? succeeded(in) : outcome(code);
    }
}
