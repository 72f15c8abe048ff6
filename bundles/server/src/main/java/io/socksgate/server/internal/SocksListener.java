package io.socksgate.server.internal;

import io.socksgate.api.PolicyService;
import io.socksgate.api.UdpRelay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
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
    private volatile ListenerSettings settings;

    @Activate
    public SocksListener(
            @Reference ProxyEngine engine,
            @Reference SessionTable sessions,
            @Reference Authentication authentication,
            @Reference PolicyService policy,
            @Reference SessionEvents events,
            ListenerConfig config,
            Map<String, Object> properties) {
        this(engine, sessions, authentication, policy, events, parse(config, properties));
    }

    SocksListener(
            ProxyEngine engine,
            SessionTable sessions,
            Authentication authentication,
            PolicyService policy,
            SessionEvents events,
            ListenerSettings settings) {
        this.sessions = sessions;
        this.settings = settings;
        this.acceptor = engine.newAcceptor();
        // Sessions outlive a rebind; they are closed explicitly when the listener goes away.
        acceptor.setCloseOnDeactivation(false);
        acceptor.setHandler(new ClientHandler(
                () -> this.settings, engine, sessions, authentication, policy, events, () -> udpRelay));
        bind(settings);
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
        LOG.info("listener [{}] reconfigured", next.name());
    }

    @Deactivate
    public synchronized void close() {
        acceptor.unbind();
        int closed = sessions.closeListener(settings.name());
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
