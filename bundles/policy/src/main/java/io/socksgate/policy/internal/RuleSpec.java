package io.socksgate.policy.internal;

import inet.ipaddr.IPAddressSeqRange;
import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.RequestMatcher;
import io.socksgate.config.CommaLists;
import io.socksgate.config.ConfigValueException;
import io.socksgate.config.InstanceNames;
import io.socksgate.config.TypedConfigs;
import io.socksgate.config.ranges.AddressRanges;
import io.socksgate.config.tokens.EnumTokens;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One access rule, parsed and validated from its configuration keys (see {@link RuleConfig}).
 * Every criterion left at {@code any} matches everything; a request matches the rule when it
 * matches every criterion.
 */
final class RuleSpec {

    private static final String ANY = "any";
    private static final String ANONYMOUS = "-";
    /** {@code order} when not given. */
    static final int DEFAULT_ORDER = 100;
    /** The lowest order of an allow rule: every rule at 0 or below denies. */
    static final int FIRST_ALLOW_ORDER = 1;

    private static final int ALL_COMMANDS = Command.values().length;

    final String name;
    final int order;
    final Decision.Action action;
    private final Set<Command> commands;
    private final Set<Protocol> protocols;
    private final Set<String> listeners;
    private final AddressRanges sources;
    private final PortRanges sourcePorts;
    private final Destinations destinations;
    private final PortRanges destinationPorts;
    private final Set<String> users;
    private final Set<String> groups;
    private final boolean anonymous;
    /** The non-default criteria, as the shell lists them. */
    final String summary;
    /** The route of an allow rule (upstream names, {@code direct}); empty for direct only. */
    final List<String> route;
    /** The criteria's entries as configured, to quote them back in rule-test's reasons. */
    private final Map<String, List<String>> criteria;

    private RuleSpec(Builder b) {
        name = b.name;
        order = b.order;
        action = b.action;
        commands = b.commands;
        protocols = b.protocols;
        listeners = b.listeners;
        sources = b.sources;
        sourcePorts = b.sourcePorts;
        destinations = b.destinations;
        destinationPorts = b.destinationPorts;
        users = b.users;
        groups = b.groups;
        anonymous = b.anonymous;
        route = b.route;
        summary = b.summary();
        criteria = Map.copyOf(b.criteria);
    }

    /**
     * Parses rule properties (keys as in {@code etc/io.socksgate.rule-NAME.cfg}) through their typed
     * configuration; for {@code PolicyService.validate} and tests.
     *
     * @see #parse(RuleConfig, String, Predicate, ManagementPorts)
     */
    static RuleSpec parse(
            Map<String, ?> properties,
            String defaultName,
            Predicate<InetAddress> isLocal,
            ManagementPorts managementPorts) {
        return parse(TypedConfigs.of(RuleConfig.class, properties), defaultName, isLocal, managementPorts);
    }

    /** The keys that select requests; a matcher reads only these. */
    static final List<String> MATCH_KEYS = List.of(
            "commands",
            "protocols",
            "listeners",
            "source",
            "source.ports",
            "destination",
            "destination.ports",
            "users");

    /**
     * The match keys of {@code properties} on their own, as an allow rule with those keys would
     * match (the other keys are not read): what bandwidth limits select their requests with.
     *
     * @throws IllegalArgumentException naming the key that is wrong
     */
    static RequestMatcher matcher(
            Map<String, ?> properties, Predicate<InetAddress> isLocal, ManagementPorts managementPorts) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String key : MATCH_KEYS) {
            Object value = properties.get(key);
            if (value != null) {
                keys.put(key, value);
            }
        }
        keys.put("action", "allow");
        RuleSpec spec = parse(keys, "matcher", isLocal, managementPorts);
        return new RequestMatcher() {
            @Override
            public boolean matches(ProxyRequest request) {
                return spec.matches(request);
            }

            @Override
            public String summary() {
                return spec.summary;
            }
        };
    }

    /**
     * Parses a rule's configuration.
     *
     * @param defaultName the name when the configuration has none (the instance name)
     * @param isLocal tells whether an address belongs to this host (for {@code self})
     * @param managementPorts this host's management ports (for {@code destination.ports = management})
     * @throws IllegalArgumentException naming the key that is wrong
     */
    static RuleSpec parse(
            RuleConfig config, String defaultName, Predicate<InetAddress> isLocal, ManagementPorts managementPorts) {
        Builder b = new Builder();
        b.name = InstanceNames.shown(config.name(), defaultName);
        try {
            b.order = config.order();
        } catch (ConfigValueException e) {
            String value = CommaLists.shown(e.value()).trim();
            if (!value.isEmpty()) {
                throw new IllegalArgumentException("order: '" + value + "' is not a whole number");
            }
            b.order = DEFAULT_ORDER; // an empty "order =" line leaves the default, as it always has
        }
        String action = config.action() == null ? "" : config.action().trim().toLowerCase(Locale.ROOT);
        b.action = switch (action) {
            case "allow" -> Decision.Action.ALLOW;
            case "deny" -> Decision.Action.DENY;
            case "" -> throw new IllegalArgumentException("action is missing (allow or deny)");
            default -> throw new IllegalArgumentException("action: '" + action + "' is neither allow nor deny");
        };
        if (b.action == Decision.Action.ALLOW && b.order < FIRST_ALLOW_ORDER) {
            // Ties go by name and lower orders first, so an allow rule at or below 0 could pass
            // the shipped deny-management-ports and expose this Karaf's own ports.
            throw new IllegalArgumentException("order: " + b.order + " is below " + FIRST_ALLOW_ORDER
                    + " for an allow rule: orders up to 0 are for deny rules only, so that no allow rule comes"
                    + " before deny-management-ports (order 0)");
        }
        // In the order the shell lists them.
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        criteria.put("commands", List.of(config.commands()));
        criteria.put("protocols", List.of(config.protocols()));
        criteria.put("listeners", List.of(config.listeners()));
        criteria.put("source", List.of(config.source()));
        criteria.put("source.ports", List.of(config.source_ports()));
        criteria.put("destination", List.of(config.destination()));
        criteria.put("destination.ports", List.of(config.destination_ports()));
        criteria.put("users", List.of(config.users()));
        b.criteria = criteria;
        b.commands = tokens(criteria, "commands", EnumTokens.COMMANDS);
        b.route = route(config.upstream(), b.action);
        if (!b.route.isEmpty()) {
            // A route reaches a destination by CONNECT: a BIND or UDP ASSOCIATE this rule would grant
            // would go direct, around the upstream the operator named, so the rule does not match them.
            if (b.commands != null && !b.commands.contains(Command.CONNECT)) {
                throw new IllegalArgumentException(
                        "upstream: a route serves CONNECT requests, and commands has no" + " connect");
            }
            b.commands = EnumSet.of(Command.CONNECT);
            criteria.put("commands", List.of("connect"));
        }
        b.protocols = tokens(criteria, "protocols", EnumTokens.PROTOCOLS);
        List<String> listeners = list(criteria, "listeners");
        b.listeners = listeners == null ? null : Set.copyOf(listeners);
        List<String> sources = list(criteria, "source");
        if (sources != null) {
            List<IPAddressSeqRange> ranges = new ArrayList<>();
            for (String source : sources) {
                try {
                    ranges.add(AddressRanges.parse(source));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("source: " + e.getMessage());
                }
            }
            b.sources = AddressRanges.of(ranges);
        }
        List<String> sourcePorts = list(criteria, "source.ports");
        b.sourcePorts = sourcePorts == null ? null : PortRanges.parse(sourcePorts, "source.ports", null);
        List<String> destinations = list(criteria, "destination");
        b.destinations = destinations == null ? null : Destinations.parse(destinations, isLocal);
        List<String> destinationPorts = list(criteria, "destination.ports");
        b.destinationPorts = destinationPorts == null
                ? null
                : PortRanges.parse(destinationPorts, "destination.ports", managementPorts);
        List<String> users = list(criteria, "users");
        if (users != null) {
            b.users = new HashSet<>();
            b.groups = new HashSet<>();
            for (String user : users) {
                if (user.equals(ANONYMOUS)) {
                    b.anonymous = true;
                } else if (user.startsWith("@") && user.length() > 1) {
                    b.groups.add(user.substring(1));
                } else if (!user.startsWith("@")) {
                    b.users.add(user);
                } else {
                    throw new IllegalArgumentException("users: '@' needs a group name");
                }
            }
        }
        return new RuleSpec(b);
    }

    /**
     * The {@code upstream} entries: upstream names (each a valid instance name, none twice), and
     * {@code direct} at most once, last (nothing after it could be tried).
     */
    private static List<String> route(String[] entries, Decision.Action action) {
        List<String> route = new ArrayList<>();
        for (String entry : entries) {
            String name = entry.trim();
            if (!route.isEmpty() && route.get(route.size() - 1).equals(Decision.DIRECT)) {
                throw new IllegalArgumentException("upstream: direct must come last, nothing after it is ever tried");
            }
            String problem = name.equals(Decision.DIRECT) ? null : InstanceNames.problem(name);
            if (problem != null) {
                throw new IllegalArgumentException("upstream: '" + name + "' " + problem);
            }
            if (route.contains(name)) {
                throw new IllegalArgumentException("upstream: '" + name + "' is named twice");
            }
            route.add(name);
        }
        if (!route.isEmpty() && action != Decision.Action.ALLOW) {
            throw new IllegalArgumentException("upstream: only an allow rule has a route");
        }
        return List.copyOf(route);
    }

    /**
     * Whether the request matches: the question every request asks, so it builds no text
     * ({@link #mismatch} says why not, for rule-test, and must agree with it).
     */
    boolean matches(ProxyRequest request) {
        return matchesAllButUsers(request) && (users == null || userMatches(request));
    }

    /**
     * For an anonymous request this rule did not match: whether it would match some authenticated
     * user, i.e. it matches on every other criterion and its users key names a user or a group.
     */
    boolean wouldMatchSomeUser(ProxyRequest request) {
        return matchesAllButUsers(request) && (users == null || !users.isEmpty() || !groups.isEmpty());
    }

    /** Whether this rule matches whoever the user is (it has no users key). */
    boolean matchesEveryUser() {
        return users == null;
    }

    private boolean matchesAllButUsers(ProxyRequest request) {
        if ((commands != null && !commands.contains(request.command()))
                || (protocols != null && !protocols.contains(request.protocol()))
                || (listeners != null && !listeners.contains(request.listener()))
                || (sources != null && !sources.contains(request.client().getAddress()))
                || (sourcePorts != null
                        && !sourcePorts.contains(request.client().getPort()))) {
            return false;
        }
        if (request.deferredDestination()) {
            if (deferredMismatch() != null) {
                return false;
            }
        } else if ((destinations != null && !destinations.matches(request))
                || (destinationPorts != null
                        && !destinationPorts.contains(request.destination().port()))) {
            return false;
        }
        return true;
    }

    /** Null when the request matches; otherwise the first criterion it fails, for rule-test. */
    String mismatch(ProxyRequest request) {
        if (commands != null && !commands.contains(request.command())) {
            return "command " + EnumTokens.COMMANDS.token(request.command()) + " not in "
                    + words(commands, EnumTokens.COMMANDS) + (route.isEmpty() ? "" : " (a rule with upstream)");
        }
        if (protocols != null && !protocols.contains(request.protocol())) {
            return "protocol " + EnumTokens.PROTOCOLS.token(request.protocol()) + " not in "
                    + words(protocols, EnumTokens.PROTOCOLS);
        }
        if (listeners != null && !listeners.contains(request.listener())) {
            return "listener " + request.listener() + " not in " + listeners;
        }
        InetAddress client = request.client().getAddress();
        if (sources != null && !sources.contains(client)) {
            return "source " + HostPort.addressText(client) + " not in " + raw("source");
        }
        if (sourcePorts != null && !sourcePorts.contains(request.client().getPort())) {
            return "source port " + request.client().getPort() + " not in " + raw("source.ports");
        }
        String destinationMismatch = request.deferredDestination() ? deferredMismatch() : destinationMismatch(request);
        if (destinationMismatch != null) {
            return destinationMismatch;
        }
        if (users != null && !userMatches(request)) {
            return (request.user() == null ? "anonymous" : "user " + request.user() + " " + request.roles())
                    + " not in " + raw("users");
        }
        return null;
    }

    private String destinationMismatch(ProxyRequest request) {
        if (destinations != null && !destinations.matches(request)) {
            InetAddress target = request.targetAddress();
            String what = request.destination().host()
                    + (request.destination().isName() && target != null
                            ? " (" + HostPort.addressText(target) + ")"
                            : "");
            return "destination " + what + " not in " + raw("destination");
        }
        if (destinationPorts != null
                && !destinationPorts.contains(request.destination().port())) {
            return "destination port " + request.destination().port() + " not in " + raw("destination.ports")
                    + destinationPorts.resolvedTokens();
        }
        return null;
    }

    /**
     * A UDP ASSOCIATE, or a BIND for any peer, names no destination to compare: each datagram's
     * destination, or the peer, is decided on its own once known. So a rule's destination criteria
     * do not grant or refuse the request itself: an allow rule grants it on its other criteria,
     * a deny rule that names destinations is passed over (a deny rule without them denies it).
     */
    private String deferredMismatch() {
        if (action == Decision.Action.DENY && (destinations != null || destinationPorts != null)) {
            return "names destinations, and this request has none yet (each is decided when known)";
        }
        return null;
    }

    private boolean userMatches(ProxyRequest request) {
        if (request.user() == null) {
            return anonymous;
        }
        if (users.contains(request.user())) {
            return true;
        }
        for (String role : request.roles()) {
            if (groups.contains(role)) {
                return true;
            }
        }
        return false;
    }

    private String raw(String key) {
        return String.join(",", criteria.get(key));
    }

    /** {@code [connect, udp]}: the set in the words the key takes. */
    private static <E extends Enum<E>> String words(Set<E> constants, EnumTokens<E> tokens) {
        return constants.stream().map(tokens::token).toList().toString();
    }

    /** The constants the key names, or null for "any" (or absent). */
    private static <E extends Enum<E>> Set<E> tokens(
            Map<String, List<String>> criteria, String key, EnumTokens<E> tokens) {
        List<String> entries = list(criteria, key);
        if (entries == null) {
            return null;
        }
        try {
            return tokens.parseAll(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    /** The key's entries, or null for "any" (or none). */
    private static List<String> list(Map<String, List<String>> criteria, String key) {
        List<String> entries = criteria.get(key);
        if (entries.isEmpty() || entries.stream().anyMatch(e -> e.equalsIgnoreCase(ANY))) {
            if (entries.size() > 1) {
                throw new IllegalArgumentException(key + ": 'any' cannot be combined with other entries");
            }
            return null;
        }
        return entries;
    }

    private static final class Builder {
        String name;
        int order;
        Decision.Action action;
        Set<Command> commands;
        Set<Protocol> protocols;
        Set<String> listeners;
        AddressRanges sources;
        PortRanges sourcePorts;
        Destinations destinations;
        PortRanges destinationPorts;
        Set<String> users;
        Set<String> groups;
        boolean anonymous;
        Map<String, List<String>> criteria;
        List<String> route;

        /**
         * The criteria that narrow the rule: not {@code any}, and not {@code commands} left at
         * all three (its default, which is any command).
         */
        String summary() {
            StringBuilder out = new StringBuilder();
            criteria.forEach((key, entries) -> {
                boolean any = entries.isEmpty()
                        || (entries.size() == 1 && entries.get(0).equalsIgnoreCase(ANY))
                        || (key.equals("commands") && commands != null && commands.size() == ALL_COMMANDS);
                if (!any) {
                    out.append(out.length() == 0 ? "" : " ")
                            .append(key)
                            .append('=')
                            .append(String.join(",", entries));
                }
            });
            String matches = out.length() == 0 ? "any" : out.toString();
            return route.isEmpty() ? matches : matches + " upstream=" + String.join(",", route);
        }
    }
}
