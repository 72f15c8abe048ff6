package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import io.socksgate.config.ConfigProblems;
import io.socksgate.config.InstanceNames;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.factory.FactoryConfigurations;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.jmx.MBeans;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstreams: one per {@code io.socksgate.upstream} factory configuration, the routes rules
 * name built from them, and the {@link UpstreamRegistry} the shell lists and probes them through.
 * An invalid configuration is listed with its problem and never used; an invalid change keeps the
 * previous version in use. Loop guard: an upstream whose server is one of Socksgate's own
 * listeners is invalid (a request would go round until the sessions ran out).
 */
public final class UpstreamTable implements UpstreamRegistry, FactoryConfigurations.Instances<UpstreamTable.Entry> {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamTable.class);

    private final ProxyEngine engine;
    private final Clock clock;
    private final Predicate<InetSocketAddress> isOwnListener;
    private final MBeans mbeans;
    private final Map<String, Entry> byPid = new LinkedHashMap<>();
    /** The valid upstreams by name, swapped whole on every change: read per request without a lock. */
    private volatile Map<String, Upstream> byName = Map.of();

    /** @param isOwnListener whether an address is one a listener of this Socksgate accepts on */
    public UpstreamTable(ProxyEngine engine, Clock clock, Predicate<InetSocketAddress> isOwnListener) {
        this(engine, clock, isOwnListener, ManagementFactory.getPlatformMBeanServer());
    }

    UpstreamTable(ProxyEngine engine, Clock clock, Predicate<InetSocketAddress> isOwnListener, MBeanServer server) {
        this.engine = engine;
        this.clock = clock;
        this.isOwnListener = isOwnListener;
        this.mbeans = new MBeans(server);
    }

    /** One configuration: the upstream in use (null when it never was valid) and what is wrong now. */
    public static final class Entry implements UpstreamMXBean {
        private final String pid;
        private volatile String name;
        private volatile Upstream upstream;
        private volatile String problem;
        /** What Config Admin gave last, for {@link UpstreamTable#listenersChanged}. */
        private Map<String, Object> properties;

        private Entry(String pid) {
            this.pid = pid;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getType() {
            Upstream in = upstream;
            return in == null ? null : UpstreamType.TOKENS.token(in.settings().type());
        }

        @Override
        public String getStrategy() {
            Upstream in = upstream;
            return in == null ? null : Strategy.TOKENS.token(in.settings().strategy());
        }

        @Override
        public String[] getServers() {
            Upstream in = upstream;
            return in == null
                    ? new String[0]
                    : in.servers().stream()
                            .map(s -> s.server() + (s.isUp() ? " up" : " down"))
                            .toArray(String[]::new);
        }

        @Override
        public int getServersUp() {
            Upstream in = upstream;
            return in == null
                    ? 0
                    : (int) in.servers().stream().filter(ServerHealth::isUp).count();
        }

        @Override
        public int getServersDown() {
            Upstream in = upstream;
            return in == null ? 0 : in.servers().size() - getServersUp();
        }

        @Override
        public long getTunnels() {
            Upstream in = upstream;
            return in == null
                    ? 0
                    : in.servers().stream().mapToLong(ServerHealth::tunnels).sum();
        }

        @Override
        public String getProblem() {
            return problem;
        }
    }

    @Override
    public synchronized Entry create(String pid, Map<String, Object> properties) {
        Entry entry = new Entry(pid);
        apply(entry, properties);
        byPid.put(pid, entry);
        reindex();
        mbeans.register(nameOf(entry.name), entry);
        return entry;
    }

    @Override
    public synchronized void update(Entry entry, Map<String, Object> properties) {
        String previousName = entry.name;
        apply(entry, properties);
        reindex();
        if (!entry.name.equals(previousName)) {
            mbeans.unregister(nameOf(previousName));
        }
        mbeans.register(nameOf(entry.name), entry);
    }

    @Override
    public synchronized void delete(Entry entry) {
        byPid.remove(entry.pid);
        reindex();
        mbeans.unregister(nameOf(entry.name));
        LOG.info("upstream [{}] removed", entry.name);
    }

    /** {@code io.socksgate:type=Upstream,name=NAME}. */
    public static ObjectName nameOf(String upstream) {
        return MBeans.name("Upstream", upstream);
    }

    /**
     * A listener started, moved or stopped: the loop guard is asked again for every upstream.
     * One whose server a listener now accepts on goes out of use (listed with the problem, never
     * routed: its rules' requests are refused, as when it is down); one that was out of use for
     * that reason alone comes back. An upstream keeping its previous configuration after a bad
     * edit keeps it. Resolves server names: never call it on an I/O thread.
     */
    public synchronized void listenersChanged() {
        for (Entry entry : byPid.values()) {
            String instance = InstanceNames.of(UpstreamConfigs.FACTORY_PID, entry.properties);
            UpstreamSettings settings;
            try {
                settings = UpstreamSettings.from(UpstreamConfigs.of(entry.properties), instance);
            } catch (InvalidConfigurationException e) {
                continue; // its last edit is invalid whatever the listeners: it stays as it is
            }
            List<String> loops = loops(settings);
            if (!loops.isEmpty() && entry.upstream != null) {
                entry.upstream = null;
                entry.problem = String.join("; ", loops);
                LOG.error("upstream [{}] ({}) is not used any more: {}", entry.name, entry.pid, entry.problem);
            } else if (loops.isEmpty() && entry.upstream == null) {
                apply(entry, entry.properties);
            }
        }
        reindex();
    }

    private void apply(Entry entry, Map<String, Object> properties) {
        entry.properties = properties;
        String instance = InstanceNames.of(UpstreamConfigs.FACTORY_PID, properties);
        List<String> problems;
        try {
            UpstreamSettings settings = checked(properties, instance);
            entry.upstream = new Upstream(settings, clock, entry.upstream);
            entry.name = settings.name();
            entry.problem = null;
            LOG.info("upstream [{}] loaded: {}", settings.name(), settings);
            return;
        } catch (InvalidConfigurationException e) {
            problems = e.problems();
        }
        entry.problem = String.join("; ", problems);
        if (entry.upstream == null) {
            entry.name = InstanceNames.shown(String.valueOf(properties.getOrDefault("name", "")), instance);
        }
        String consequence = entry.upstream == null ? "is invalid and not used" : "keeps its previous configuration";
        for (String problem : problems) {
            LOG.error("upstream [{}] ({}) {}: {}", entry.name, entry.pid, consequence, problem);
        }
    }

    /** The first configuration (by PID) with a name has it; a later one with the same name is invalid. */
    private void reindex() {
        Map<String, Upstream> names = new HashMap<>();
        for (Entry entry : byPid.values()) {
            if (entry.upstream == null) {
                continue;
            }
            Upstream taken = names.putIfAbsent(entry.upstream.name(), entry.upstream);
            if (taken != null && taken != entry.upstream) {
                entry.problem = "name " + entry.upstream.name() + " is taken by another upstream configuration";
                LOG.error("upstream [{}] ({}) is not used: {}", entry.name, entry.pid, entry.problem);
            }
        }
        byName = Map.copyOf(names);
    }

    /** Whether any upstream is in use: without one, requests go direct unless a rule routes them. */
    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * The route a rule names: its upstreams that are in use, in order (an unknown or invalid name
     * is left out, so the request goes on to the next one), and whether going direct is a choice;
     * null when none of it is in use and direct is not listed (nothing can be tried).
     */
    public Route route(List<String> names) {
        Map<String, Upstream> upstreams = byName;
        List<Upstream> route = new ArrayList<>(names.size());
        boolean direct = false;
        for (String name : names) {
            if (name.equals(Decision.DIRECT)) {
                direct = true;
            } else if (upstreams.containsKey(name)) {
                route.add(upstreams.get(name));
            } else {
                LOG.debug("route names upstream [{}], which is not in use: left out", name);
            }
        }
        return route.isEmpty() && !direct ? null : new Route(route, direct);
    }

    @Override
    public synchronized List<UpstreamInfo> upstreams() {
        List<UpstreamInfo> infos = new ArrayList<>();
        for (Entry entry : byPid.values()) {
            Upstream upstream = entry.upstream;
            if (upstream == null) {
                infos.add(new UpstreamInfo(entry.name, null, null, List.of(), entry.problem));
                continue;
            }
            List<UpstreamInfo.Server> servers = upstream.servers().stream()
                    .map(s -> new UpstreamInfo.Server(
                            s.server(), s.isUp(), s.since(), s.consecutiveFailures(), s.tunnels()))
                    .toList();
            UpstreamSettings settings = upstream.settings();
            infos.add(new UpstreamInfo(
                    entry.name,
                    UpstreamType.TOKENS.token(settings.type()),
                    Strategy.TOKENS.token(settings.strategy()),
                    servers,
                    entry.problem));
        }
        infos.sort(Comparator.comparing(UpstreamInfo::name));
        return infos;
    }

    @Override
    public CompletionStage<List<Probe>> probe(String name, HostPort destination) {
        Upstream upstream = byName.get(name);
        if (upstream == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("No upstream named " + name));
        }
        return new UpstreamProber(engine).probe(upstream, destination).thenApply(probes -> probes.stream()
                .map(p -> new Probe(p.server(), p.succeeded(), p.latency(), p.outcome()))
                .toList());
    }

    @Override
    public List<String> problems(Map<String, ?> properties) {
        Object name = properties.get("name");
        return problems(properties, name == null ? "" : name.toString());
    }

    private List<String> problems(Map<String, ?> properties, String instance) {
        try {
            checked(properties, instance);
            return List.of();
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
    }

    /**
     * Parses the configuration once, then applies the loop guard (resolving server names: never
     * called on an I/O thread).
     *
     * @throws InvalidConfigurationException with the parser's problems, else the loop guard's
     */
    private UpstreamSettings checked(Map<String, ?> properties, String instance) {
        UpstreamSettings settings = UpstreamSettings.from(UpstreamConfigs.of(properties), instance);
        List<String> loops = loops(settings);
        if (!loops.isEmpty()) {
            throw new InvalidConfigurationException(loops);
        }
        return settings;
    }

    /** The loop guard's problems: the servers where a listener of this Socksgate accepts. */
    private List<String> loops(UpstreamSettings settings) {
        ConfigProblems loops = new ConfigProblems();
        for (HostPort server : settings.servers()) {
            if (addresses(server).stream()
                    .anyMatch(address -> isOwnListener.test(new InetSocketAddress(address, server.port())))) {
                loops.add("servers", server, "a listener of this Socksgate (a request would loop)");
            }
        }
        return loops.list();
    }

    private static List<InetAddress> addresses(HostPort server) {
        if (!server.isName()) {
            return List.of(server.address());
        }
        try {
            return List.of(Dialer.resolve(server.name()));
        } catch (UnknownHostException e) {
            return List.of(); // not resolvable now: checked again at the next change
        }
    }
}
