package io.socksgate.server.internal;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerStats;
import io.socksgate.api.PolicyService;
import io.socksgate.api.UdpRelay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SOCKS listener per {@code io.socksgate.listener} factory configuration. A change of
 * {@code bind}, {@code port} or {@code backlog} rebinds the acceptor while live tunnels keep
 * running; any other change applies to the next accepted client. Deleting the configuration
 * unbinds and closes the listener's sessions.
 */
@Component(
        configurationPid = "io.socksgate.listener",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = ListenerConfig.class, factory = true)
public final class SocksListener {

    private static final Logger LOG = LoggerFactory.getLogger(SocksListener.class);

    private final SessionTable sessions;

    /** Optional: without the UDP relay bundle, UDP ASSOCIATE is answered 07. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile UdpRelay udpRelay;

    private final NioSocketAcceptor acceptor;
    private final ClientHandler handler;
    private final ListenerTable listeners;
    private final ListenerCounters counters = new ListenerCounters();
    private volatile ListenerSettings settings;

    @Activate
    public SocksListener(
            @Reference ProxyEngine engine,
            @Reference SessionTable sessions,
            @Reference Authentication authentication,
            @Reference PolicyService policy,
            @Reference SessionEvents events,
            @Reference ListenerTable listeners,
            ListenerConfig config,
            Map<String, Object> properties) {
        this(engine, sessions, authentication, policy, events, listeners, parse(config, properties));
    }

    SocksListener(
            ProxyEngine engine,
            SessionTable sessions,
            Authentication authentication,
            PolicyService policy,
            SessionEvents events,
            ListenerTable listeners,
            ListenerSettings settings) {
        this.sessions = sessions;
        this.listeners = listeners;
        this.settings = settings;
        this.acceptor = engine.newAcceptor();
        // Sessions outlive a rebind; they are closed explicitly when the listener goes away.
        acceptor.setCloseOnDeactivation(false);
        handler = new ClientHandler(
                () -> this.settings, engine, sessions, authentication, policy, events, () -> udpRelay, counters);
        acceptor.setHandler(handler);
        bind(settings);
        listeners.add(this);
    }

    @Modified
    void modified(ListenerConfig config, Map<String, Object> properties) {
        ListenerSettings next;
        try {
            next = parse(config, properties);
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "listener [{}]: configuration change ignored, the previous one stays: {}",
                    settings.name(),
                    e.getMessage());
            return;
        }
        update(next);
    }

    synchronized void update(ListenerSettings next) {
        ListenerSettings previous = settings;
        settings = next;
        if (previous.needsRebind(next)) {
            acceptor.unbind();
            bind(next);
        }
        if (!previous.name().equals(next.name())) {
            listeners.renamed(this, previous.name());
        }
        LOG.info("listener [{}] reconfigured", next.name());
    }

    @Deactivate
    public synchronized void close() {
        listeners.remove(this);
        acceptor.unbind();
        int closed = sessions.closeListener(counters);
        acceptor.dispose(false);
        LOG.info("listener [{}] stopped, {} session(s) closed", settings.name(), closed);
    }

    /** The addresses actually bound (ephemeral ports resolved); empty when binding failed. */
    List<InetSocketAddress> boundAddresses() {
        return acceptor.getLocalAddresses().stream()
                .map(InetSocketAddress.class::cast)
                .toList();
    }

    ListenerSettings settings() {
        return settings;
    }

    ListenerInfo info() {
        ListenerSettings current = settings;
        List<InetSocketAddress> bound = boundAddresses();
        return new ListenerInfo(
                current.name(),
                current.bindAddresses(),
                bound,
                current.protocols(),
                current.authMethods().stream()
                        .map(m -> m.name().toLowerCase(Locale.ROOT))
                        .toList(),
                bound.isEmpty() ? ListenerInfo.State.FAILED : ListenerInfo.State.LISTENING,
                stats());
    }

    ListenerStats stats() {
        long[] live = sessions.liveBytes(counters);
        return new ListenerStats(
                counters.accepted.sum(),
                handler.active(),
                counters.denied.sum(),
                counters.authFailures.sum(),
                counters.closedBytesFromClients.sum() + live[0],
                counters.closedBytesToClients.sum() + live[1]);
    }

    /** This listener's MXBean; every attribute is read afresh. */
    ListenerMXBean mxBean() {
        return new ListenerMXBean() {
            @Override
            public String getName() {
                return settings.name();
            }

            @Override
            public int getPort() {
                return settings.bindAddresses().get(0).getPort();
            }

            @Override
            public String getState() {
                return info().state().name();
            }

            @Override
            public long getAccepted() {
                return stats().accepted();
            }

            @Override
            public long getActive() {
                return stats().active();
            }

            @Override
            public long getDenied() {
                return stats().denied();
            }

            @Override
            public long getAuthFailures() {
                return stats().authFailures();
            }

            @Override
            public long getBytesFromClients() {
                return stats().bytesFromClients();
            }

            @Override
            public long getBytesToClients() {
                return stats().bytesToClients();
            }
        };
    }

    private void bind(ListenerSettings target) {
        acceptor.setBacklog(target.backlog());
        try {
            acceptor.bind(List.<SocketAddress>copyOf(target.bindAddresses()));
            LOG.info("listener [{}] listening on {} ({})", target.name(), boundAddresses(), target.protocols());
        } catch (IOException | RuntimeException e) {
            // Stay alive, unbound: the next configuration change tries again.
            LOG.error("listener [{}] cannot bind {}: {}", target.name(), target.bindAddresses(), e.getMessage());
        }
    }

    private static ListenerSettings parse(ListenerConfig config, Map<String, Object> properties) {
        try {
            return ListenerSettings.from(config, properties);
        } catch (IllegalArgumentException e) {
            LOG.error("listener configuration {} rejected: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
    }
}
