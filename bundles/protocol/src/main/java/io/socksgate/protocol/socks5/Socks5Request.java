package io.socksgate.protocol.socks5;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.SocksMessage;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A SOCKS5 request: {@code VER=05 CMD RSV=00 ATYP DST.ADDR DST.PORT} (RFC 1928 section 4).
 *
 * @param command CONNECT (1), BIND (2) or UDP ASSOCIATE (3)
 * @param destination as the client named it; port 0 is legal here (UDP ASSOCIATE and BIND use it)
 */
public record Socks5Request(Command command, HostPort destination) implements SocksMessage {

    public Socks5Request {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(destination, "destination");
    }

    @Override
    public void encode(IoBuffer out) {
        out.put((byte) 0x05);
        out.put((byte) code(command));
        out.put((byte) 0x00);
        AddressCodec.encode(out, destination);
    }

    static int code(Command command) {
        return switch (command) {
            case CONNECT -> 0x01;
            case BIND -> 0x02;
            case UDP_ASSOCIATE -> 0x03;
        };
    }
}
