package io.socksgate.server.internal.limit;

import io.socksgate.api.LimitInfo;
import io.socksgate.api.LimitRegistry;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.config.InstanceNames;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.factory.FactoryConfigurations;
import io.socksgate.server.internal.relay.RelayDirection;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bandwidth and quota limits: one per {@code io.socksgate.limit} factory configuration, the
 * budgets their sessions share, and the {@link LimitRegistry} the shell lists them through. An
 * invalid configuration is listed with its problem and never applied; an invalid change keeps the
 * previous version. A valid change of rates or burst applies at once to the budgets of live
 * sessions; match keys and scope apply to new sessions.
 *
 * <p>Cost: {@link #admit} is asked once per granted request; with no limit configured it returns at
 * the first check, and a session no limit matches gets nothing (null), so its relay does no work
 * for limits. A ticker on the shared timer measures rates every second, starts new quota periods
 * and, every {@link #FLUSH_EVERY_TICKS} seconds, hands a write of the quotas' usage to the
 * blocking executor when it changed.
 */
public final class LimitTable implements LimitRegistry, FactoryConfigurations.Instances<LimitTable.Entry> {

    private static final Logger LOG = LoggerFactory.getLogger(LimitTable.class);
    static final int FLUSH_EVERY_TICKS = 10;

    private final PolicyService policy;
    private final RelayDirection.Pacer pacer;
    private final Executor blockingWork;
    private final Clock clock;
    private final ZoneId zone;
    private final QuotaStore store;
    private final Map<String, Entry> byPid = new LinkedHashMap<>();
    /** Usage read at start that no limit has claimed yet, by {@code LIMIT|KEY}; guarded by this. */
    private final Map<String, QuotaStore.Usage> unclaimed;
    /** The limits in force, swapped whole on every change: read per request without a lock. */
    private volatile Limit[] active = new Limit[0];
    /** Every live session some limit applies to, for the ticker's measurements. */
    private final Set<SessionLimits> sessions = ConcurrentHashMap.newKeySet();

    private final ScheduledFuture<?> ticker;
    private long lastTickNanos = System.nanoTime();
    private int ticks;
    private volatile long savedFingerprint;

    /** One configuration, as the factory keeps it. */
    public static final class Entry {
        final Limit limit;

        Entry(Limit limit) {
            this.limit = limit;
        }
    }

    /**
     * @param pacer how a paused direction is resumed after a delay on its I/O thread
     * @param timers the shared timer, for the ticker
     * @param blockingWork where quota usage is written
     * @param store where quota usage survives restarts
     */
    public LimitTable(
            PolicyService policy,
            RelayDirection.Pacer pacer,
            ScheduledExecutorService timers,
            Executor blockingWork,
            Clock clock,
            ZoneId zone,
            QuotaStore store) {
        this.policy = policy;
        this.pacer = pacer;
        this.blockingWork = blockingWork;
        this.clock = clock;
        this.zone = zone;
        this.store = store;
        this.unclaimed = store.load();
        this.ticker = timers.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** A table keeping quota usage in {@code file} (null: nowhere), in the host's time zone. */
    public static LimitTable create(
            PolicyService policy,
            RelayDirection.Pacer pacer,
            ScheduledExecutorService timers,
            Executor blockingWork,
            java.nio.file.Path file) {
        return new LimitTable(
                policy,
                pacer,
                timers,
                blockingWork,
                Clock.systemDefaultZone(),
                ZoneId.systemDefault(),
                new QuotaStore(file));
    }

    RelayDirection.Pacer pacer() {
        return pacer;
    }

    /** Stops the ticker and writes the quotas' usage (on the caller's thread: the component's stop). */
    public void stop() {
        ticker.cancel(false);
        synchronized (this) {
            store.save(usage());
        }
    }

    // ---- configurations

    @Override
    public synchronized Entry create(String pid, Map<String, Object> properties) {
        Entry entry = new Entry(new Limit(pid));
        byPid.put(pid, entry);
        apply(entry.limit, properties);
        reindex();
        return entry;
    }

    @Override
    public synchronized void update(Entry entry, Map<String, Object> properties) {
        apply(entry.limit, properties);
        reindex();
    }

    @Override
    public synchronized void delete(Entry entry) {
        byPid.remove(entry.limit.pid);
        Limit limit = entry.limit;
        LimitSettings last = limit.settings;
        limit.settings = null; // live sessions' throttles skip it from now on
        if (last != null) {
            keepUsage(limit, last);
        }
        reindex();
        LOG.info("limit [{}] removed", limit.name);
    }

    /** A deleted limit's usage stays on disk while its period lasts: re-adding it does not reset a quota. */
    private void keepUsage(Limit limit, LimitSettings settings) {
        if (settings.quota() == 0 || settings.scope() == Scope.PER_SESSION) {
            return;
        }
        limit.budgets.forEach((key, budget) -> {
            if (budget.used.get() > 0) {
                unclaimed.put(limit.name + "|" + key, new QuotaStore.Usage(budget.periodStart, budget.used.get()));
            }
        });
    }

    private void apply(Limit limit, Map<String, Object> properties) {
        String instance = InstanceNames.of(LimitSettings.FACTORY_PID, properties);
        LimitSettings settings;
        try {
            settings = LimitSettings.from(properties, instance, policy);
        } catch (InvalidConfigurationException e) {
            limit.problem = String.join("; ", e.problems());
            if (limit.settings == null) {
                limit.name = InstanceNames.shown(String.valueOf(properties.getOrDefault("name", "")), instance);
            }
            String consequence =
                    limit.settings == null ? "is invalid and not applied" : "keeps its previous configuration";
            for (String problem : e.problems()) {
                LOG.error("limit [{}] ({}) {}: {}", limit.name, limit.pid, consequence, problem);
            }
            return;
        }
        LimitSettings previous = limit.settings;
        if (previous != null && !previous.name().equals(settings.name())) {
            keepUsage(limit, previous);
            limit.budgets.clear(); // live sessions keep theirs; the renamed limit counts anew under its name
        }
        limit.name = settings.name();
        limit.problem = null;
        long now = System.nanoTime();
        limit.budgets.values().forEach(budget -> budget.configure(settings, now));
        limit.settings = settings;
        claimUsage(limit, settings);
        LOG.info("limit [{}] loaded: {}", settings.name(), settings);
    }

    /** Usage kept on disk for this limit, in the current period, becomes its budgets'. */
    private void claimUsage(Limit limit, LimitSettings settings) {
        String prefix = settings.name() + "|";
        long periodStart = settings.period().start(clock.instant(), zone);
        long now = System.nanoTime();
        unclaimed.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(prefix)) {
                return false;
            }
            if (e.getValue().periodStart() == periodStart && settings.quota() > 0) {
                String key = settings.scope().storedKey(e.getKey().substring(prefix.length()));
                Budget budget = limit.budgets.computeIfAbsent(key, k -> new Budget(k, settings, periodStart, now));
                budget.used.accumulateAndGet(e.getValue().used(), Math::max);
            }
            return true;
        });
    }

    /** The first configuration (by PID) with a name has it; a later one with the same name is not applied. */
    private void reindex() {
        Map<String, Limit> names = new HashMap<>();
        List<Limit> inForce = new ArrayList<>();
        for (Entry entry : byPid.values()) {
            Limit limit = entry.limit;
            if (limit.settings == null) {
                continue;
            }
            Limit taken = names.putIfAbsent(limit.name, limit);
            if (taken != null) {
                limit.problem = "name " + limit.name + " is taken by another limit configuration";
                LOG.error("limit [{}] ({}) is not applied: {}", limit.name, limit.pid, limit.problem);
                continue;
            }
            inForce.add(limit);
        }
        active = inForce.toArray(new Limit[0]);
    }

    // ---- sessions

    /**
     * The limits that apply to a granted request, its budgets drawn on; null when none applies
     * (the common case, which allocates nothing).
     *
     * @throws QuotaUsedUp when a matching limit's quota is used up: the request is refused
     */
    public SessionLimits admit(ProxyRequest request, long sessionId) throws QuotaUsedUp {
        Limit[] limits = active;
        if (limits.length == 0) {
            return null;
        }
        List<Limit> matched = null;
        for (Limit limit : limits) {
            LimitSettings settings = limit.settings;
            if (settings != null && settings.matcher().matches(request)) {
                if (matched == null) {
                    matched = new ArrayList<>(2);
                }
                matched.add(limit);
            }
        }
        if (matched == null) {
            return null;
        }
        for (Limit limit : matched) {
            LimitSettings settings = limit.settings;
            if (settings != null && settings.quota() > 0) {
                Budget budget = limit.budgets.get(settings.scope().key(request, sessionId));
                if (budget != null && budget.used.get() >= settings.quota()) {
                    throw new QuotaUsedUp(
                            limit.name,
                            "quota of limit " + limit.name + " used up ("
                                    + budget.used.get() + " of " + settings.quota() + " bytes this "
                                    + QuotaPeriod.TOKENS.token(settings.period()) + " for " + budget.key + ")");
                }
            }
        }
        Limit[] applied = matched.toArray(new Limit[0]);
        Budget[] budgets = new Budget[applied.length];
        long now = System.nanoTime();
        for (int i = 0; i < applied.length; i++) {
            Limit limit = applied[i];
            LimitSettings settings = limit.settings;
            long periodStart = settings.period().start(clock.instant(), zone);
            budgets[i] = limit.budgets.compute(settings.scope().key(request, sessionId), (key, budget) -> {
                Budget taken = budget != null ? budget : new Budget(key, settings, periodStart, now);
                taken.sessions++;
                return taken;
            });
        }
        SessionLimits session = new SessionLimits(this, applied, budgets);
        for (Limit limit : applied) {
            limit.sessions.add(session);
        }
        sessions.add(session);
        return session;
    }

    /** A session ended: budgets nobody uses go, unless they hold quota usage of the period. */
    void release(SessionLimits session, Limit[] limits, Budget[] budgets) {
        if (!sessions.remove(session)) {
            return;
        }
        for (int i = 0; i < limits.length; i++) {
            Limit limit = limits[i];
            Budget mine = budgets[i];
            limit.sessions.remove(session);
            limit.budgets.computeIfPresent(mine.key, (key, budget) -> {
                if (budget != mine) {
                    return budget; // the limit was renamed meanwhile: another budget has the key
                }
                budget.sessions--;
                LimitSettings settings = limit.settings;
                boolean keep = settings != null
                        && settings.quota() > 0
                        && settings.scope() != Scope.PER_SESSION
                        && budget.used.get() > 0;
                return budget.sessions > 0 || keep ? budget : null;
            });
        }
    }

    /** A used-up quota refuses the request. */
    public static final class QuotaUsedUp extends Exception {
        private static final long serialVersionUID = 1L;
        private final String limit;

        QuotaUsedUp(String limit, String reason) {
            super(reason, null, false, false);
            this.limit = limit;
        }

        /** The limit's name. */
        public String limit() {
            return limit;
        }
    }

    // ---- the ticker

    private void tick() {
        try {
            long now = System.nanoTime();
            double seconds = (now - lastTickNanos) / 1e9;
            lastTickNanos = now;
            for (Limit limit : active) {
                long in = limit.bytesIn.sum();
                long out = limit.bytesOut.sum();
                limit.measuredIn = Math.round((in - limit.seenIn) / seconds);
                limit.measuredOut = Math.round((out - limit.seenOut) / seconds);
                limit.seenIn = in;
                limit.seenOut = out;
                startNewPeriods(limit);
            }
            for (SessionLimits session : sessions) {
                long from = session.bytesFromClient();
                long to = session.bytesToClient();
                session.rateFromClient = Math.round((from - session.seenFromClient) / seconds);
                session.rateToClient = Math.round((to - session.seenToClient) / seconds);
                session.seenFromClient = from;
                session.seenToClient = to;
            }
            if (++ticks % FLUSH_EVERY_TICKS == 0) {
                flushIfChanged();
            }
        } catch (RuntimeException e) {
            LOG.warn("measuring the limits failed", e);
        }
    }

    private void startNewPeriods(Limit limit) {
        LimitSettings settings = limit.settings;
        if (settings == null || settings.quota() == 0) {
            return;
        }
        long periodStart = settings.period().start(clock.instant(), zone);
        limit.budgets.values().forEach(budget -> {
            if (budget.periodStart != periodStart) {
                budget.periodStart = periodStart;
                budget.used.set(0);
            }
        });
    }

    private void flushIfChanged() {
        Map<String, QuotaStore.Usage> usage;
        synchronized (this) {
            usage = usage();
        }
        long fingerprint = usage.hashCode();
        if (fingerprint == savedFingerprint) {
            return;
        }
        try {
            blockingWork.execute(() -> {
                store.save(usage);
                savedFingerprint = fingerprint;
            });
        } catch (RejectedExecutionException e) {
            // busy or stopping: the next flush (or the stop) writes it
        }
    }

    /** Usage to keep: budgets with quota usage this period, and what no limit has claimed. */
    private Map<String, QuotaStore.Usage> usage() {
        Map<String, QuotaStore.Usage> usage = new HashMap<>(unclaimed);
        for (Entry entry : byPid.values()) {
            Limit limit = entry.limit;
            LimitSettings settings = limit.settings;
            if (settings == null || settings.quota() == 0 || settings.scope() == Scope.PER_SESSION) {
                continue;
            }
            limit.budgets.forEach((key, budget) -> {
                long used = budget.used.get();
                if (used > 0) {
                    usage.put(limit.name + "|" + key, new QuotaStore.Usage(budget.periodStart, used));
                }
            });
        }
        return usage;
    }

    // ---- the registry

    @Override
    public synchronized List<LimitInfo> limits() {
        List<LimitInfo> infos = new ArrayList<>();
        for (Entry entry : byPid.values()) {
            Limit limit = entry.limit;
            LimitSettings s = limit.settings;
            if (s == null) {
                infos.add(new LimitInfo(
                        limit.name, null, null, 0, 0, 0, 0, null, null, 0, 0, 0, Map.of(), limit.problem));
                continue;
            }
            Map<String, Long> used = new HashMap<>();
            if (s.quota() > 0) {
                limit.budgets.forEach((key, budget) -> {
                    if (budget.used.get() > 0) {
                        used.put(key, budget.used.get());
                    }
                });
            }
            infos.add(new LimitInfo(
                    limit.name,
                    s.matcher().summary(),
                    Scope.TOKENS.token(s.scope()),
                    s.rateIn(),
                    s.rateOut(),
                    s.burstGiven() ? s.burstIn() : 0, // unset: a second of each direction's rate
                    s.quota(),
                    QuotaPeriod.TOKENS.token(s.period()),
                    QuotaAction.TOKENS.token(s.action()),
                    limit.sessions.size(),
                    limit.measuredIn,
                    limit.measuredOut,
                    used,
                    limit.problem));
        }
        infos.sort(Comparator.comparing(LimitInfo::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return infos;
    }

    @Override
    public List<String> problems(Map<String, ?> properties) {
        Object name = properties.get("name");
        try {
            LimitSettings.from(properties, name == null ? "" : name.toString(), policy);
            return List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }
}
