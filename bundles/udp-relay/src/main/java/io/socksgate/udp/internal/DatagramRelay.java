package io.socksgate.udp.internal;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpAssociationLimitException;
import io.socksgate.api.UdpAssociationRequest;
import io.socksgate.api.UdpPortsExhaustedException;
import io.socksgate.api.UdpRelay;
import io.socksgate.config.HostAddresses;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.PortRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.buffer.IoBuffer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP relay service. An association binds a port of the range and closes it when it ends, so an
 * association costs a port, not a thread.
 *
 * <p>Threads: one thread ({@link DatagramSockets}) receives every datagram, on the relay ports and
 * on the sockets that reach the other address family ({@link OtherFamilySockets}), and relays it; a
 * small bounded pool resolves destination names; one timer thread ends idle associations.
 * {@link #open} binds on the caller's thread without waiting for any other; the server calls it off
 * its I/O threads all the same.
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
     * Each datagram is read into a buffer of this size, and a receive silently cuts off what does
     * not fit. Every UDP datagram fits in 64 KiB (IPv6's largest is 65527 bytes), so a datagram is
     * always seen whole and an oversize one is dropped, never relayed cut short.
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

    private final DatagramSockets sockets;
    private final ThreadPoolExecutor resolverThreads;
    private final ScheduledThreadPoolExecutor timers;
    private final NameResolver resolver;
    private final OtherFamilySockets otherFamilySockets;
    private final PortPool ports = new PortPool();
    private final AssociationsPerClient perClient = new AssociationsPerClient();
    private final ConcurrentMap<Integer, Association> byPort = new ConcurrentHashMap<>();
    /** The relay ports' sockets, by port, from their bind until they are closed. */
    private final ConcurrentMap<Integer, DatagramChannel> relayPorts = new ConcurrentHashMap<>();

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
            sockets = new DatagramSockets("socksgate-udp-io");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the UDP relay", e);
        }
        otherFamilySockets = new OtherFamilySockets(sockets);
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

    /** Binds a relay port and starts the association; the bind is one system call on this thread. */
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
                    HostPort.addressText(clientIp),
                    current.maxPerClient());
            throw new UdpAssociationLimitException("client " + HostPort.addressText(clientIp) + " already has "
                    + current.maxPerClient() + " live UDP associations (max.associations.per.client)");
        }
        InetAddress bindAddress = current.bind() != null ? current.bind() : request.listenerAddress();
        BoundPort relayPort;
        try {
            relayPort = bindPort(current.ports(), bindAddress, request.sessionLabel());
        } catch (IOException | RuntimeException e) {
            perClient.remove(clientIp);
            throw e;
        }
        InetSocketAddress relayAddress = relayPort.address();
        Association association = new Association(
                owner,
                request.sessionLabel(),
                relayAddress,
                relayPort.channel(),
                advertised(current, relayAddress, request.listenerAddress()),
                current,
                clientIp,
                request.declaredClient(),
                request.check(),
                request.budget(),
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
                HostPort.addressText(request.client().getAddress()),
                request.declaredClient());
        return association;
    }

    @Deactivate
    public void stop() {
        stopped = true;
        for (Association association : List.copyOf(byPort.values())) {
            association.end("relay stopped");
        }
        sockets.close(); // closes every socket left
        resolverThreads.shutdownNow();
        timers.shutdownNow();
        LOG.info("UDP relay stopped");
    }

    /** Relay ports bound right now. */
    int boundPorts() {
        return relayPorts.size();
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

    /** A relay port just bound: its address as the association reports it, and its socket. */
    private record BoundPort(InetSocketAddress address, DatagramChannel channel) {}

    /** Reserves and binds a free port of {@code range} on {@code address}. */
    private BoundPort bindPort(PortRange range, InetAddress address, String label) throws IOException {
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
                        HostPort.addressText(address),
                        takenElsewhere.size());
                throw new UdpPortsExhaustedException("no free UDP relay port in " + range);
            }
            InetSocketAddress relayAddress = new InetSocketAddress(address, port);
            try {
                DatagramChannel channel =
                        sockets.open(relayAddress, (relayPort, source, datagram) -> received(port, source, datagram));
                relayPorts.put(port, channel);
                return new BoundPort(relayAddress, channel);
            } catch (IOException | RuntimeException e) {
                ports.release(port);
                if (!(e instanceof BindException)) {
                    throw e; // the relay stopped, or worse: not a port another program holds
                }
                if (!HostAddresses.isLocal(address)) {
                    throw new IOException("cannot bind UDP relay ports on " + HostPort.addressText(address)
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

    /** A datagram on a relay port, on the {@link DatagramSockets} thread: to its association. */
    private void received(int port, InetSocketAddress source, ByteBuffer datagram) {
        Association association = byPort.get(port);
        if (association != null) {
            association.received(source, IoBuffer.wrap(datagram));
        }
        // else: the association is being set up or has ended; the datagram has nowhere to go.
    }

    /** The association has ended: forget it and close its port, which is free once closed. */
    private void release(Association association) {
        int port = association.port();
        byPort.remove(port, association);
        perClient.remove(association.clientIp());
        ports.releasing(port);
        DatagramChannel channel = association.relayPort();
        sockets.close(channel, () -> {
            relayPorts.remove(port, channel);
            ports.release(port);
        });
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
                + (settings.bind() == null ? "listener address" : HostPort.addressText(settings.bind()))
                + ", advertise "
                + (settings.advertise() == null ? "-" : HostPort.addressText(settings.advertise()))
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
