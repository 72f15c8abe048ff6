package io.socksgate.server.internal.listener;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.ListenerStats;
import io.socksgate.config.HostAddresses;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.IpLiterals;
import io.socksgate.server.internal.jmx.MBeans;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The running listeners, for the shell and other bundles, and their MXBeans on the platform
 * MBean server (which Karaf's JMX connector serves): one per listener and one for the totals, from
 * construction to {@link #stop}.
 */
public final class ListenerTable implements ListenerRegistry {

    private static final InetAddress IPV4_LOOPBACK = IpLiterals.parse("127.0.0.1");
    private static final InetAddress IPV6_LOOPBACK = IpLiterals.parse("::1");

    private final List<ProxyListener> listeners = new CopyOnWriteArrayList<>();
    private final MBeans mbeans;

    public ListenerTable() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    ListenerTable(MBeanServer server) {
        this.mbeans = new MBeans(server);
        mbeans.register(MBeans.name("Totals"), new Totals());
    }

    public void stop() {
        mbeans.unregister(MBeans.name("Totals"));
    }

    void add(ProxyListener listener) {
        listeners.add(listener);
        mbeans.register(nameOf(listener.name()), listener.mxBean());
    }

    void remove(ProxyListener listener) {
        listeners.remove(listener);
        mbeans.unregister(nameOf(listener.name()));
    }

    /** A listener was renamed: its MXBean moves with it. */
    void renamed(ProxyListener listener, String previousName) {
        mbeans.unregister(nameOf(previousName));
        mbeans.register(nameOf(listener.name()), listener.mxBean());
    }

    @Override
    public List<ListenerInfo> listeners() {
        return listeners.stream()
                .map(ProxyListener::info)
                .sorted(Comparator.comparing(ListenerInfo::name))
                .toList();
    }

    @Override
    public List<String> problems(Map<String, ?> listenerProperties) {
        try {
            TransparentSupport.check(ListenerSettings.from(listenerProperties, HostAddresses::isLocal));
            return List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }

    /** The addresses every listener is bound to now (the transparent listeners' loop guard). */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream()
                .flatMap(listener -> listener.boundAddresses().stream())
                .toList();
    }

    /**
     * Whether a connection to {@code target} reaches a listener of this Socksgate (the upstreams'
     * loop guard): one is bound there, or to the wildcard address on that port and {@code target}
     * is this host's. A target of {@code 0.0.0.0} or {@code ::} is this host too: connect(2) takes
     * it for the loopback address of its family.
     */
    public boolean reaches(InetSocketAddress target) {
        InetAddress address = target.getAddress();
        if (address.isAnyLocalAddress()) {
            address = address instanceof Inet4Address ? IPV4_LOOPBACK : IPV6_LOOPBACK;
        }
        for (InetSocketAddress bound : boundAddresses()) {
            if (bound.getPort() == target.getPort()
                    && (bound.getAddress().equals(address)
                            || (bound.getAddress().isAnyLocalAddress() && HostAddresses.isLocal(address)))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ListenerStats totals() {
        ListenerStats total = ListenerStats.ZERO;
        for (ProxyListener listener : listeners) {
            total = total.plus(listener.stats());
        }
        return total;
    }

    public static ObjectName nameOf(String listener) {
        return MBeans.name("Listener", listener);
    }

    /** The totals MXBean: read afresh at every attribute access. */
    private final class Totals implements TotalsMXBean {
        @Override
        public long getAccepted() {
            return totals().accepted();
        }

        @Override
        public long getActive() {
            return totals().active();
        }

        @Override
        public long getDenied() {
            return totals().denied();
        }

        @Override
        public long getAuthFailures() {
            return totals().authFailures();
        }

        @Override
        public long getBytesFromClients() {
            return totals().bytesFromClients();
        }

        @Override
        public long getBytesToClients() {
            return totals().bytesToClients();
        }
    }
}
