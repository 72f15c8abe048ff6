package io.socksgate.server.internal.frontend.socks;

import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.protocol.socks4.Socks4Reply;
import io.socksgate.protocol.socks4.Socks4ReplyCode;
import io.socksgate.protocol.socks5.Socks5Reply;
import io.socksgate.protocol.socks5.Socks5ReplyCode;
import io.socksgate.server.internal.exchange.Failure;
import java.net.InetSocketAddress;
import org.apache.mina.core.buffer.IoBuffer;

/** The reply to a request in the protocol the client spoke. */
final class SocksReplies {

    private SocksReplies() {}

    static IoBuffer success(Protocol protocol, InetSocketAddress bound) {
        return protocol == Protocol.SOCKS4
                ? new Socks4Reply(Socks4ReplyCode.GRANTED, bound).toBuffer()
                : new Socks5Reply(Socks5ReplyCode.SUCCEEDED, HostPort.of(bound)).toBuffer();
    }

    /** The failure reply as the log shows it: {@code 05 CONNECTION_REFUSED} or {@code 5B}. */
    static String describe(Protocol protocol, Failure failure) {
        Socks5ReplyCode code = socks5(failure);
        return protocol == Protocol.SOCKS4 ? "5B" : String.format("%02X %s", code.code(), code);
    }

    /** SOCKS4 has a single failure code; SOCKS5 says why. */
    static IoBuffer failure(Protocol protocol, Failure failure) {
        return protocol == Protocol.SOCKS4
                ? Socks4Reply.rejected().toBuffer()
                : Socks5Reply.failure(socks5(failure)).toBuffer();
    }

    /** RFC 1928 §6: the reply code for each failure. */
    static Socks5ReplyCode socks5(Failure failure) {
        return switch (failure) {
            case DENIED, AUTH_REQUIRED -> Socks5ReplyCode.NOT_ALLOWED;
            case REFUSED -> Socks5ReplyCode.CONNECTION_REFUSED;
            case HOST_UNREACHABLE -> Socks5ReplyCode.HOST_UNREACHABLE;
            case NETWORK_UNREACHABLE -> Socks5ReplyCode.NETWORK_UNREACHABLE;
            case TIMED_OUT -> Socks5ReplyCode.TTL_EXPIRED;
            case UNSUPPORTED -> Socks5ReplyCode.COMMAND_NOT_SUPPORTED;
            case ADDRESS_TYPE_UNSUPPORTED -> Socks5ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED;
            case LIMIT_REACHED, MALFORMED, TOO_LARGE, GENERAL -> Socks5ReplyCode.GENERAL_FAILURE;
        };
    }
}
