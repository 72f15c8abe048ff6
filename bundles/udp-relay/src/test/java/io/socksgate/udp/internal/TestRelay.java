package io.socksgate.udp.internal;

import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpAssociationRequest;
import io.socksgate.api.UdpDestinationCheck;
import io.socksgate.config.PortRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The relay component, created directly (no OSGi) with a range of free loopback ports, and the
 * requests a server would make of it.
 */
final class TestRelay implements AutoCloseable {

    static final InetAddress IPV4 = InetAddress.getLoopbackAddress();
    static final InetAddress IPV6 = ipv6Loopback();
    static final UdpDestinationCheck ALLOW_ALL = (requested, resolved) -> true;

    final DatagramRelay relay;
    final PortRange ports;

    /**
     * A relay for listeners on {@code address}, with {@code config} overriding the defaults. Unless
     * {@code config} sets it, the per-client cap is out of reach (a range is exhausted first): only
     * the cap's own tests are about the cap.
     */
    TestRelay(InetAddress address, Map<String, ?> config) {
        Map<String, Object> values = new HashMap<>(config);
        if (!values.containsKey("ports")) {
            values.put("ports", FreePorts.range(address, 8).toString());
        }
        values.putIfAbsent("max.associations.per.client", "65535");
        RelaySettings settings = Configs.settings(values);
        ports = settings.ports();
        relay = new DatagramRelay(settings);
    }

    TestRelay(Map<String, ?> config) {
        this(IPV4, config);
    }

    TestRelay() {
        this(Map.of());
    }

    /** An association for a client whose control connection comes from {@code client}'s IP. */
    UdpAssociation open(SocksUdpClient client, UdpDestinationCheck check) throws IOException {
        return open(
                client.address().getAddress(),
                HostPort.of(anyLocal(client.address().getAddress()), 0),
                check);
    }

    UdpAssociation open(SocksUdpClient client) throws IOException {
        return open(client, ALLOW_ALL);
    }

    /**
     * An association as the server would open it for a control connection from {@code controlIp}
     * to a listener on the same loopback address, with the UDP ASSOCIATE request's DST.ADDR/PORT.
     */
    UdpAssociation open(InetAddress controlIp, HostPort declared, UdpDestinationCheck check) throws IOException {
        return open(controlIp, controlIp, declared, check);
    }

    /** An association for a control connection from {@code controlIp} to a listener on {@code listener}. */
    UdpAssociation open(InetAddress controlIp, InetAddress listener, HostPort declared, UdpDestinationCheck check)
            throws IOException {
        return relay.open(new UdpAssociationRequest(
                "[test]", new InetSocketAddress(controlIp, 40000), listener, declared, check));
    }

    /** Waits until every port is unbound and every trace of the associations is gone. */
    void awaitNothingLeft() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> relay.boundPorts() == 0
                        && relay.associations() == 0
                        && relay.reservedPorts() == 0
                        && relay.otherFamilySockets() == 0
                        && relay.countedClients() == 0);
    }

    static InetAddress anyLocal(InetAddress like) {
        try {
            return InetAddress.getByName(like instanceof java.net.Inet6Address ? "::" : "0.0.0.0");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByName("::1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        relay.stop();
    }
}
