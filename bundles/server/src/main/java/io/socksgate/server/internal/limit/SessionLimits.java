package io.socksgate.server.internal.limit;

import io.socksgate.api.UdpBudget;
import io.socksgate.server.internal.relay.RelayDirection;
import io.socksgate.server.internal.relay.Throttle;
import io.socksgate.server.internal.relay.TokenBucket;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The limits that apply to one session, with the budgets it draws on: a {@link Throttle} for each
 * direction of its tunnel, a {@link UdpBudget} for its datagrams, and its measured rates. Only a
 * session that some limit matches has one.
 */
public final class SessionLimits {

    private final LimitTable table;
    private final Limit[] limits;
    private final Budget[] budgets;
    private final List<String> names;
    private final Direction fromClient = new Direction(true);
    private final Direction toClient = new Direction(false);

    // Measured by the ticker.
    long seenFromClient;
    long seenToClient;
    volatile long rateFromClient;
    volatile long rateToClient;

    private volatile String closeReason;

    SessionLimits(LimitTable table, Limit[] limits, Budget[] budgets) {
        this.table = table;
        this.limits = limits;
        this.budgets = budgets;
        String[] named = new String[limits.length];
        for (int i = 0; i < limits.length; i++) {
            named[i] = limits[i].name;
        }
        this.names = List.of(named);
    }

    /** The names of the limits that apply. */
    public List<String> names() {
        return names;
    }

    /** Bytes from the client per second over the last second. */
    public long rateFromClient() {
        return rateFromClient;
    }

    public long rateToClient() {
        return rateToClient;
    }

    long bytesFromClient() {
        return fromClient.bytes.sum();
    }

    long bytesToClient() {
        return toClient.bytes.sum();
    }

    /** Limits of the bytes from the client (towards the destination). */
    public Throttle fromClient() {
        return fromClient;
    }

    public Throttle toClient() {
        return toClient;
    }

    /** How the relay pauses a direction until its budget is out of debt. */
    public RelayDirection.Pacer pacer() {
        return table.pacer();
    }

    /**
     * Datagrams of a UDP association: relayed whole while every budget holds them, else dropped.
     * A relayed datagram counts against the quotas as a tunnel's bytes do; once a quota is used
     * up the association's datagrams are dropped, and with {@code close} {@code endSession} is
     * told why, at each datagram that comes after it until the session has ended.
     */
    public UdpBudget udp(Consumer<String> endSession) {
        return (payloadBytes, fromClientSide) -> {
            long now = System.nanoTime();
            for (int i = 0; i < limits.length; i++) {
                LimitSettings settings = limits[i].settings;
                if (settings == null) {
                    continue;
                }
                if (settings.quota() > 0 && budgets[i].used.get() >= settings.quota()) {
                    if (settings.action() == QuotaAction.CLOSE) {
                        usedUp(limits[i], settings, budgets[i], budgets[i].used.get());
                        endSession.accept(closeReason);
                    }
                    return false;
                }
                TokenBucket bucket = fromClientSide ? budgets[i].out : budgets[i].in;
                if (!bucket.tryTake(payloadBytes, now)) {
                    return false;
                }
            }
            for (int i = 0; i < limits.length; i++) {
                LimitSettings settings = limits[i].settings;
                if (settings != null && settings.quota() > 0) {
                    budgets[i].used.addAndGet(payloadBytes);
                }
            }
            (fromClientSide ? fromClient : toClient).count(payloadBytes);
            return true;
        };
    }

    private void usedUp(Limit limit, LimitSettings settings, Budget budget, long used) {
        if (closeReason == null) {
            closeReason = "quota of limit " + limit.name + " used up (" + used + " of " + settings.quota()
                    + " bytes this " + QuotaPeriod.TOKENS.token(settings.period()) + " for " + budget.key + ")";
        }
    }

    /** The session ended: its budgets no longer count it. */
    public void release() {
        table.release(this, limits, budgets);
    }

    /** One direction: takes every read from each budget, the slowest one sets the pause. */
    private final class Direction implements Throttle {

        private final boolean fromClientSide;
        /** Bytes relayed this way. */
        final LongAdder bytes = new LongAdder();

        Direction(boolean fromClientSide) {
            this.fromClientSide = fromClientSide;
        }

        @Override
        public long charge(int size) {
            long now = System.nanoTime();
            long pause = 0;
            boolean close = false;
            for (int i = 0; i < limits.length; i++) {
                Limit limit = limits[i];
                LimitSettings settings = limit.settings;
                if (settings == null) {
                    continue; // deleted: it limits nothing any more
                }
                Budget budget = budgets[i];
                pause = Math.max(pause, (fromClientSide ? budget.out : budget.in).take(size, now));
                if (settings.quota() > 0) {
                    long used = budget.used.addAndGet(size);
                    if (used >= settings.quota() && settings.action() == QuotaAction.CLOSE && !close) {
                        close = true;
                        usedUp(limit, settings, budget, used);
                    }
                }
            }
            count(size);
            return close ? CLOSE : pause;
        }

        @Override
        public long slowestRate() {
            long slowest = 0;
            for (int i = 0; i < limits.length; i++) {
                if (limits[i].settings == null) {
                    continue;
                }
                long rate = (fromClientSide ? budgets[i].out : budgets[i].in).rate();
                if (rate > 0 && (slowest == 0 || rate < slowest)) {
                    slowest = rate;
                }
            }
            return slowest;
        }

        void count(int size) {
            bytes.add(size);
            for (Limit limit : limits) {
                (fromClientSide ? limit.bytesOut : limit.bytesIn).add(size);
            }
        }

        @Override
        public String closeReason() {
            return closeReason;
        }
    }
}
