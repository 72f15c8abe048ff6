package io.socksgate.server.internal.listener;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.ListenerStats;
import io.socksgate.config.InvalidConfigurationException;
import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running listeners, for the shell and other bundles, and their MXBeans on the platform
 * MBean server (which Karaf's JMX connector serves): one per listener and one for the totals, from
 * construction to {@link #stop}.
 */
public final class ListenerTable implements ListenerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerTable.class);
    private static final String DOMAIN = "io.socksgate";

    private final List<ProxyListener> listeners = new CopyOnWriteArrayList<>();
    private final MBeanServer mbeans;

    public ListenerTable() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    ListenerTable(MBeanServer mbeans) {
        this.mbeans = mbeans;
        register(totalsName(), new Totals());
    }

    public void stop() {
        unregister(totalsName());
    }

    void add(ProxyListener listener) {
        listeners.add(listener);
        register(nameOf(listener.name()), listener.mxBean());
    }

    void remove(ProxyListener listener) {
        listeners.remove(listener);
        unregister(nameOf(listener.name()));
    }

    /** A listener was renamed: its MXBean moves with it. */
    void renamed(ProxyListener listener, String previousName) {
        unregister(nameOf(previousName));
        register(nameOf(listener.name()), listener.mxBean());
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
            ListenerSettings.from(listenerProperties, HostAddresses::isLocal);
            return List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
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
        try {
            String quoted = listener.matches("[A-Za-z0-9._-]+") ? listener : ObjectName.quote(listener);
            return new ObjectName(DOMAIN + ":type=Listener,name=" + quoted);
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectName totalsName() {
        try {
            return new ObjectName(DOMAIN + ":type=Totals");
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void register(ObjectName name, Object mbean) {
        try {
            if (mbeans.isRegistered(name)) {
                mbeans.unregisterMBean(name); // a listener that was just replaced under the same name
            }
            mbeans.registerMBean(mbean, name);
        } catch (JMException | RuntimeException e) {
            LOG.warn("cannot register MBean {}: {}", name, e.toString());
        }
    }

    private void unregister(ObjectName name) {
        try {
            if (mbeans.isRegistered(name)) {
                mbeans.unregisterMBean(name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.warn("cannot unregister MBean {}: {}", name, e.toString());
        }
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
