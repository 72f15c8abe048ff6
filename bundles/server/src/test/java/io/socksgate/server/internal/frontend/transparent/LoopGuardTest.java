package io.socksgate.server.internal.frontend.transparent;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.config.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class LoopGuardTest {

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(IpLiterals.parse(ip), port);
    }

    /** A host with 127.0.0.1, ::1 and 10.77.0.1. */
    private static final Predicate<InetAddress> HOST = address ->
            address.isLoopbackAddress() || Set.of(IpLiterals.parse("10.77.0.1")).contains(address);

    private static final Predicate<InetAddress> NEVER_ASKED = address -> {
        throw new AssertionError("this host's addresses were read for " + address);
    };

    @Test
    void aDirectConnectionToTheListenerLoops() {
        // SO_ORIGINAL_DST of a connection nobody redirected is the listener's own address
        LoopGuard guard = new LoopGuard(List.of(at("127.0.0.1", 12345), at("::1", 12345)));
        assertThat(guard.needsHostAddresses(at("127.0.0.1", 12345))).isFalse();
        assertThat(guard.loops(at("127.0.0.1", 12345), NEVER_ASKED))
                .isEqualTo("the original destination 127.0.0.1:12345 is a listener of this Socksgate");
        assertThat(guard.loops(at("::1", 12345), NEVER_ASKED))
                .isEqualTo("the original destination [::1]:12345 is a listener of this Socksgate");
    }

    @Test
    void anotherListenersAddressLoopsToo() {
        LoopGuard guard = new LoopGuard(List.of(at("127.0.0.1", 12345), at("10.77.0.1", 1080)));
        assertThat(guard.loops(at("10.77.0.1", 1080), NEVER_ASKED)).contains("10.77.0.1:1080");
    }

    @Test
    void otherDestinationsPass() {
        LoopGuard guard = new LoopGuard(List.of(at("127.0.0.1", 12345), at("10.77.0.1", 1080)));
        assertThat(guard.loops(at("10.77.0.1", 8080), NEVER_ASKED)).isNull();
        assertThat(guard.loops(at("10.77.0.2", 1080), NEVER_ASKED)).isNull();
        assertThat(guard.loops(at("192.0.2.7", 12345), NEVER_ASKED)).isNull();
    }

    @Test
    void aWildcardListenerCoversEveryAddressOfThisHostOnItsPort() {
        LoopGuard guard = new LoopGuard(List.of(at("0.0.0.0", 1080), at("127.0.0.1", 12345)));
        assertThat(guard.needsHostAddresses(at("10.77.0.1", 1080))).isTrue();
        assertThat(guard.needsHostAddresses(at("10.77.0.1", 8080))).isFalse();
        assertThat(guard.loops(at("10.77.0.1", 1080), HOST))
                .isEqualTo("the original destination 10.77.0.1:1080 is an address of this host where a listener"
                        + " of this Socksgate is bound to 0.0.0.0:1080");
        assertThat(guard.loops(at("192.0.2.7", 1080), HOST)).isNull();
        // Java's :: takes IPv4 too
        assertThat(new LoopGuard(List.of(at("::", 1080))).loops(at("10.77.0.1", 1080), HOST))
                .isNotNull();
    }
}
