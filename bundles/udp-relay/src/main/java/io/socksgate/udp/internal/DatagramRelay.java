package io.socksgate.udp.internal;

import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpAssociationLimitException;
import io.socksgate.api.UdpAssociationRequest;
import io.socksgate.api.UdpPortsExhaustedException;
import io.socksgate.api.UdpRelay;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.PortRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.session.IoSessionRecycler;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP relay service: one MINA datagram acceptor holds every relay port. An association binds a
 * port of the range on it and unbinds it when it ends, so an association costs a port, not a thread.
 *
 * <p>Threads: the acceptor's one I/O thread receives every datagram and relays it; one more
 * receives the replies on the sockets that reach the other address family
 * ({@link OtherFamilySockets}); a small bounded pool resolves destination names; one thread unbinds
 * ports, because MINA's bind and unbind block until the I/O thread has acted and so must never run
 * on it; one timer thread ends idle associations. {@link #open} binds on the caller's thread: the
 * server calls it off its I/O threads.
 *
 * <p>Configuration changes apply to associations opened afterwards; open ones keep their settings.
 * An invalid change is logged at ERROR once, with every invalid key, and keeps the previous
 * configuration; {@link #problem()} tells why until a valid one arrives. A relay that never had a
 * valid configuration refuses every association.
 */
@Component(
        configurationPid = "io.socksgate.udp",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = UdpRelay.class)
@Designate(ocd = UdpRelayConfig.class)
public final class DatagramRelay implements UdpRelay {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramRelay.class);

    /**
     * MINA reads each datagram into a buffer of this size and silently truncates what does not fit
     * (its default is 2 KiB). Every UDP datagram fits in 64 KiB (IPv6's largest is 65527 bytes), so
     * a datagram is always seen whole and an oversize one is dropped, never relayed cut short.
     */
    static final int READ_BUFFER_SIZE = 65536;

    /** How long {@link #open} waits for ports being released when none is free. */
    private static final Duration WAIT_FOR_RELEASE = Duration.ofSeconds(2);

    /** Ports found taken by other programs before {@link #open} gives up; each try costs a bind. */
    private static final int MAX_PORTS_TAKEN_ELSEWHERE = 16;

    private static final int RESOLVER_THREADS = 4;
    private static final int RESOLVER_QUEUE = 1024;
    private static final int RESOLVER_CACHE_NAMES = 256;
    private static final Duration RESOLVER_CACHE_TTL = Duration.ofSeconds(30);

    private final NioDatagramAcceptor acceptor;
    private final ExecutorService ioThreads;
    private final ThreadPoolExecutor unbinder;
    private final ThreadPoolExecutor resolverThreads;
    private final ScheduledThreadPoolExecutor timers;
    private final NameResolver resolver;
    private final OtherFamilySockets otherFamilySockets;
    private final PortPool ports = new PortPool();
    private final AssociationsPerClient perClient = new AssociationsPerClient();
    private final ConcurrentMap<Integer, Association> byPort = new ConcurrentHashMap<>();
    private final Association.Owner owner = this::release;
    /** The configuration in effect; null while the relay never had a valid one. */
    private volatile RelaySettings settings;
    /** Why the latest configuration was rejected, or null. */
    private volatile String problem;

    private volatile boolean stopped;

    @Activate
    public DatagramRelay(UdpRelayConfig config) {
        this((RelaySettings) null);
        apply(config);
    }

    /** A relay with valid settings from the start; {@code null} for one that refuses associations. */
    DatagramRelay(RelaySettings settings) {
        this.settings = settings;
        ioThreads = Executors.newCachedThreadPool(threads("socksgate-udp-io"));
        // One thread: unbinds are serialized by the acceptor anyway. The queue can never overflow,
        // since every queued unbind holds a distinct bound port.
        unbinder = new ThreadPoolExecutor(
                1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(65536), threads("socksgate-udp-unbind"));
        unbinder.allowCoreThreadTimeOut(true);
        // Bounded: a flood of datagrams for slow names is dropped (as unresolvable), not queued.
        resolverThreads = new ThreadPoolExecutor(
                RESOLVER_THREADS,
                RESOLVER_THREADS,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(RESOLVER_QUEUE),
                threads("socksgate-udp-resolve"),
                new ThreadPoolExecutor.AbortPolicy());
        resolverThreads.allowCoreThreadTimeOut(true);
        timers = new ScheduledThreadPoolExecutor(1, threads("socksgate-udp-timer"));
        timers.setRemoveOnCancelPolicy(true); // cancelled idle timers must not pin their associations
        resolver = new NameResolver(
                InetAddress::getAllByName, resolverThreads, System::nanoTime, RESOLVER_CACHE_NAMES, RESOLVER_CACHE_TTL);
        try {
            otherFamilySockets = new OtherFamilySockets("socksgate-udp-other-family");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the UDP relay", e);
        }

        // RelayHandler frees each datagram's 64 KiB read buffer: while the server's engine runs
        // (it opens every association) MINA's allocator pools it.
        acceptor = new NioDatagramAcceptor(ioThreads);
        // No recycling: MINA's recycler would keep a session per peer and port for a minute after
        // its last datagram, outliving the association. A session per datagram, closed at once by
        // the handler, leaves nothing behind when a port is unbound.
        acceptor.setSessionRecycler(IoSessionRecycler.NOOP);
        acceptor.getSessionConfig().setReadBufferSize(READ_BUFFER_SIZE);
        acceptor.setCloseOnDeactivation(false);
        acceptor.setHandler(new RelayHandler(byPort::get));
        if (settings != null) {
            LOG.info("UDP relay ready: {}", describe(settings));
        }
    }

    @Modified
    void modified(UdpRelayConfig config) {
        apply(config);
    }

    /** Takes a configuration if every key is valid; else logs why, once, and keeps the previous one. */
    private void apply(UdpRelayConfig config) {
        RelaySettings next;
        try {
            next = RelaySettings.from(config);
        } catch (InvalidConfigurationException e) {
            problem = e.getMessage();
            if (settings == null) {
                LOG.error(
                        "UDP relay configuration io.socksgate.udp is invalid; UDP ASSOCIATE is refused until it is"
                                + " fixed: {}",
                        problem);
            } else {
                LOG.error(
                        "UDP relay configuration change ignored, the previous one stays ({}): {}",
                        describe(settings),
                        problem);
            }
            return;
        }
        boolean first = settings == null;
        settings = next;
        problem = null;
        LOG.info(first ? "UDP relay ready: {}" : "UDP relay reconfigured (new associations): {}", describe(next));
    }

    @Override
    public String problem() {
        return problem;
    }

    /**
     * Binds a relay port and starts the association. Blocks until the acceptor has bound the port:
     * call it off MINA's I/O threads.
     */
    @Override
    public UdpAssociation open(UdpAssociationRequest request) throws IOException {
        if (stopped) {
            throw new IOException("UDP relay stopped");
        }
        RelaySettings current = settings;
        if (current == null) {
            throw new IOException("the UDP relay has no valid configuration: " + problem);
        }
        InetAddress clientIp = request.client().getAddress();
        if (!perClient.tryAdd(clientIp, current.maxPerClient())) {
            LOG.debug(
                    "{} UDP ASSOCIATE refused: {} is at max.associations.per.client = {}",
                    request.sessionLabel(),
                    clientIp.getHostAddress(),
                    current.maxPerClient());
            throw new UdpAssociationLimitException("client " + clientIp.getHostAddress() + " already has "
                    + current.maxPerClient() + " live UDP associations (max.associations.per.client)");
        }
        InetAddress bindAddress = current.bind() != null ? current.bind() : request.listenerAddress();
        InetSocketAddress relayAddress;
        try {
            relayAddress = bindPort(current.ports(), bindAddress, request.sessionLabel());
        } catch (IOException | RuntimeException e) {
            perClient.remove(clientIp);
            throw e;
        }
        Association association = new Association(
                owner,
                request.sessionLabel(),
                relayAddress,
                advertised(current, relayAddress, request.listenerAddress()),
                current,
                clientIp,
                request.declaredClient(),
                request.check(),
                resolver,
                otherFamilySockets,
                timers);
        byPort.put(relayAddress.getPort(), association);
        association.start();
        if (stopped) {
            association.end("relay stopped"); // raced with stop(), which may not have seen it
            throw new IOException("UDP relay stopped");
        }
        LOG.debug(
                "{} UDP association on {} (advertised {}) for {}, client declared {}",
                request.sessionLabel(),
                Association.text(relayAddress),
                Association.text(association.advertisedAddress()),
                request.client().getAddress().getHostAddress(),
                request.declaredClient());
        return association;
    }

    @Deactivate
    public void stop() {
        stopped = true;
        for (Association association : List.copyOf(byPort.values())) {
            association.end("relay stopped");
        }
        unbinder.shutdown();
        try {
            if (!unbinder.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("UDP relay: ports still being released at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        acceptor.dispose(true);
        otherFamilySockets.close();
        ioThreads.shutdown();
        resolverThreads.shutdownNow();
        timers.shutdownNow();
        LOG.info("UDP relay stopped");
    }

    /** Ports the acceptor has bound right now. */
    int boundPorts() {
        return acceptor.getLocalAddresses().size();
    }

    /** Live associations. */
    int associations() {
        return byPort.size();
    }

    /** Port numbers reserved, bound or being released. */
    int reservedPorts() {
        return ports.size();
    }

    /** Sockets open for destinations of the other address family. */
    int otherFamilySockets() {
        return otherFamilySockets.openSockets();
    }

    /** Client addresses with live associations counted against max.associations.per.client. */
    int countedClients() {
        return perClient.clients();
    }

    /** Sessions MINA manages; each lives for one datagram only, so normally 0. */
    int managedSessions() {
        return acceptor.getManagedSessionCount();
    }

    /** Reserves and binds a free port of {@code range} on {@code address}. */
    private InetSocketAddress bindPort(PortRange range, InetAddress address, String label) throws IOException {
        Set<Integer> takenElsewhere = new HashSet<>();
        while (true) {
            int port = takenElsewhere.size() < MAX_PORTS_TAKEN_ELSEWHERE
                    ? ports.reserve(range, takenElsewhere, WAIT_FOR_RELEASE)
                    : -1;
            if (port < 0) {
                LOG.warn(
                        "{} UDP ASSOCIATE refused: no free relay port in {} on {} ({} taken by other programs)",
                        label,
                        range,
                        address.getHostAddress(),
                        takenElsewhere.size());
                throw new UdpPortsExhaustedException("no free UDP relay port in " + range);
            }
            InetSocketAddress relayAddress = new InetSocketAddress(address, port);
            try {
                acceptor.bind(relayAddress);
                return relayAddress;
            } catch (IOException | RuntimeException e) {
                ports.release(port);
                if (!RelaySettings.isLocal(address)) {
                    throw new IOException("cannot bind UDP relay ports on " + address.getHostAddress()
                            + ": not an address of this host");
                }
                takenElsewhere.add(port);
                LOG.debug(
                        "UDP relay port {} is taken by another program: {}",
                        Association.text(relayAddress),
                        e.getMessage());
            }
        }
    }

    /** The association has ended: forget it and unbind its port, off the caller's thread. */
    private void release(Association association) {
        int port = association.port();
        byPort.remove(port, association);
        perClient.remove(association.clientIp());
        ports.releasing(port);
        try {
            unbinder.execute(() -> unbind(association.relayAddress()));
        } catch (RejectedExecutionException e) {
            // stop() is under way: disposing the acceptor unbinds every port.
            ports.release(port);
        }
    }

    private void unbind(InetSocketAddress relayAddress) {
        int port = relayAddress.getPort();
        try {
            SocketAddress bound = boundAddress(port);
            if (bound != null) {
                acceptor.unbind(bound);
            }
        } catch (RuntimeException e) {
            LOG.warn("UDP relay port {} could not be unbound", Association.text(relayAddress), e);
        } finally {
            ports.release(port);
        }
    }

    /**
     * The address MINA recorded when it bound {@code port}, which is what it unbinds by. It is not
     * always the address asked for: MINA maps IPv6 addresses of the old IPv4-compatible form to
     * IPv4, so a port bound on {@code ::1} is recorded as {@code 0.0.0.1}. The port number alone
     * identifies it, as no two associations share one.
     */
    private SocketAddress boundAddress(int port) {
        for (SocketAddress address : acceptor.getLocalAddresses()) {
            if (((InetSocketAddress) address).getPort() == port) {
                return address;
            }
        }
        return null;
    }

    /**
     * The UDP ASSOCIATE reply's address: the configured one for NAT; else the bound one, except that
     * a wildcard bind advertises the address the client already reached the listener on.
     */
    private static InetSocketAddress advertised(RelaySettings settings, InetSocketAddress relay, InetAddress listener) {
        if (settings.advertise() != null) {
            return new InetSocketAddress(settings.advertise(), relay.getPort());
        }
        if (relay.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(listener, relay.getPort());
        }
        return relay;
    }

    private static String describe(RelaySettings settings) {
        return "ports " + settings.ports() + ", bind "
                + (settings.bind() == null
                        ? "listener address"
                        : settings.bind().getHostAddress())
                + ", advertise "
                + (settings.advertise() == null ? "-" : settings.advertise().getHostAddress())
                + ", timeout.idle " + settings.idleTimeout().toSeconds() + "s, max.datagram "
                + settings.maxDatagram() + ", max.associations.per.client " + settings.maxPerClient();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
