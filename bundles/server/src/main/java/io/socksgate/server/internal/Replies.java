package io.socksgate.server.internal;

import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.protocol.socks4.Socks4Reply;
import io.socksgate.protocol.socks4.Socks4ReplyCode;
import io.socksgate.protocol.socks5.Socks5Reply;
import io.socksgate.protocol.socks5.Socks5ReplyCode;
import java.net.InetSocketAddress;
import org.apache.mina.core.buffer.IoBuffer;

/** The reply to a request in the protocol the client spoke. */
final class Replies {

    private Replies() {}

    static IoBuffer success(Protocol protocol, InetSocketAddress bound) {
        return protocol == Protocol.SOCKS4
                ? new Socks4Reply(Socks4ReplyCode.GRANTED, bound).toBuffer()
                : new Socks5Reply(Socks5ReplyCode.SUCCEEDED, HostPort.of(bound)).toBuffer();
    }

    /** The failure reply as the log shows it: {@code 05 CONNECTION_REFUSED} or {@code 5B}. */
    static String describe(Protocol protocol, Socks5ReplyCode code) {
        return protocol == Protocol.SOCKS4 ? "5B" : String.format("%02X %s", code.code(), code);
    }

    /** SOCKS4 has a single failure code; SOCKS5 says why. */
    static IoBuffer failure(Protocol protocol, Socks5ReplyCode code) {
        return protocol == Protocol.SOCKS4
                ? Socks4Reply.rejected().toBuffer()
                : Socks5Reply.failure(code).toBuffer();
    }
}
