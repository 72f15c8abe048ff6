package io.socksgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which addresses a bind key accepts as this host's: the same for listeners and the UDP relay. */
class HostAddressesTest {

    @Test
    void theWildcardsTheWholeLoopbackNetworkAndInterfaceAddressesAreThisHosts() {
        assertThat(HostAddresses.isLocal(IpLiterals.parse("0.0.0.0"))).isTrue();
        assertThat(HostAddresses.isLocal(IpLiterals.parse("::"))).isTrue();
        assertThat(HostAddresses.isLocal(IpLiterals.parse("127.0.0.1"))).isTrue();
        assertThat(HostAddresses.isLocal(IpLiterals.parse("127.0.0.2")))
                .as("on no interface, bindable")
                .isTrue();
        assertThat(HostAddresses.isLocal(IpLiterals.parse("::1"))).isTrue();
    }

    @Test
    void anAddressOfAnotherMachineIsNot() {
        // 192.0.2.0/24 is for documentation (RFC 5737): no interface here has it
        assertThat(HostAddresses.isLocal(IpLiterals.parse("192.0.2.1"))).isFalse();
    }
}
