package io.socksgate.udp.internal;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpBudget;
import io.socksgate.api.UdpCounters;
import io.socksgate.api.UdpDestinationCheck;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.core.buffer.IoBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP association: a relay port serving one client. Datagrams arrive on the relay's I/O thread
 * ({@link #received}); those for a destination name continue on a resolver thread once it is
 * resolved. Sends go straight to a non-blocking channel: a datagram that cannot be sent at once is
 * dropped, never queued, as UDP expects.
 *
 * <p>Destinations of the relay port's own address family are reached through the relay port
 * itself. For the other family the association opens a second socket when it first needs one
 * ({@link OtherFamilySockets}); the replies arriving there go back to the client through the relay
 * port, filtered exactly like the others.
 */
final class Association implements UdpAssociation {

    private static final Logger LOG = LoggerFactory.getLogger(Association.class);

    /** How many destinations are remembered for replies; see {@link RecentPeers}. */
    static final int PEER_CAPACITY = 1024;

    /** What the association needs from the relay that owns it. */
    interface Owner {
        /** Forgets the association and releases its port; called once, when it ends. */
        void release(Association association);
    }

    private final Owner owner;
    private final String label;
    private final InetSocketAddress relayAddress;
    private final InetSocketAddress advertisedAddress;
    private final RelaySettings settings;
    private final UdpDestinationCheck check;
    /** The session's bandwidth budget, or null when no limit applies. */
    private final UdpBudget budget;

    private final NameResolver resolver;
    private final OtherFamilySockets otherFamilySockets;
    private final ScheduledExecutorService timers;
    private final InetAddress clientIp;
    private final ClientPin pin;
    private final RecentPeers peers = new RecentPeers(PEER_CAPACITY);
    private final Counters counters = new Counters();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean checkFailed = new AtomicBoolean();
    private final List<Runnable> endCallbacks = new ArrayList<>(1); // guarded by itself
    private boolean callbacksRan; // guarded by endCallbacks
    private final Object otherFamilyLock = new Object();
    /** The socket for the other address family; written under otherFamilyLock, once. */
    private volatile DatagramChannel otherFamily;
    /** Why the other family's socket could not be opened; guarded by otherFamilyLock. */
    private String otherFamilyFailure;
    /** The relay port's socket: the client's datagrams arrive on it, and its replies go out on it. */
    private final DatagramChannel relayPort;

    private volatile long lastActivity = System.nanoTime();
    private volatile ScheduledFuture<?> idleTimer;

    Association(
            Owner owner,
            String label,
            InetSocketAddress relayAddress,
            DatagramChannel relayPort,
            InetSocketAddress advertisedAddress,
            RelaySettings settings,
            InetAddress controlIp,
            HostPort declaredClient,
            UdpDestinationCheck check,
            UdpBudget budget,
            NameResolver resolver,
            OtherFamilySockets otherFamilySockets,
            ScheduledExecutorService timers) {
        this.owner = owner;
        this.label = label;
        this.relayAddress = relayAddress;
        this.relayPort = relayPort;
        this.advertisedAddress = advertisedAddress;
        this.settings = settings;
        this.check = check;
        this.budget = budget;
        this.resolver = resolver;
        this.otherFamilySockets = otherFamilySockets;
        this.timers = timers;
        this.clientIp = controlIp;
        this.pin = new ClientPin(controlIp, declaredClient);
    }

    /** Starts the idle clock; the association is live from here on. */
    void start() {
        if (!settings.idleTimeout().isZero()) {
            scheduleIdleCheck(settings.idleTimeout().toNanos());
        }
    }

    int port() {
        return relayAddress.getPort();
    }

    DatagramChannel relayPort() {
        return relayPort;
    }

    String label() {
        return label;
    }

    /** The IP of the client's control connection: what the per-client cap counts. */
    InetAddress clientIp() {
        return clientIp;
    }

    @Override
    public InetSocketAddress relayAddress() {
        return relayAddress;
    }

    @Override
    public InetSocketAddress advertisedAddress() {
        return advertisedAddress;
    }

    @Override
    public UdpCounters counters() {
        return counters.snapshot();
    }

    @Override
    public void onEnd(Runnable callback) {
        synchronized (endCallbacks) {
            if (!callbacksRan) {
                endCallbacks.add(callback);
                return;
            }
        }
        runCallback(callback);
    }

    @Override
    public void close() {
        end("closed");
    }

    boolean hasEnded() {
        return ended.get();
    }

    /**
     * A datagram arrived on the relay port; on the I/O thread. The pinned client comes first and
     * destinations already sent to next, so a destination on the client's own host (the same IP)
     * still gets its replies through.
     */
    void received(InetSocketAddress source, IoBuffer datagram) {
        if (ended.get()) {
            return;
        }
        if (pin.isClient(source)) {
            fromClient(datagram);
        } else if (peers.contains(source)) {
            fromPeer(source, datagram.buf());
        } else {
            switch (pin.admit(source)) {
                case CLIENT -> fromClient(datagram);
                case FOREIGN_SOURCE -> drop(
                        DropReason.FOREIGN_SOURCE, "from " + text(source) + ", the client is " + text(pin.client()));
                case OTHER_HOST -> drop(DropReason.UNSOLICITED, "from " + text(source));
            }
        }
    }

    private void fromClient(IoBuffer datagram) {
        UdpDatagrams.Unwrapped unwrapped = UdpDatagrams.unwrap(datagram);
        if (unwrapped instanceof UdpDatagrams.Rejected rejected) {
            drop(rejected.reason(), rejected.detail());
            return;
        }
        UdpDatagrams.Request request = (UdpDatagrams.Request) unwrapped;
        HostPort destination = request.destination();
        ByteBuffer payload = request.payload();
        if (payload.remaining() > settings.maxDatagram()) {
            drop(
                    DropReason.OVERSIZE,
                    payload.remaining() + " bytes to " + destination + ", max.datagram is " + settings.maxDatagram());
            return;
        }
        if (!destination.isName()) {
            forward(destination, destination.address(), payload);
            return;
        }
        List<InetAddress> cached = resolver.cached(destination.name());
        if (cached != null) {
            forward(destination, reachable(cached), payload);
            return;
        }
        // The buffer belongs to this I/O event; the lookup finishes after it.
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
        resolver.resolve(destination.name(), addresses -> {
            if (!ended.get()) {
                forward(destination, reachable(addresses), copy);
            }
        });
    }

    /**
     * Sends a client's payload to exactly the address that was checked, through the relay port or,
     * for the other address family, through the association's socket for it. On the I/O thread, or
     * on a resolver thread for a name that was not cached.
     */
    private void forward(HostPort requested, InetAddress address, ByteBuffer payload) {
        if (address == null) {
            drop(DropReason.UNRESOLVABLE, requested + " has no address");
            return;
        }
        InetSocketAddress target = new InetSocketAddress(address, requested.port());
        int length = payload.remaining();
        if (length > UdpDatagrams.maxPayload(address)) {
            drop(DropReason.OVERSIZE, length + " bytes cannot go to " + text(target) + " in one datagram");
            return;
        }
        if (!allowed(requested, target)) {
            drop(DropReason.DENIED, "to " + requested + (requested.isName() ? " (" + text(target) + ")" : ""));
            return;
        }
        DatagramChannel out = canReach(relayAddress.getAddress(), address) ? relayPort : otherFamily(address);
        if (out == null) {
            drop(DropReason.UNRESOLVABLE, "to " + text(target) + ": " + otherFamilyFailure());
            return;
        }
        if (budget != null && !budget.admit(length, true)) {
            drop(DropReason.OVER_RATE, length + " bytes to " + text(target));
            return;
        }
        // Remembered before sending, so even the quickest reply finds it.
        peers.add(target);
        if (send(out, payload, target)) {
            counters.fromClient(length);
            lastActivity = System.nanoTime();
        }
    }

    /**
     * The socket that reaches {@code destination}'s family, which is not the relay port's: opened on
     * first use. Null when it cannot be opened (this host has no IPv6, say) or the association ended.
     */
    private DatagramChannel otherFamily(InetAddress destination) {
        DatagramChannel open = otherFamily;
        if (open != null) {
            return open;
        }
        synchronized (otherFamilyLock) {
            if (otherFamily == null && otherFamilyFailure == null && !ended.get()) {
                try {
                    otherFamily = otherFamilySockets.open(destination, this::fromOtherFamily);
                } catch (IOException | RuntimeException e) {
                    otherFamilyFailure = "no socket for " + (destination instanceof Inet4Address ? "IPv4" : "IPv6")
                            + " destinations: " + e;
                }
            }
            return otherFamily;
        }
    }

    private String otherFamilyFailure() {
        synchronized (otherFamilyLock) {
            return otherFamilyFailure != null ? otherFamilyFailure : "the association has ended";
        }
    }

    /** A datagram on the other family's socket; on the relay's {@link DatagramSockets} thread. */
    private void fromOtherFamily(DatagramChannel channel, InetSocketAddress source, ByteBuffer datagram) {
        if (ended.get()) {
            return;
        }
        if (peers.contains(source)) {
            fromPeer(source, datagram);
        } else {
            drop(DropReason.UNSOLICITED, "from " + text(source));
        }
    }

    /** A destination's datagram goes back to the client, wrapped in a header naming the sender. */
    private void fromPeer(InetSocketAddress source, ByteBuffer datagram) {
        InetSocketAddress client = pin.client();
        if (client == null) {
            // Cannot happen: nothing is sent before the client is known. Kept as a guard.
            drop(DropReason.UNSOLICITED, "from " + text(source) + " before the client's address is known");
            return;
        }
        int length = datagram.remaining();
        int wrappedLength = UdpDatagrams.headerLength(source.getAddress()) + length;
        if (length > settings.maxDatagram() || wrappedLength > UdpDatagrams.maxPayload(client.getAddress())) {
            drop(
                    DropReason.OVERSIZE,
                    length + " bytes from " + text(source) + ", max.datagram is " + settings.maxDatagram());
            return;
        }
        if (budget != null && !budget.admit(length, false)) {
            drop(DropReason.OVER_RATE, length + " bytes from " + text(source));
            return;
        }
        if (send(relayPort, UdpDatagrams.wrap(source, datagram), client)) {
            counters.toClient(length);
            lastActivity = System.nanoTime();
        }
    }

    private boolean allowed(HostPort requested, InetSocketAddress target) {
        try {
            return check.allows(requested, target);
        } catch (RuntimeException e) {
            if (checkFailed.compareAndSet(false, true)) { // a broken policy must not flood the log
                LOG.warn("{} UDP destination check failed for {}; such datagrams are denied", label, requested, e);
            }
            return false;
        }
    }

    private boolean send(DatagramChannel channel, ByteBuffer datagram, InetSocketAddress target) {
        int length = datagram.remaining();
        try {
            // All or nothing: 0 means the socket's send buffer is full (or an empty datagram).
            if (channel.send(datagram, target) == length) {
                return true;
            }
            LOG.debug("{} UDP send buffer of {} full, datagram to {} dropped", label, text(relayAddress), text(target));
        } catch (IOException e) {
            // Unreachable network, a broadcast address, the port just closed: UDP gives up quietly.
            LOG.debug("{} UDP datagram to {} not sent: {}", label, text(target), e.toString());
        }
        return false;
    }

    /**
     * The address a name's datagrams go to: the first one the relay port reaches itself, so that no
     * second socket is opened when the name has an address of the relay port's family; else the
     * first one. Null for none.
     */
    private InetAddress reachable(List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            if (canReach(relayAddress.getAddress(), address)) {
                return address;
            }
        }
        return addresses.isEmpty() ? null : addresses.get(0);
    }

    /** Whether a socket bound to {@code bound} can send to {@code target} itself. */
    static boolean canReach(InetAddress bound, InetAddress target) {
        if (bound instanceof Inet6Address && bound.isAnyLocalAddress()) {
            return true; // dual-stack wildcard
        }
        return (bound instanceof Inet4Address) == (target instanceof Inet4Address);
    }

    private void drop(DropReason reason, String detail) {
        if (counters.drop(reason)) {
            // One line per reason and association: a flood of junk must not flood the log.
            LOG.debug("{} UDP datagram dropped ({}): {}; further ones are only counted", label, reason.key(), detail);
        }
    }

    private void scheduleIdleCheck(long delayNanos) {
        try {
            ScheduledFuture<?> timer = timers.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
            idleTimer = timer;
            if (ended.get()) {
                timer.cancel(false); // ended meanwhile: do not keep it referenced until it fires
            }
        } catch (RejectedExecutionException e) {
            // the relay is stopping and ends every association itself
        }
    }

    /**
     * Ends the association once nothing was relayed for the idle timeout. One timer per
     * association, re-armed for the remaining time, rather than one per datagram.
     */
    private void checkIdle() {
        if (ended.get()) {
            return;
        }
        long timeout = settings.idleTimeout().toNanos();
        long left = timeout - (System.nanoTime() - lastActivity);
        if (left > 0) {
            scheduleIdleCheck(left);
        } else {
            end("idle for " + settings.idleTimeout().toSeconds() + "s");
        }
    }

    /** Ends the association exactly once, for whatever reason: port released, callbacks run. */
    void end(String why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = idleTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        synchronized (otherFamilyLock) {
            if (otherFamily != null) {
                otherFamilySockets.close(otherFamily);
            }
        }
        owner.release(this);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} UDP association on {} ended ({}): {}", label, text(relayAddress), why, summary());
        }
        List<Runnable> callbacks;
        synchronized (endCallbacks) {
            callbacksRan = true;
            callbacks = List.copyOf(endCallbacks);
            endCallbacks.clear();
        }
        callbacks.forEach(this::runCallback);
    }

    /** The counters for the log: datagrams and bytes each way, and the drops that happened. */
    private String summary() {
        UdpCounters now = counters.snapshot();
        StringBuilder text = new StringBuilder()
                .append(now.datagramsFromClient())
                .append(" datagrams (")
                .append(now.bytesFromClient())
                .append(" bytes) from the client, ")
                .append(now.datagramsToClient())
                .append(" (")
                .append(now.bytesToClient())
                .append(" bytes) to it");
        now.drops().forEach((reason, count) -> {
            if (count > 0) {
                text.append(", ").append(count).append(' ').append(reason);
            }
        });
        return text.toString();
    }

    private void runCallback(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("{} UDP association end callback failed", label, e);
        }
    }

    /** An address as {@code 127.0.0.1:53} or {@code [::1]:53}, without any host name attached. */
    static String text(InetSocketAddress address) {
        return address == null ? "-" : HostPort.of(address).toString();
    }

    @Override
    public String toString() {
        return label + " UDP " + text(relayAddress);
    }
}
