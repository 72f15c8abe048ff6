package io.socksgate.protocol.proxy;

import static io.socksgate.protocol.proxy.ProxyV1Test.at;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socksgate.protocol.proxy.ProxyHeader.Command;
import io.socksgate.protocol.proxy.ProxyHeader.Family;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The record's invariants: addresses exactly when the header can name a client. */
class ProxyHeaderTest {

    private static final InetSocketAddress A = at("192.0.2.1", 1);

    @Test
    void invalidCombinationsThrow() {
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.proxy(Version.V2, Family.TCP4, A, null, 28));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.proxy(Version.V2, Family.UNKNOWN, A, A, 28));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProxyHeader(Version.V2, Command.LOCAL, Family.TCP4, A, A, 28));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.unknown(Version.V1, Command.LOCAL, 15));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.unknown(Version.V1, Command.PROXY, 108));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.unknown(Version.V2, Command.PROXY, 15));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.unknown(Version.V2, Command.PROXY, 1041));
        assertThrows(NullPointerException.class, () -> ProxyHeader.unknown(Version.V2, Command.PROXY, 16)
                .clientOr(null));
    }
}
