package io.socksgate.server.internal.dial;

import io.socksgate.api.HostPort;
import io.socksgate.config.IpLiterals;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;

/**
 * Opens outbound connections: resolves a host name once, off the I/O threads, has the policy
 * check exactly that address, then connects to it, all under one deadline. Each attempt ends exactly once: connected,
 * failed, or abandoned.
 */
public final class Dialer {

    /** Decides whether the resolved target may be connected to; null means yes. */
    public interface Gate {
        /** @return why not, or null to go ahead */
        Refusal refuse(InetSocketAddress target);
    }

    /**
     * A gate's no: what the client is answered, and why (for the log).
     *
     * @param failure a denial by the rules, or a route that cannot be followed
     */
    public record Refusal(Failure failure, String reason) {

        /** A rules' denial with its reason, or null for none. */
        public static Refusal denied(String reason) {
            return reason == null ? null : new Refusal(Failure.DENIED, reason);
        }
    }

    public interface Callback {
        /**
         * The connection is up. Called before the outbound session reaches its I/O processor,
         * so whatever is attached here is in place before its first event.
         */
        void connected(IoSession outbound);

        /** The attempt failed; {@code reason} is for the log. */
        void failed(Failure failure, String reason);
    }

    private final ProxyEngine engine;

    public Dialer(ProxyEngine engine) {
        this.engine = engine;
    }

    /**
     * Resolves (once) and connects to {@code destination}, asking {@code gate} about the exact
     * address before connecting to it.
     */
    public Attempt dial(HostPort destination, Duration timeout, Gate gate, Callback callback) {
        Attempt attempt = new Attempt(callback, gate);
        attempt.deadline = engine.timers()
                .schedule(
                        () -> attempt.fail(Failure.TIMED_OUT, "no connection within " + timeout.toSeconds() + "s"),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        if (!destination.isName()) {
            connect(attempt, new InetSocketAddress(destination.address(), destination.port()));
            return attempt;
        }
        try {
            engine.blockingWork().execute(() -> resolveAndConnect(attempt, destination));
        } catch (RejectedExecutionException e) {
            attempt.fail(Failure.LIMIT_REACHED, "resolver queue full");
        }
        return attempt;
    }

    private void resolveAndConnect(Attempt attempt, HostPort destination) {
        if (!attempt.isPending()) {
            return;
        }
        InetAddress address;
        try {
            // The first address is the one the proxy checks and connects to; there is no second lookup.
            address = resolve(destination.name())[0];
        } catch (UnknownHostException e) {
            attempt.fail(Failure.HOST_UNREACHABLE, "cannot resolve " + destination.name());
            return;
        }
        connect(attempt, new InetSocketAddress(address, destination.port()));
    }

    /**
     * The addresses of a name a client sent (blocking: call off the I/O threads). Text that
     * looks like an address ({@code 10.0.0.256}, {@code 127.1}, {@code 0x7f.1}) is an address or
     * nothing: it is parsed strictly and never sent to a resolver, which would look it up or
     * read it in one of the libc's legacy forms.
     */
    public static InetAddress[] resolve(String name) throws UnknownHostException {
        if (IpLiterals.isAddressLike(name)) {
            try {
                return new InetAddress[] {IpLiterals.parse(name)};
            } catch (IllegalArgumentException e) {
                throw new UnknownHostException("not a valid address");
            }
        }
        return InetAddress.getAllByName(name);
    }

    private void connect(Attempt attempt, InetSocketAddress target) {
        if (!attempt.isPending()) {
            return;
        }
        Refusal refusal = attempt.gate.refuse(target);
        if (refusal != null) {
            attempt.fail(refusal.failure(), refusal.reason());
            return;
        }
        ConnectFuture future = engine.connect(target, (session, ignored) -> {
            if (attempt.succeed()) {
                attempt.callback.connected(session);
            } else {
                session.closeNow(); // timed out or abandoned meanwhile
            }
        });
        attempt.future = future;
        if (attempt.hasEnded()) {
            future.cancel(); // timed out or abandoned before the future was known
        }
        future.addListener(f -> {
            ConnectFuture connect = (ConnectFuture) f;
            if (!connect.isConnected() && !connect.isCanceled() && connect.getException() != null) {
                attempt.fail(
                        ConnectFailures.failureFor(connect.getException()),
                        ConnectFailures.describe(connect.getException()));
            }
        });
    }

    /** One outbound connection attempt; its outcome is decided exactly once. */
    public static final class Attempt implements DialAttempt {

        private enum Outcome {
            CONNECTED,
            /** Failed, timed out or abandoned: nothing may connect any more. */
            ENDED
        }

        private final Callback callback;
        private final Gate gate;
        private final AtomicReference<Outcome> outcome = new AtomicReference<>();
        private volatile ScheduledFuture<?> deadline;
        private volatile ConnectFuture future;

        private Attempt(Callback callback, Gate gate) {
            this.callback = callback;
            this.gate = gate;
        }

        @Override
        public void abandon() {
            if (outcome.compareAndSet(null, Outcome.ENDED)) {
                stop();
            }
        }

        private boolean isPending() {
            return outcome.get() == null;
        }

        private boolean hasEnded() {
            return outcome.get() == Outcome.ENDED;
        }

        private boolean succeed() {
            if (outcome.compareAndSet(null, Outcome.CONNECTED)) {
                deadline.cancel(false);
                return true;
            }
            return false;
        }

        private void fail(Failure failure, String reason) {
            if (outcome.compareAndSet(null, Outcome.ENDED)) {
                stop();
                callback.failed(failure, reason);
            }
        }

        /**
         * Cancels the deadline and the connect. Only for an attempt that ended unconnected: a
         * connected session's future completes later, on its processor, and must not be cancelled.
         */
        private void stop() {
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
            ConnectFuture connect = future;
            if (connect != null) {
                connect.cancel();
            }
        }
    }
}
