package io.socksgate.protocol.socks5;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Decodes the {@link Socks5UdpHeader} at the start of a whole datagram. Unlike the stream
 * decoders it never returns {@code NeedMore}: a datagram arrives complete, so a truncated header
 * is {@code MALFORMED}. On {@code Done} the position is at the first payload byte.
 */
public final class Socks5UdpHeaderDecoder implements MessageDecoder<Socks5UdpHeader> {

    public static final Socks5UdpHeaderDecoder INSTANCE = new Socks5UdpHeaderDecoder();

    @Override
    public DecodeResult<Socks5UdpHeader> decode(IoBuffer buffer) {
        WireCursor in = new WireCursor(buffer);
        if (!in.has(3)) {
            return truncated();
        }
        // RSV is ignored, as in requests: its value means nothing.
        in.skip(2);
        int fragment = in.u8();
        DecodeResult<Socks5UdpHeader> result =
                AddressCodec.decode(in).map(destination -> new Socks5UdpHeader(fragment, destination));
        if (result instanceof DecodeResult.NeedMore) {
            return truncated();
        }
        return in.commitIfDone(result);
    }

    private static DecodeResult<Socks5UdpHeader> truncated() {
        return DecodeResult.failed(Reason.MALFORMED, "truncated UDP header");
    }
}
