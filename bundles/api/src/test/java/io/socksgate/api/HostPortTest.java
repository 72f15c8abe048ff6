package io.socksgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    /** RFC 5952 section 4: the one text an operator greps logs and tables for. */
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "1:0:0:0:0:0:0:0, 1::",
        // the longest run of zero groups is shortened, the first one of equal runs (4.2.3)
        "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        // one zero group alone stays a 0 (4.2.2); leading zeros go (4.1)
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0db8:00aa:0001:0000:0000:0000:0001, 2001:db8:aa:1::1",
        // an IPv4-mapped address is the IPv4 client it maps (the JDK makes it an Inet4Address)
        "::ffff:192.0.2.1, 192.0.2.1",
    })
    void addressesAreWrittenInTheirCanonicalForm(String literal, String text) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);
        assertEquals(text, HostPort.addressText(address));
        assertEquals(text, HostPort.of(address, 80).host());
    }

    @Test
    void aScopedAddressKeepsItsZone() throws UnknownHostException {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        assertEquals("fe80::1%3", HostPort.addressText(Inet6Address.getByAddress(null, linkLocal, 3)));
    }

    @Test
    void anIpv6DestinationIsBracketed() throws UnknownHostException {
        assertEquals("[::1]:80", HostPort.of(InetAddress.getByName("::1"), 80).toString());
        assertEquals(
                "[2001:db8::a]:443",
                HostPort.of(InetAddress.getByName("2001:db8:0:0:0:0:0:a"), 443).toString());
        assertEquals(
                "10.0.0.1:1080",
                HostPort.of(InetAddress.getByName("10.0.0.1"), 1080).toString());
        assertEquals("example.com:443", HostPort.ofName("example.com", 443).toString());
    }
}
