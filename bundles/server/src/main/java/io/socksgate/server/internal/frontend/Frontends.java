package io.socksgate.server.internal.frontend;

import io.socksgate.api.Protocol;
import io.socksgate.server.internal.listener.ListenerSettings;

/**
 * Picks a client's front-end by the first byte it sends, among the protocols its listener
 * serves: {@code 0x04} SOCKS4, {@code 0x05} SOCKS5, {@code A}–{@code Z} an HTTP method. Every
 * other first byte, or one of a protocol the listener does not serve, picks nothing.
 */
public final class Frontends {

    private final Frontend socks4;
    private final Frontend socks5;
    private final Frontend http;

    public Frontends(Frontend socks4, Frontend socks5, Frontend http) {
        this.socks4 = socks4;
        this.socks5 = socks5;
        this.http = http;
    }

    /** The front-end for a client whose first byte is {@code first}, or null. */
    public Frontend select(int first, ListenerSettings settings) {
        Frontend candidate;
        if (first == 0x05) {
            candidate = socks5;
        } else if (first == 0x04) {
            candidate = socks4;
        } else if (first >= 'A' && first <= 'Z') {
            candidate = http;
        } else {
            return null;
        }
        Protocol protocol = candidate == null ? null : candidate.protocol();
        return protocol != null && settings.accepts(protocol) ? candidate : null;
    }
}
