package io.socksgate.server.internal.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.socksgate.api.Protocol;
import io.socksgate.config.HostAddresses;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.IpLiterals;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import io.socksgate.server.internal.Configs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Parsing a listener configuration: defaults, Config Admin's value types, one problem per bad key. */
class ListenerSettingsTest {

    /** This host, as far as these tests are concerned: loopback, the wildcards and 192.0.2.10. */
    private static final Predicate<InetAddress> LOCAL = address ->
            HostAddresses.isLocal(address) || address.getHostAddress().equals("192.0.2.10");

    private static ListenerSettings parse(Map<String, ?> values) {
        return ListenerSettings.from(Configs.listenerProperties("office", values), LOCAL);
    }

    private static List<String> problems(Map<String, ?> values) {
        InvalidConfigurationException e =
                catchThrowableOfType(InvalidConfigurationException.class, () -> parse(values));
        assertThat(e).as("problems of %s", values).isNotNull();
        return e.problems();
    }

    @Test
    void theProxyProtocolIsOffByDefaultAndTakesV1V2OrBothWithTrustedPeers() {
        ListenerSettings direct = parse(Map.of());
        assertThat(direct.proxyProtocol()).isEmpty();
        assertThat(direct.expectsProxyHeader()).isFalse();
        assertThat(parse(Map.of("proxy.protocol", "off")).expectsProxyHeader()).isFalse();

        ListenerSettings both =
                parse(Map.of("proxy.protocol", "v1, V2", "proxy.protocol.trusted", "10.0.0.0/8, 127.0.0.2"));
        assertThat(both.expectsProxyHeader()).isTrue();
        assertThat(both.proxyProtocol()).containsExactlyInAnyOrder(Version.V1, Version.V2);
        assertThat(both.trustsProxy(IpLiterals.parse("10.9.8.7"))).isTrue();
        assertThat(both.trustsProxy(IpLiterals.parse("127.0.0.2"))).isTrue();
        assertThat(both.trustsProxy(IpLiterals.parse("127.0.0.1"))).isFalse();

        assertThat(parse(Map.of("proxy.protocol", "v2", "proxy.protocol.trusted", "::1"))
                        .proxyProtocol())
                .containsExactly(Version.V2);
        // The webconsole's checkboxes post an array; none checked is off.
        assertThat(parse(Map.of("proxy.protocol", new String[] {"v1"}, "proxy.protocol.trusted", new String[] {"::1"}))
                        .proxyProtocol())
                .containsExactly(Version.V1);
        assertThat(parse(Map.of("proxy.protocol", new String[0])).expectsProxyHeader())
                .isFalse();
    }

    @Test
    void theProxyProtocolWithoutTrustedPeersIsInvalid() {
        // Accepting a header from anyone would let any client forge its address.
        assertThat(problems(Map.of("proxy.protocol", "v2")))
                .containsExactly("proxy.protocol.trusted = '': required when proxy.protocol is on: the addresses"
                        + " or CIDR blocks of the load balancers allowed to send a PROXY header (10.0.0.0/24)");
        assertThat(problems(Map.of("proxy.protocol", "v1,v2", "proxy.protocol.trusted", " , ")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("proxy.protocol.trusted = ',': required when proxy.protocol is on");
    }

    @Test
    void badProxyProtocolValuesAreNamed() {
        assertThat(problems(Map.of("proxy.protocol", "v3", "proxy.protocol.trusted", "10.0.0.1")))
                .containsExactly("proxy.protocol = 'v3': expected off, v1, v2 or v1,v2");
        assertThat(problems(Map.of("proxy.protocol", "off, v2", "proxy.protocol.trusted", "10.0.0.1")))
                .containsExactly("proxy.protocol = 'off, v2': expected off, v1, v2 or v1,v2");
        assertThat(problems(Map.of("proxy.protocol", "v2", "proxy.protocol.trusted", "10.0.0.0/33, lb.example")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("proxy.protocol.trusted = '10.0.0.0/33, lb.example': '10.0.0.0/33' is not an IP address,"
                        + " CIDR block or range");
        // Checked even while off, so turning it on later cannot reveal an old typo.
        assertThat(problems(Map.of("proxy.protocol.trusted", "10.0.0.0/33")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("proxy.protocol.trusted = '10.0.0.0/33': ");
    }

    @Test
    void anHttpRealmIsAnythingThe407CanCarry() {
        // Quotes are escaped by the 407's encoder; a line break would end its header line.
        assertThat(parse(Map.of("http.realm", "Office \"B\"")).httpRealm()).isEqualTo("Office \"B\"");
        assertThat(problems(Map.of("http.realm", "Office\r\nX-Injected: 1")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("http.realm = ");
    }

    @Test
    void absentKeysTakeTheDefaultsOfTheConfigurationDefinition() throws Exception {
        ListenerSettings settings = ListenerSettings.from(Map.of("service.pid", "io.socksgate.listener~office"), LOCAL);
        assertThat(settings.name()).isEqualTo("office");
        assertThat(settings.bindAddresses())
                .containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1080));
        assertThat(settings.protocols()).containsExactly(Protocol.SOCKS5);
        assertThat(settings.authMethods()).containsExactly(AuthMethod.NONE);
        assertThat(settings.realm()).isEqualTo("karaf");
        assertThat(settings.backlog()).isEqualTo(256);
        assertThat(settings.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.bindTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(settings.maxSessions()).isEqualTo(10000);
        assertThat(settings.maxSessionsPerClient()).isZero();
    }

    @Test
    void textsArraysCollectionsAndNumbersAreAllAccepted() throws Exception {
        ListenerSettings settings = parse(Map.of(
                "bind",
                new String[] {"127.0.0.1, ::1", "192.0.2.10"},
                "port",
                1081,
                "protocols",
                List.of("socks4", "SOCKS5"),
                "auth",
                " password , none, password ",
                "timeout.idle",
                "0",
                "backlog",
                50L));
        assertThat(settings.bindAddresses())
                .containsExactly(
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1081),
                        new InetSocketAddress(InetAddress.getByName("::1"), 1081),
                        new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 1081));
        assertThat(settings.protocols()).isEqualTo(Set.of(Protocol.SOCKS4, Protocol.SOCKS5));
        assertThat(settings.authMethods()).containsExactly(AuthMethod.PASSWORD, AuthMethod.NONE);
        assertThat(settings.idleTimeout()).isZero();
        assertThat(settings.backlog()).isEqualTo(50);
    }

    @Test
    void aPortThatIsNotANumberIsOneProblemNamingKeyValueAndExpectation() {
        assertThat(problems(Map.of("port", "10x8")))
                .containsExactly("port = '10x8': expected a whole number from 1 to 65535");
    }

    /** A port is decimal digits, as in rules, the UDP relay and the shell: no sign, no other scripts. */
    @Test
    void aPortIsDecimalDigitsAsEverywhere() {
        for (String text : List.of("+1080", "\uff11\uff10\uff18\uff10", "0x438", "1080.0")) {
            assertThat(problems(Map.of("port", text)))
                    .as(text)
                    .containsExactly("port = '" + text + "': expected a whole number from 1 to 65535");
        }
        assertThat(parse(Map.of("port", " 01080 ")).bindAddresses().get(0).getPort())
                .isEqualTo(1080);
    }

    @Test
    void everyBadKeyIsReportedOnceAndInOrder() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bind", "example.com");
        values.put("port", "70000");
        values.put("protocols", "socks5, socks6");
        values.put("auth", "kerberos");
        values.put("realm", " ");
        values.put("backlog", "0");
        values.put("timeout.handshake", "0");
        values.put("timeout.connect", "86401");
        values.put("timeout.bind", "soon");
        values.put("timeout.idle", "-1");
        values.put("max.sessions", "0");
        values.put("max.sessions.per.client", "-1");
        assertThat(problems(values))
                .containsExactly(
                        "port = '70000': expected a whole number from 1 to 65535",
                        "bind = 'example.com': example.com is not an IP address; " + ListenerSettings.EXPECTED_BIND,
                        "protocols = 'socks5, socks6': unknown protocol 'socks6'; expected socks4, socks5, http or transparent",
                        "auth = 'kerberos': unknown kerberos; expected none and/or password, in order of preference",
                        "realm = '': expected the name of a JAAS realm, e.g. karaf",
                        "backlog = '0': expected a whole number from 1 to 65535",
                        "timeout.handshake = '0': expected a whole number of seconds from 1 to 86400",
                        "timeout.connect = '86401': expected a whole number of seconds from 1 to 86400",
                        "timeout.bind = 'soon': expected a whole number of seconds from 1 to 86400",
                        "timeout.idle = '-1': expected a whole number of seconds from 0 to 86400",
                        "max.sessions = '0': expected a whole number from 1 up",
                        "max.sessions.per.client = '-1': expected a whole number from 0 up");
    }

    @Test
    void aBindAddressOfAnotherHostIsRefusedBeforeAnyBindIsTried() {
        assertThat(problems(Map.of("bind", "127.0.0.1, 192.0.2.99")))
                .containsExactly("bind = '127.0.0.1, 192.0.2.99': 192.0.2.99 is not an address of this host; "
                        + ListenerSettings.EXPECTED_BIND);
    }

    @Test
    void bindLiteralsAreStrictAndNeverLookedUp() {
        // src/test/hosts maps 10.0.0.256 to 127.0.0.1: a resolver lookup would have made it a valid address
        for (String text : List.of("10.0.0.256", "127.1", "010.0.0.1", "0x7f.0.0.1", "[127.0.0.1]", "localhost")) {
            assertThat(problems(Map.of("bind", text)))
                    .as(text)
                    .singleElement()
                    .isEqualTo("bind = '" + text + "': " + text + " is not an IP address; "
                            + ListenerSettings.EXPECTED_BIND);
        }
    }

    @Test
    void emptyListsAreProblemsToo() {
        assertThat(problems(Map.of("bind", " , ", "protocols", "", "auth", ",")))
                .containsExactly(
                        "bind = ',': " + ListenerSettings.EXPECTED_BIND,
                        "protocols = '': expected socks4, socks5, http or transparent",
                        "auth = ',': expected none and/or password, in order of preference");
    }

    @Test
    void theNameIsKnownEvenForAnInvalidConfiguration() {
        assertThat(ListenerSettings.name(Map.of("service.pid", "io.socksgate.listener~office", "port", "x")))
                .isEqualTo("office");
        assertThat(ListenerSettings.name(Map.of(
                        "service.pid", "io.socksgate.listener.1234",
                        "felix.fileinstall.filename", "file:/opt/karaf/etc/io.socksgate.listener-lab.cfg")))
                .isEqualTo("lab");
        assertThat(ListenerSettings.name(Map.of("service.pid", "io.socksgate.listener~x", "name", " front ")))
                .isEqualTo("front");
    }

    @Test
    void transparentStandsAlone() {
        ListenerSettings transparent = parse(Map.of("protocols", "transparent"));
        assertThat(transparent.protocols()).containsExactly(io.socksgate.api.Protocol.TRANSPARENT);
        assertThat(transparent.isTransparent()).isTrue();
        assertThat(parse(Map.of("protocols", "socks5, http")).isTransparent()).isFalse();
        for (String mixed : List.of("transparent, socks5", "http,transparent", "socks4, transparent, socks5")) {
            assertThat(problems(Map.of("protocols", mixed)))
                    .as(mixed)
                    .containsExactly("protocols = '" + mixed + "': " + ListenerSettings.TRANSPARENT_ALONE);
        }
    }

    /** A redirected client speaks no protocol: it can neither log in nor be preceded by a PROXY header. */
    @Test
    void aTransparentListenerTakesNoPasswordAndNoProxyHeader() {
        assertThat(problems(Map.of("protocols", "transparent", "auth", "password")))
                .containsExactly(
                        "auth = 'password': a transparent listener's clients cannot authenticate;" + " expected none");
        assertThat(problems(Map.of("protocols", "transparent", "auth", "none, password")))
                .containsExactly("auth = 'none, password': a transparent listener's clients cannot authenticate;"
                        + " expected none");
        assertThat(problems(Map.of(
                        "protocols", "transparent", "proxy.protocol", "v2", "proxy.protocol.trusted", "10.0.0.0/8")))
                .containsExactly("proxy.protocol = 'v2': a transparent listener reads the original destination of"
                        + " the connection itself; expected off");
    }
}
