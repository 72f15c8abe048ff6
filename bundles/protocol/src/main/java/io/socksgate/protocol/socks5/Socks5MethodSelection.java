package io.socksgate.protocol.socks5;

import io.socksgate.protocol.SocksMessage;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The server's answer to a greeting: {@code VER=05 METHOD} (RFC 1928 section 3).
 *
 * @param method the chosen {@link Socks5AuthMethod} code, or {@link Socks5AuthMethod#NO_ACCEPTABLE}
 */
public record Socks5MethodSelection(int method) implements SocksMessage {

    public Socks5MethodSelection {
        if (method < 0 || method > 255) {
            throw new IllegalArgumentException("method out of range: " + method);
        }
    }

    @Override
    public void encode(IoBuffer out) {
        out.put((byte) 0x05);
        out.put((byte) method);
    }
}
