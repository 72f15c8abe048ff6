package io.socksgate.policy.internal;

import static io.socksgate.policy.internal.Requests.connect;
import static io.socksgate.policy.internal.Requests.connectByName;
import static io.socksgate.policy.internal.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.ProxyRequest;
import io.socksgate.config.IpLiterals;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleSpecTest {

    private static final ManagementPorts MANAGEMENT = new ManagementPorts(Set.of(8101, 1099, 44444));

    private static RuleSpec rule(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("action", "allow");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RuleSpec.parse(
                properties, "test", address -> address.getHostAddress().equals("192.0.2.2"), MANAGEMENT);
    }

    private static boolean matches(RuleSpec rule, ProxyRequest request) {
        boolean matches = rule.matches(request);
        // The fast check the policy uses and rule-test's explanation never disagree.
        assertThat(rule.mismatch(request) == null)
                .as("mismatch agrees with matches")
                .isEqualTo(matches);
        return matches;
    }

    /**
     * The shipped deny-management-ports has order 0 so that no allow rule comes before it: an
     * allow rule at 0 would tie with it (ties go by name), one below 0 would pass it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-6", "-2147483648"})
    void anAllowRuleCannotComeBeforeOrBesideTheDenyRulesAtOrderZero(String order) {
        assertThatThrownBy(() -> rule("order", order))
                .hasMessageStartingWith("order:")
                .hasMessageContaining("deny-management-ports");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3"})
    void aDenyRuleMayComeFirst(String order) {
        assertThat(rule("order", order, "action", "deny").order).isEqualTo(Integer.parseInt(order));
        assertThat(rule("order", "1").order).isEqualTo(1);
    }

    @Test
    void defaultsMatchEverything() {
        RuleSpec any = rule();
        assertThat(matches(any, connect("10.1.1.1", "203.0.113.5", 443))).isTrue();
        assertThat(any.order).isEqualTo(100);
        assertThat(any.action).isEqualTo(Decision.Action.ALLOW);
        assertThat(any.summary).isEqualTo("any");
    }

    @Test
    void ipv4CidrEdges() {
        RuleSpec rule = rule("source", "10.0.0.0/8");
        assertThat(matches(rule, connect("10.0.0.0", "203.0.113.5", 80))).isTrue();
        assertThat(matches(rule, connect("10.255.255.255", "203.0.113.5", 80))).isTrue();
        assertThat(matches(rule, connect("11.0.0.0", "203.0.113.5", 80))).isFalse();
        assertThat(matches(rule, connect("9.255.255.255", "203.0.113.5", 80))).isFalse();
        assertThat(matches(rule, connect("::ffff:a00:1", "203.0.113.5", 80)))
                .as("an IPv4-mapped IPv6 client is the IPv4 client")
                .isTrue();
    }

    @Test
    void ipv6CidrAndFamiliesDoNotMix() {
        RuleSpec rule = rule("destination", "2001:db8::/32, ::1/128");
        assertThat(matches(rule, connect("10.0.0.1", "2001:db8:ffff::1", 80))).isTrue();
        assertThat(matches(rule, connect("10.0.0.1", "2001:db9::1", 80))).isFalse();
        assertThat(matches(rule, connect("10.0.0.1", "::1", 80))).isTrue();
        assertThat(matches(rule, connect("10.0.0.1", "127.0.0.1", 80))).isFalse();
    }

    @Test
    void rangesIncludeBothEnds() {
        RuleSpec rule = rule("source", "10.0.0.1-10.0.0.99");
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 80))).isTrue();
        assertThat(matches(rule, connect("10.0.0.99", "203.0.113.5", 80))).isTrue();
        assertThat(matches(rule, connect("10.0.0.100", "203.0.113.5", 80))).isFalse();
        assertThat(matches(rule, connect("10.0.0.0", "203.0.113.5", 80))).isFalse();
    }

    @Test
    void aHostBitsCidrMeansItsBlock() {
        RuleSpec rule = rule("source", "10.1.2.3/8");
        assertThat(matches(rule, connect("10.200.0.1", "203.0.113.5", 80))).isTrue();
    }

    @Test
    void namesAndGlobsMatchTheNameResolvedAddressesMatchBlocks() {
        RuleSpec names = rule("destination", "example.com, *.example.org");
        assertThat(matches(names, connectByName("10.0.0.1", "example.com", "203.0.113.5", 80)))
                .isTrue();
        assertThat(matches(names, connectByName("10.0.0.1", "EXAMPLE.com.", "203.0.113.5", 80)))
                .isTrue();
        assertThat(matches(names, connectByName("10.0.0.1", "www.example.com", "203.0.113.5", 80)))
                .isFalse();
        assertThat(matches(names, connectByName("10.0.0.1", "a.b.example.org", "203.0.113.5", 80)))
                .isTrue();
        assertThat(matches(names, connectByName("10.0.0.1", "example.org", "203.0.113.5", 80)))
                .isFalse();
        assertThat(matches(names, connectByName("10.0.0.1", "badexample.org", "203.0.113.5", 80)))
                .isFalse();
        assertThat(matches(names, connect("10.0.0.1", "203.0.113.5", 80)))
                .as("an address destination never matches names")
                .isFalse();

        RuleSpec loopback = rule("destination", "127.0.0.0/8");
        assertThat(matches(loopback, connectByName("10.0.0.1", "sneaky.example", "127.0.0.1", 80)))
                .as("a name is also matched by the address it resolved to")
                .isTrue();
    }

    @Test
    void selfMeansThisHostsAddresses() {
        RuleSpec rule = rule("destination", "self", "destination.ports", "8101,1099,44444");
        assertThat(matches(rule, connect("10.0.0.1", "192.0.2.2", 8101))).isTrue();
        assertThat(matches(rule, connect("10.0.0.1", "192.0.2.3", 8101))).isFalse();
        assertThat(matches(rule, connect("10.0.0.1", "192.0.2.2", 80))).isFalse();
    }

    @Test
    void portListsAndRanges() {
        RuleSpec rule = rule("destination.ports", "80,443,8000-8999");
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 80))).isTrue();
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 8000))).isTrue();
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 8999))).isTrue();
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 9000))).isFalse();
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 1))).isFalse();
        RuleSpec sources = rule("source.ports", "40000");
        assertThat(matches(sources, connect("10.0.0.1", "203.0.113.5", 80))).isTrue();
    }

    @Test
    void usersGroupsAndAnonymous() {
        RuleSpec rule = rule("users", "alice, @ops");
        assertThat(matches(rule, request(Command.CONNECT, "10.0.0.1", "203.0.113.5", null, 80, "alice", Set.of())))
                .isTrue();
        assertThat(matches(rule, request(Command.CONNECT, "10.0.0.1", "203.0.113.5", null, 80, "bob", Set.of("ops"))))
                .isTrue();
        assertThat(matches(rule, request(Command.CONNECT, "10.0.0.1", "203.0.113.5", null, 80, "bob", Set.of("dev"))))
                .isFalse();
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 80))).isFalse();
        RuleSpec anonymous = rule("users", "-");
        assertThat(matches(anonymous, connect("10.0.0.1", "203.0.113.5", 80))).isTrue();
        assertThat(matches(anonymous, request(Command.CONNECT, "10.0.0.1", "203.0.113.5", null, 80, "alice", Set.of())))
                .isFalse();
    }

    @Test
    void commands() {
        RuleSpec rule = rule("commands", "connect, udp");
        assertThat(matches(rule, connect("10.0.0.1", "203.0.113.5", 80))).isTrue();
        assertThat(matches(rule, request(Command.UDP_ASSOCIATE, "10.0.0.1", "203.0.113.5", null, 53, null, Set.of())))
                .isTrue();
        assertThat(rule.mismatch(request(Command.BIND, "10.0.0.1", "203.0.113.5", null, 0, null, Set.of())))
                .isEqualTo("command bind not in [connect, udp]");
    }

    @Test
    void aRouteIsTheUpstreamsInOrderAndServesConnectOnly() {
        RuleSpec rule = rule("destination", "*.example.com", "upstream", "corp-squid, partner,direct");
        assertThat(rule.route).containsExactly("corp-squid", "partner", "direct");
        assertThat(rule.summary)
                .isEqualTo("commands=connect destination=*.example.com upstream=corp-squid,partner,direct");
        assertThat(matches(rule, connectByName("127.0.0.1", "www.example.com", "203.0.113.5", 443)))
                .isTrue();
        // a BIND or UDP ASSOCIATE it granted would go around the upstream: they pass over it
        assertThat(rule.mismatch(request(Command.BIND, "10.0.0.1", "203.0.113.5", null, 0, null, Set.of())))
                .isEqualTo("command bind not in [connect] (a rule with upstream)");
        assertThat(matches(rule, request(Command.UDP_ASSOCIATE, "10.0.0.1", "203.0.113.5", null, 53, null, Set.of())))
                .isFalse();
        assertThat(rule().route).isEmpty();
        assertThat(rule("upstream", new String[] {"corp", "direct"}).route).containsExactly("corp", "direct");
    }

    @Test
    void aBadRouteNamesTheKey() {
        assertThatThrownBy(() -> rule("upstream", "direct, corp"))
                .hasMessage("upstream: direct must come last, nothing after it is ever tried");
        assertThatThrownBy(() -> rule("upstream", "corp, corp")).hasMessage("upstream: 'corp' is named twice");
        assertThatThrownBy(() -> rule("upstream", "../corp")).hasMessageStartingWith("upstream: '../corp' ");
        assertThatThrownBy(() -> rule("action", "deny", "upstream", "corp"))
                .hasMessage("upstream: only an allow rule has a route");
        assertThatThrownBy(() -> rule("commands", "bind, udp", "upstream", "corp"))
                .hasMessage("upstream: a route serves CONNECT requests, and commands has no connect");
    }

    @Test
    void mismatchesSayWhy() {
        assertThat(rule("source", "127.0.0.0/8").mismatch(connect("10.1.2.3", "203.0.113.5", 80)))
                .isEqualTo("source 10.1.2.3 not in 127.0.0.0/8");
        assertThat(rule("destination", "*.example.com")
                        .mismatch(connectByName("127.0.0.1", "intra.net", "10.0.0.9", 80)))
                .isEqualTo("destination intra.net (10.0.0.9) not in *.example.com");
        assertThat(rule("destination.ports", "443").mismatch(connect("127.0.0.1", "203.0.113.5", 80)))
                .isEqualTo("destination port 80 not in 443");
    }

    @Test
    void invalidRulesNameTheKey() {
        assertThatThrownBy(() -> RuleSpec.parse(Map.of(), "x", a -> false, MANAGEMENT))
                .hasMessageContaining("action is missing");
        assertThatThrownBy(() -> rule("action", "permit")).hasMessageContaining("action");
        assertThatThrownBy(() -> rule("source", "10.0.0.0/33")).hasMessageStartingWith("source:");
        assertThatThrownBy(() -> rule("source", "example.com")).hasMessageStartingWith("source:");
        assertThatThrownBy(() -> rule("commands", "connect, ping"))
                .hasMessageContaining("commands: unknown command 'ping'");
        assertThatThrownBy(() -> rule("destination.ports", "80-70")).hasMessageContaining("destination.ports");
        assertThatThrownBy(() -> rule("destination.ports", "70000")).hasMessageContaining("destination.ports");
        assertThatThrownBy(() -> rule("destination", "bad host!")).hasMessageStartingWith("destination:");
        assertThatThrownBy(() -> rule("order", "first")).hasMessageStartingWith("order:");
        assertThatThrownBy(() -> rule("source", "any, 10.0.0.0/8")).hasMessageContaining("'any' cannot be combined");
        assertThatThrownBy(() -> rule("protocols", "socks6")).hasMessageContaining("protocols");
    }

    /**
     * Rule addresses are the IP literals every other key and the shell take: legacy forms that
     * some parsers read as other addresses (127.1, octal 010.0.0.1 = 8.0.0.1, hex, one number),
     * wildcards, masks and zones are refused in {@code source} and {@code destination} alike.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.1",
                "010.0.0.1",
                "1.2.3.04",
                "0x7f.0.0.1",
                "2130706433",
                "10.*",
                "10.0.0.0/255.0.0.0",
                "10.0.0.0/+8",
                "10.0.0.256",
                "fe80::1%1",
                "127.1-127.0.0.9"
            })
    void addressesAreTheLiteralsEveryOtherKeyTakes(String text) {
        assertThatThrownBy(() -> rule("source", text))
                .hasMessage("source: '" + text + "' is not an IP address, CIDR block or range: expected "
                        + IpLiterals.EXPECTED + ", alone, as a block (10.0.0.0/8) or as a range (10.0.0.1-10.0.0.99)");
        assertThatThrownBy(() -> rule("destination", text))
                .hasMessageStartingWith("destination: '" + text + "' is not an IP address, CIDR block");
    }

    /** A name whose last label is a number is a malformed address, not a host name (no top-level domain is one). */
    @ParameterizedTest
    @ValueSource(strings = {"example.123", "0x7f", "host.0x1f", "1.2.3.4."})
    void aDestinationEndingInANumberIsAnAddressNotAName(String text) {
        assertThatThrownBy(() -> rule("destination", text)).hasMessageStartingWith("destination: '" + text + "'");
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4AddressAsEverywhere() {
        assertThat(matches(rule("source", "::ffff:127.0.0.1"), connect("127.0.0.1", "203.0.113.5", 80)))
                .isTrue();
        RuleSpec mappedBlock = rule("source", "::ffff:10.0.0.0/104");
        assertThat(matches(mappedBlock, connect("10.1.2.3", "203.0.113.5", 80))).isTrue();
        assertThat(matches(mappedBlock, connect("11.0.0.1", "203.0.113.5", 80))).isFalse();
        assertThatThrownBy(() -> rule("source", "::ffff:10.0.0.0/95")).hasMessageStartingWith("source:");
        assertThat(matches(rule("destination", "[::1], [2001:db8::]/32"), connect("10.0.0.1", "::1", 80)))
                .isTrue();
    }

    /** Ports are decimal digits, as in the listener, the UDP relay and the shell: no sign, no other scripts. */
    @ParameterizedTest
    @ValueSource(strings = {"+80", "80-+90", "\uff18\uff10", "80-\u0669\u0660", "0x50"})
    void portsAreDecimalDigitsAsEverywhere(String port) {
        assertThatThrownBy(() -> rule("destination.ports", port)).hasMessageStartingWith("destination.ports: '" + port);
        assertThatThrownBy(() -> rule("source.ports", port)).hasMessageStartingWith("source.ports: '" + port);
    }

    @Test
    void protocolAndCommandTokensAreWordedAsEverywhere() {
        assertThatThrownBy(() -> rule("protocols", "socks5, socks6"))
                .hasMessage("protocols: unknown protocol 'socks6'; expected socks4, socks5, http or transparent");
        assertThatThrownBy(() -> rule("commands", "connect, ping, pong"))
                .hasMessage("commands: unknown commands 'ping', 'pong'; expected connect, bind or udp");
        assertThat(rule("protocols", "SOCKS4a, http").mismatch(connect("10.0.0.1", "203.0.113.5", 80)))
                .isEqualTo("protocol socks5 not in [socks4, http]");
    }

    @Test
    void arraysFromConfigAdminAndCommaListsFromFilesAreTheSame() {
        RuleSpec fromArray = rule("destination.ports", new String[] {"80", "443"});
        RuleSpec fromText = rule("destination.ports", "80, 443");
        assertThat(fromArray.summary).isEqualTo(fromText.summary).isEqualTo("destination.ports=80,443");
    }

    @Test
    void managementInDestinationPortsIsThisHostsManagementPortsAsConfigured() {
        RuleSpec guard = rule("action", "deny", "destination", "self", "destination.ports", "management, 9000");
        assertThat(matches(guard, connect("127.0.0.1", "192.0.2.2", 8101))).isTrue();
        assertThat(matches(guard, connect("127.0.0.1", "192.0.2.2", 44444))).isTrue();
        assertThat(matches(guard, connect("127.0.0.1", "192.0.2.2", 9000))).isTrue();
        assertThat(guard.mismatch(connect("127.0.0.1", "192.0.2.2", 22)))
                .isEqualTo("destination port 22 not in management,9000 (management = [1099, 8101, 44444])");
        assertThatThrownBy(() -> rule("source.ports", "management")).hasMessageStartingWith("source.ports:");
        assertThatThrownBy(() -> rule("destination.ports", "managment")).hasMessageContaining("or 'management'");
    }

    @Test
    void aUdpAssociateIsDecidedWithoutComparingItsAnnouncedAddressAsADestination() {
        // DST of UDP ASSOCIATE is where the client will send from, not a destination.
        ProxyRequest associate =
                deferred(request(Command.UDP_ASSOCIATE, "127.0.0.1", "127.0.0.1", null, 5353, null, Set.of()));
        RuleSpec denyLoopback = rule("action", "deny", "destination", "127.0.0.0/8");
        assertThat(denyLoopback.mismatch(associate)).contains("names destinations");
        RuleSpec denyPorts = rule("action", "deny", "destination.ports", "5353");
        assertThat(matches(denyPorts, associate)).isFalse();
        RuleSpec allowDns = rule("destination", "192.0.2.53", "destination.ports", "53", "commands", "udp");
        assertThat(matches(allowDns, associate))
                .as("an allow rule grants it on its other criteria")
                .isTrue();
        RuleSpec allowOtherSource = rule("source", "10.0.0.0/8", "destination", "192.0.2.53");
        assertThat(allowOtherSource.mismatch(associate)).startsWith("source 127.0.0.1 not in");
        RuleSpec denyClient = rule("action", "deny", "source", "127.0.0.1");
        assertThat(matches(denyClient, associate)).isTrue();
        // Each datagram's destination is compared as before.
        ProxyRequest datagram = request(Command.UDP_ASSOCIATE, "127.0.0.1", "127.0.0.1", null, 5353, null, Set.of());
        assertThat(matches(denyLoopback, datagram)).isTrue();
        assertThat(matches(allowDns, datagram)).isFalse();
    }

    @Test
    void aBindForAnyPeerHasNoDestinationToCompareButABindNamingAPeerHas() {
        RuleSpec denyUnspecified = rule("action", "deny", "destination", "0.0.0.0/8, ::/128");
        ProxyRequest anyPeer = request(Command.BIND, "127.0.0.1", "0.0.0.0", null, 0, null, Set.of());
        ProxyRequest anyPeer6 = request(Command.BIND, "127.0.0.1", "::", null, 0, null, Set.of());
        assertThat(anyPeer.deferredDestination()).isTrue();
        assertThat(matches(denyUnspecified, anyPeer)).isFalse();
        assertThat(matches(denyUnspecified, anyPeer6)).isFalse();
        ProxyRequest namedPeer = request(Command.BIND, "127.0.0.1", "192.0.2.7", null, 0, null, Set.of());
        assertThat(namedPeer.deferredDestination()).isFalse();
        assertThat(matches(rule("action", "deny", "destination", "192.0.2.0/24"), namedPeer))
                .isTrue();
        assertThat(matches(rule("destination", "192.0.2.8"), namedPeer)).isFalse();
        // CONNECT to 0.0.0.0 is a destination (it reaches this host): compared as always.
        assertThat(matches(denyUnspecified, connect("127.0.0.1", "0.0.0.0", 80)))
                .isTrue();
    }

    private static ProxyRequest deferred(ProxyRequest r) {
        return new ProxyRequest(
                r.listener(),
                r.protocol(),
                r.command(),
                r.client(),
                r.user(),
                r.roles(),
                r.destination(),
                r.resolved(),
                true);
    }
}
