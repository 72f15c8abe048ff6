package io.socksgate.protocol.socks5;

import io.socksgate.api.Command;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Server side: decodes a {@link Socks5Request}; see {@link MessageDecoder} for the contract. An
 * unknown command or address type is reported as soon as its byte arrives, so the client gets its
 * specific error reply without the proxy waiting on an address it could never use.
 */
public final class Socks5RequestDecoder implements MessageDecoder<Socks5Request> {

    public static final Socks5RequestDecoder INSTANCE = new Socks5RequestDecoder();

    @Override
    public DecodeResult<Socks5Request> decode(IoBuffer buffer) {
        WireCursor in = new WireCursor(buffer);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int version = in.u8();
        if (version != 0x05) {
            return DecodeResult.failed(Reason.BAD_VERSION, String.format("version 0x%02x, expected 0x05", version));
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int code = in.u8();
        Command command =
                switch (code) {
                    case 0x01 -> Command.CONNECT;
                    case 0x02 -> Command.BIND;
                    case 0x03 -> Command.UDP_ASSOCIATE;
                    default -> null;
                };
        if (command == null) {
            return DecodeResult.failed(Reason.UNSUPPORTED_COMMAND, String.format("command 0x%02x", code));
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        // RSV must be 0x00, but its value carries no meaning: refusing clients that fill it would
        // gain nothing, so it is ignored (re-encoding writes 0x00).
        in.skip(1);
        return in.commitIfDone(AddressCodec.decode(in).map(destination -> new Socks5Request(command, destination)));
    }
}
