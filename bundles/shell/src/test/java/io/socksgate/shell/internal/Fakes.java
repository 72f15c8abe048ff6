package io.socksgate.shell.internal;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.Explanation;
import io.socksgate.api.HostPort;
import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.ListenerStats;
import io.socksgate.api.PolicyService;
import io.socksgate.api.Protocol;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.RuleInfo;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.api.SessionState;
import io.socksgate.config.IpLiterals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.console.CommandLine;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Small working implementations of the services the commands use. */
public final class Fakes {

    private Fakes() {}

    /** A policy with a fixed rule list and explanation; validates action and order like the real one. */
    public static final class Policy implements PolicyService {
        public final List<RuleInfo> rules = new CopyOnWriteArrayList<>();
        public final List<Map<String, ?>> validated = new ArrayList<>();
        public Explanation explanation;
        public ProxyRequest explained;

        @Override
        public Decision evaluate(ProxyRequest request) {
            return explain(request).decision();
        }

        @Override
        public Explanation explain(ProxyRequest request) {
            explained = request;
            return explanation;
        }

        @Override
        public List<RuleInfo> rules() {
            return rules;
        }

        @Override
        public io.socksgate.api.RequestMatcher matcher(Map<String, ?> properties) {
            throw new UnsupportedOperationException("not used by the shell");
        }

        @Override
        public void validate(Map<String, ?> properties) {
            validated.add(Map.copyOf(properties));
            Object action = properties.get("action");
            if (!"allow".equals(action) && !"deny".equals(action)) {
                throw new IllegalArgumentException("action: '" + action + "' is neither allow nor deny");
            }
            Object order = properties.get("order");
            if (order != null) {
                try {
                    Integer.parseInt(order.toString());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("order: '" + order + "' is not a whole number");
                }
            }
        }
    }

    /** An in-memory Config Admin: factory configurations and {@code (key=value)} filters only. */
    public static final class ConfigAdmin implements ConfigurationAdmin {
        final Map<String, Config> configurations = new LinkedHashMap<>();
        private int generated;

        /** A rule configuration as File Install would make it from {@code etc/<fileName>}. */
        public Config fromFile(String pid, String factoryPid, String fileName, Object... keyValues) {
            Config config = new Config(this, pid, factoryPid);
            Hashtable<String, Object> properties = new Hashtable<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                properties.put((String) keyValues[i], keyValues[i + 1]);
            }
            if (fileName != null) {
                properties.put("felix.fileinstall.filename", "file:/opt/karaf/etc/" + fileName);
            }
            config.properties = properties;
            configurations.put(pid, config);
            return config;
        }

        @Override
        public Configuration createFactoryConfiguration(String factoryPid) {
            return createFactoryConfiguration(factoryPid, null);
        }

        @Override
        public Configuration createFactoryConfiguration(String factoryPid, String location) {
            return configurations.computeIfAbsent(
                    factoryPid + "." + (++generated), pid -> new Config(this, pid, factoryPid));
        }

        @Override
        public Configuration getConfiguration(String pid, String location) {
            return configurations.computeIfAbsent(pid, p -> new Config(this, p, null));
        }

        @Override
        public Configuration getConfiguration(String pid) {
            return getConfiguration(pid, null);
        }

        @Override
        public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
            return configurations.computeIfAbsent(factoryPid + "~" + name, pid -> new Config(this, pid, factoryPid));
        }

        @Override
        public Configuration getFactoryConfiguration(String factoryPid, String name) {
            return getFactoryConfiguration(factoryPid, name, null);
        }

        @Override
        public Configuration[] listConfigurations(String filter) {
            Matcher m = Pattern.compile("\\(([^=()]+)=([^()]*)\\)").matcher(filter == null ? "" : filter);
            List<Configuration> found = new ArrayList<>();
            for (Config config : configurations.values()) {
                if (config.properties == null) {
                    continue; // never updated: not listed, as in Config Admin
                }
                if (filter == null
                        || (m.matches()
                                && m.group(2)
                                        .equals(String.valueOf(
                                                config.getProperties().get(m.group(1)))))) {
                    found.add(config);
                }
            }
            return found.isEmpty() ? null : found.toArray(new Configuration[0]);
        }
    }

    public static final class Config implements Configuration {
        private final ConfigAdmin admin;
        private final String pid;
        private final String factoryPid;
        Hashtable<String, Object> properties;
        boolean deleted;
        private long changes;

        Config(ConfigAdmin admin, String pid, String factoryPid) {
            this.admin = admin;
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            if (properties == null) {
                return null;
            }
            Hashtable<String, Object> copy = new Hashtable<>(properties);
            copy.put(org.osgi.framework.Constants.SERVICE_PID, pid);
            if (factoryPid != null) {
                copy.put(ConfigurationAdmin.SERVICE_FACTORYPID, factoryPid);
            }
            return copy;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> update) {
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = update.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                copy.put(key, update.get(key));
            }
            properties = copy;
            changes++;
        }

        @Override
        public void delete() {
            deleted = true;
            admin.configurations.remove(pid);
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
            changes++;
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> update) {
            update(update);
            return true;
        }

        @Override
        public void setBundleLocation(String location) {}

        @Override
        public String getBundleLocation() {
            return null;
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) throws IOException {}

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) throws IOException {}
    }

    /** A registry over a fixed session list; kill removes a session. */
    public static final class Sessions implements SessionRegistry {
        public final List<SessionInfo> live = new ArrayList<>();

        @Override
        public List<SessionInfo> sessions() {
            return List.copyOf(live);
        }

        @Override
        public Optional<SessionInfo> session(long id) {
            return live.stream().filter(s -> s.id() == id).findFirst();
        }

        @Override
        public boolean kill(long id) {
            return live.removeIf(s -> s.id() == id);
        }

        @Override
        public int killByUser(String user) {
            int before = live.size();
            live.removeIf(s -> user.equals(s.user()));
            return before - live.size();
        }

        @Override
        public int killByClient(InetAddress client) {
            int before = live.size();
            live.removeIf(s -> client.equals(s.client().getAddress()));
            return before - live.size();
        }
    }

    /**
     * A registry over a fixed listener list, in the order added (the real one sorts by name); the
     * totals are the sum of the listeners' counters plus {@code offset}, so a test can tell the
     * registry's totals from a sum a command would make.
     */
    public static final class Listeners implements ListenerRegistry {
        public final List<ListenerInfo> running = new ArrayList<>();
        public ListenerStats offset = ListenerStats.ZERO;
        /** What {@link #problems} answers. */
        public Function<Map<String, ?>, List<String>> validator = properties -> List.of();

        public final List<Map<String, ?>> validated = new ArrayList<>();
        /**
         * When set, every listener configuration held there is listed too, as {@link #starts} says
         * it started (null: not started yet), as Config Admin and the listeners would.
         */
        public ConfigAdmin configurations;

        public Function<Map<String, Object>, ListenerInfo> starts = properties -> null;

        @Override
        public List<ListenerInfo> listeners() {
            List<ListenerInfo> all = new ArrayList<>(running);
            if (configurations != null) {
                for (Config config : configurations.configurations.values()) {
                    if ("io.socksgate.listener".equals(config.getFactoryPid()) && config.properties != null) {
                        ListenerInfo info = starts.apply(map(config.properties));
                        if (info != null) {
                            all.add(info);
                        }
                    }
                }
            }
            return all;
        }

        @Override
        public List<String> problems(Map<String, ?> properties) {
            validated.add(Map.copyOf(properties));
            return validator.apply(properties);
        }

        @Override
        public ListenerStats totals() {
            ListenerStats total = offset;
            for (ListenerInfo listener : running) {
                total = total.plus(listener.stats());
            }
            return total;
        }
    }

    /** Upstreams as the server would list them: every upstream configuration held by {@link #configurations}. */
    public static final class Upstreams implements io.socksgate.api.UpstreamRegistry {
        public final List<io.socksgate.api.UpstreamInfo> configured = new ArrayList<>();
        public Function<Map<String, ?>, List<String>> validator = properties -> List.of();
        public final List<Map<String, ?>> validated = new ArrayList<>();
        public ConfigAdmin configurations;
        public Function<HostPort, List<Probe>> prober = destination -> List.of();

        @Override
        public List<io.socksgate.api.UpstreamInfo> upstreams() {
            List<io.socksgate.api.UpstreamInfo> all = new ArrayList<>(configured);
            if (configurations != null) {
                for (Config config : configurations.configurations.values()) {
                    if ("io.socksgate.upstream".equals(config.getFactoryPid()) && config.properties != null) {
                        Map<String, Object> properties = map(config.properties);
                        List<io.socksgate.api.UpstreamInfo.Server> servers = new ArrayList<>();
                        for (String server :
                                String.valueOf(properties.get("servers")).split(",")) {
                            servers.add(new io.socksgate.api.UpstreamInfo.Server(
                                    Endpoints.hostPort(server), true, java.time.Instant.EPOCH, 0, 0));
                        }
                        all.add(new io.socksgate.api.UpstreamInfo(
                                String.valueOf(properties.get("name")),
                                String.valueOf(properties.getOrDefault("type", "socks5")),
                                String.valueOf(properties.getOrDefault("strategy", "failover")),
                                servers,
                                null));
                    }
                }
            }
            return all;
        }

        @Override
        public java.util.concurrent.CompletionStage<List<Probe>> probe(String name, HostPort destination) {
            if (upstreams().stream().noneMatch(u -> u.name().equals(name))) {
                return java.util.concurrent.CompletableFuture.failedFuture(
                        new IllegalArgumentException("No upstream named " + name));
            }
            return java.util.concurrent.CompletableFuture.completedFuture(prober.apply(destination));
        }

        @Override
        public List<String> problems(Map<String, ?> properties) {
            validated.add(Map.copyOf(properties));
            return validator.apply(properties);
        }
    }

    /** A SOCKS5 listener without authentication, listening on {@code address} (ip:port). */
    public static ListenerInfo listener(String name, String address, ListenerStats stats) {
        InetSocketAddress bound = Endpoints.client(address);
        return new ListenerInfo(
                name,
                List.of(bound),
                List.of(bound),
                Set.of(Protocol.SOCKS5),
                List.of("none"),
                ListenerInfo.State.LISTENING,
                stats);
    }

    /** A relaying CONNECT session from {@code client} (ip:port) to {@code destination}. */
    public static SessionInfo session(long id, String listener, String user, String client, HostPort destination) {
        InetSocketAddress from = Endpoints.client(client);
        return new SessionInfo(
                id,
                listener,
                Protocol.SOCKS5,
                Command.CONNECT,
                from,
                user,
                user == null ? Set.of() : Set.of("users"),
                destination,
                destination.isName() ? null : new InetSocketAddress(destination.address(), destination.port()),
                new InetSocketAddress(IpLiterals.parse("192.0.2.1"), 50000),
                Instant.parse("2024-05-01T12:00:00Z"),
                SessionState.RELAYING,
                100,
                2000,
                null,
                null);
    }

    /** A command line whose cursor is at the end of {@code word}. */
    public static CommandLine cursorAt(String word) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return word;
            }

            @Override
            public int getArgumentPosition() {
                return word.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {"cmd", word};
            }

            @Override
            public int getBufferPosition() {
                return 4 + word.length();
            }

            @Override
            public String getBuffer() {
                return "cmd " + word;
            }
        };
    }

    /** Collects what a command prints. */
    public static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        public String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        public void clear() {
            bytes.reset();
        }

        public List<String> lines() {
            String text = text();
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    static Map<String, Object> map(Dictionary<String, ?> dictionary) {
        Map<String, Object> map = new HashMap<>();
        for (String key : Collections.list(dictionary.keys())) {
            map.put(key, dictionary.get(key));
        }
        return map;
    }
}
