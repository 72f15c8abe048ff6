package io.socksgate.server.internal.listener;

import io.socksgate.api.HostPort;
import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerStats;
import io.socksgate.api.PolicyService;
import io.socksgate.api.Protocol;
import io.socksgate.api.UdpRelay;
import io.socksgate.config.HostAddresses;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.tokens.EnumTokens;
import io.socksgate.server.internal.auth.Authentication;
import io.socksgate.server.internal.dial.upstream.UpstreamTable;
import io.socksgate.server.internal.exchange.SessionTable;
import io.socksgate.server.internal.limit.LimitTable;
import io.socksgate.server.internal.log.SessionEvents;
import io.socksgate.server.internal.transport.IoThreadAcceptor;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener (SOCKS, HTTP CONNECT) per {@code io.socksgate.listener} factory configuration. A change of
 * {@code bind}, {@code port} or {@code backlog} rebinds the acceptor while live tunnels keep
 * running; any other change applies to the next accepted client. Deleting the configuration
 * unbinds and closes the listener's sessions.
 *
 * <p>Invalid configurations are handled as rules handle them: the listener stays registered (and
 * listed by {@code socks:listener-list} with its problem), logs one line per bad key, and never
 * serves with an invalid configuration: a new invalid listener does not bind, an invalid change
 * keeps the previous configuration serving.
 *
 * <p>The server's runtime makes one per configuration Config Admin hands over, changes it with
 * {@link #modified} and ends it with {@link #close}.
 */
public final class ProxyListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyListener.class);

    private final SessionTable sessions;

    /** Set by the runtime as the relay comes and goes: without the UDP relay bundle, UDP ASSOCIATE is answered 07. */
    public volatile UdpRelay udpRelay;
    /** The upstreams rules route through; null: none (requests a rule routes are refused). */
    public volatile UpstreamTable upstreams;
    /** The bandwidth limits; null: none. */
    public volatile LimitTable limits;

    private final IoThreadAcceptor acceptor;
    private final ClientHandler handler;
    private final ListenerTable listeners;
    private final ListenerCounters counters = new ListenerCounters();
    private final Predicate<InetAddress> isLocal;
    private final String pid;
    /** The configuration in force; null while the listener never had a valid one (it is not bound then). */
    private volatile ListenerSettings settings;
    /** The name shown: the settings' name, or for a never-valid configuration its name key or instance name. */
    private volatile String name;
    /** Why the latest configuration was rejected; null when it is in force. */
    private volatile String configProblem;
    /** Why the acceptor could not bind; null when it is bound (or was not asked to bind). */
    private volatile String bindProblem;

    /** @param properties the configuration's properties, as Config Admin gives them */
    public ProxyListener(
            ProxyEngine engine,
            SessionTable sessions,
            Authentication authentication,
            PolicyService policy,
            SessionEvents events,
            ListenerTable listeners,
            Map<String, Object> properties) {
        this(
                engine,
                sessions,
                authentication,
                policy,
                events,
                listeners,
                HostAddresses::isLocal,
                String.valueOf(properties.get("service.pid")));
        configure(properties);
        listeners.add(this);
    }

    /** A listener with settings already parsed, for tests. */
    public ProxyListener(
            ProxyEngine engine,
            SessionTable sessions,
            Authentication authentication,
            PolicyService policy,
            SessionEvents events,
            ListenerTable listeners,
            ListenerSettings settings) {
        this(engine, sessions, authentication, policy, events, listeners, HostAddresses::isLocal, settings.name());
        update(settings);
        listeners.add(this);
    }

    private ProxyListener(
            ProxyEngine engine,
            SessionTable sessions,
            Authentication authentication,
            PolicyService policy,
            SessionEvents events,
            ListenerTable listeners,
            Predicate<InetAddress> isLocal,
            String pid) {
        this.sessions = sessions;
        this.listeners = listeners;
        this.isLocal = isLocal;
        this.pid = pid;
        this.acceptor = engine.newAcceptor();
        // Sessions outlive a rebind; they are closed explicitly when the listener goes away.
        acceptor.setCloseOnDeactivation(false);
        // Only a bound acceptor accepts, and it is bound only once settings are in force.
        handler = new ClientHandler(
                () -> this.settings,
                engine,
                sessions,
                authentication,
                policy,
                events,
                () -> udpRelay,
                () -> upstreams,
                () -> limits,
                listeners::boundAddresses,
                counters);
        acceptor.setHandler(handler);
    }

    public void modified(Map<String, Object> properties) {
        String previousName = name;
        configure(properties);
        if (!name.equals(previousName)) {
            listeners.renamed(this, previousName);
        }
    }

    /** Applies a configuration, or keeps the one in force and records (and logs) why not. */
    private synchronized void configure(Map<String, Object> properties) {
        ListenerSettings next;
        try {
            next = ListenerSettings.from(properties, isLocal);
            TransparentSupport.check(next);
        } catch (InvalidConfigurationException e) {
            if (settings == null) {
                name = ListenerSettings.name(properties);
            }
            configProblem = e.getMessage();
            String consequence = settings == null ? "is invalid and not started" : "keeps its previous configuration";
            for (String problem : e.problems()) {
                LOG.error("listener [{}] ({}) {}: {}", name, pid, consequence, problem);
            }
            return;
        }
        update(next);
    }

    public synchronized void update(ListenerSettings next) {
        ListenerSettings previous = settings;
        boolean wasBound = !boundAddresses().isEmpty();
        apply(next);
        if (previous == null) {
            bound(next, bind(next));
            return;
        }
        // A listener that could not bind tries again at every change, e.g. once its port is free.
        if (wasBound && !previous.needsRebind(next)) {
            LOG.info("listener [{}] reconfigured", next.name());
            return;
        }
        String failure;
        if (wasBound && !sharesAPort(next)) {
            failure = bindBeside(next);
        } else {
            acceptor.unbind();
            failure = bind(next);
        }
        if (failure != null && wasBound) {
            // A move to a taken port must not leave the listener serving nowhere: the change is
            // rejected as an invalid one is, and the listener stays (or goes back) where it was.
            apply(previous);
            configProblem = failure;
            LOG.error("listener [{}] ({}) keeps its previous configuration: {}", name, pid, failure);
            if (boundAddresses().isEmpty()) {
                bound(previous, bind(previous));
            }
            return;
        }
        bound(next, failure);
        LOG.info("listener [{}] reconfigured", next.name());
    }

    /**
     * Binds {@code target}'s addresses beside the ones bound now, then lets those go, so that a
     * move has no moment when neither accepts; returns why it could not bind (nothing changed
     * then), or null.
     */
    private String bindBeside(ListenerSettings target) {
        List<InetSocketAddress> old = boundAddresses();
        String failure = bind(target);
        if (failure == null) {
            acceptor.unbind(old);
        }
        return failure;
    }

    /**
     * Whether {@code target} binds a port bound now: the socket bound now may hold its address
     * (the same one, or a wildcard over it, or the same with a new backlog), so it must go first.
     */
    private boolean sharesAPort(ListenerSettings target) {
        List<InetSocketAddress> old = boundAddresses();
        return target.bindAddresses().stream().anyMatch(a -> old.stream().anyMatch(b -> b.getPort() == a.getPort()));
    }

    /** Records (and logs) how binding to {@code target}'s addresses went. */
    private void bound(ListenerSettings target, String failure) {
        bindProblem = failure;
        if (failure != null) {
            LOG.error("listener [{}] {}", target.name(), failure);
        } else {
            LOG.info("listener [{}] listening on {} ({})", target.name(), boundAddresses(), target.protocols());
        }
    }

    private void apply(ListenerSettings next) {
        settings = next;
        name = next.name();
        configProblem = null;
    }

    public synchronized void close() {
        // Unbound first: once the listener is gone from the table, its port no longer accepts.
        acceptor.unbind();
        listeners.remove(this);
        int closed = sessions.closeListener(counters);
        acceptor.dispose(false);
        LOG.info("listener [{}] stopped, {} session(s) closed", name, closed);
    }

    /** The addresses actually bound (ephemeral ports resolved); empty when binding failed. */
    public List<InetSocketAddress> boundAddresses() {
        return acceptor.getLocalAddresses().stream()
                .map(InetSocketAddress.class::cast)
                .toList();
    }

    ListenerSettings settings() {
        return settings;
    }

    /** The name it is listed and registered under. */
    String name() {
        return name;
    }

    ListenerInfo info() {
        ListenerSettings current = settings;
        List<InetSocketAddress> bound = boundAddresses();
        String problem = problem(bound);
        if (current == null) {
            return new ListenerInfo(
                    name, List.of(), List.of(), Set.of(), List.of(), ListenerInfo.State.INVALID, stats(), problem);
        }
        return new ListenerInfo(
                current.name(),
                current.bindAddresses(),
                bound,
                current.protocols(),
                current.authMethods().stream()
                        .map(m -> m.name().toLowerCase(Locale.ROOT))
                        .toList(),
                state(current, bound),
                stats(),
                problem);
    }

    private static ListenerInfo.State state(ListenerSettings settings, List<InetSocketAddress> bound) {
        if (settings == null) {
            return ListenerInfo.State.INVALID;
        }
        return bound.isEmpty() ? ListenerInfo.State.FAILED : ListenerInfo.State.LISTENING;
    }

    /** The rejected configuration's problems, then why it cannot bind; null when there is nothing wrong. */
    private String problem(List<InetSocketAddress> bound) {
        String config = configProblem;
        String binding = bound.isEmpty() ? bindProblem : null;
        if (config == null) {
            return binding;
        }
        return binding == null ? config : config + "; " + binding;
    }

    /** The counters as they are now; reads no session. */
    ListenerStats stats() {
        return new ListenerStats(
                counters.accepted.sum(),
                handler.active(),
                counters.denied.sum(),
                counters.authFailures.sum(),
                counters.bytesFromClients.sum(),
                counters.bytesToClients.sum());
    }

    /** This listener's MXBean; each attribute reads its own counter, afresh, and no session. */
    ListenerMXBean mxBean() {
        return new ListenerMXBean() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getPort() {
                ListenerSettings current = settings;
                return current == null ? 0 : current.bindAddresses().get(0).getPort();
            }

            @Override
            public String getState() {
                return state(settings, boundAddresses()).name();
            }

            @Override
            public String getProtocols() {
                ListenerSettings current = settings;
                return current == null
                        ? ""
                        : Stream.of(Protocol.values())
                                .filter(current::accepts)
                                .map(EnumTokens.PROTOCOLS::token)
                                .collect(Collectors.joining(", "));
            }

            @Override
            public long getAccepted() {
                return counters.accepted.sum();
            }

            @Override
            public long getActive() {
                return handler.active();
            }

            @Override
            public long getDenied() {
                return counters.denied.sum();
            }

            @Override
            public long getAuthFailures() {
                return counters.authFailures.sum();
            }

            @Override
            public long getBytesFromClients() {
                return counters.bytesFromClients.sum();
            }

            @Override
            public long getBytesToClients() {
                return counters.bytesToClients.sum();
            }
        };
    }

    /** Binds the acceptor to {@code target}'s addresses; returns why it could not, or null (logged by {@link #bound}). */
    private String bind(ListenerSettings target) {
        acceptor.setBacklog(target.backlog());
        try {
            acceptor.bind(List.<SocketAddress>copyOf(target.bindAddresses()));
            return null;
        } catch (IOException | RuntimeException e) {
            // Stay alive, unbound: the next configuration change tries again.
            return "cannot bind " + addresses(target.bindAddresses()) + ": " + rootMessage(e);
        }
    }

    /** MINA wraps the socket's exception; its message ("Address already in use") is the one that says why. */
    private static String rootMessage(Throwable e) {
        String message = e.toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static String addresses(List<InetSocketAddress> addresses) {
        return addresses.stream().map(a -> HostPort.of(a).toString()).collect(Collectors.joining(", "));
    }
}
