package io.socksgate.protocol.socks5;

import io.socksgate.protocol.SocksMessage;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The client's first SOCKS5 message: {@code VER=05 NMETHODS METHODS...} (RFC 1928 section 3).
 *
 * @param methods the offered {@link Socks5AuthMethod} codes in the client's order (which is its
 *     preference), 1 to 255 of them, each 0 to 255; stored as an immutable copy
 */
public record Socks5Greeting(List<Integer> methods) implements SocksMessage {

    public Socks5Greeting {
        methods = List.copyOf(methods);
        if (methods.isEmpty() || methods.size() > 255) {
            throw new IllegalArgumentException("a greeting offers 1 to 255 methods, not " + methods.size());
        }
        for (int method : methods) {
            if (method < 0 || method > 255) {
                throw new IllegalArgumentException("method out of range: " + method);
            }
        }
    }

    /** Whether the client offers {@code method}. */
    public boolean offers(int method) {
        return methods.contains(method);
    }

    @Override
    public void encode(IoBuffer out) {
        out.put((byte) 0x05);
        out.put((byte) methods.size());
        for (int method : methods) {
            out.put((byte) method);
        }
    }
}
