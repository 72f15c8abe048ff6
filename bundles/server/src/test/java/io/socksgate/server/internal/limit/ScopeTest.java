package io.socksgate.server.internal.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {

    /**
     * Quota usage on disk is keyed by the budget's key. Before 1.4 an IPv6 client's key was
     * written with every group; read back, it must name the budget today's requests use, or the
     * client's quota would start again from zero after an upgrade.
     */
    @ParameterizedTest
    @CsvSource({
        "PER_CLIENT, 0:0:0:0:0:0:0:1, ::1",
        "PER_CLIENT, 2001:db8:0:0:0:0:0:7, 2001:db8::7",
        "PER_CLIENT, 2001:db8::7, 2001:db8::7",
        "PER_CLIENT, 10.0.0.1, 10.0.0.1",
        "PER_USER, -@0:0:0:0:0:0:0:1, -@::1",
        "PER_USER, -@10.0.0.1, -@10.0.0.1",
        "PER_USER, alice, alice",
        // a user whose name looks like an address keeps it: only anonymous budgets are addresses
        "PER_USER, 0:0:0:0:0:0:0:1, 0:0:0:0:0:0:0:1",
        "PER_CLIENT, not-an-address, not-an-address",
        "SHARED, *, *",
    })
    void aStoredKeyIsReadAsTodaysKey(Scope scope, String stored, String key) {
        assertThat(scope.storedKey(stored)).isEqualTo(key);
    }
}
