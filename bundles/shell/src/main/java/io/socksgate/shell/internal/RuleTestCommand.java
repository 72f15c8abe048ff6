package io.socksgate.shell.internal;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.Explanation;
import io.socksgate.api.HostPort;
import io.socksgate.api.PolicyService;
import io.socksgate.api.Protocol;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import io.socksgate.config.CommaLists;
import io.socksgate.config.tokens.EnumTokens;
import io.socksgate.shell.internal.completers.ListenerNameCompleter;
import io.socksgate.shell.internal.completers.ProtocolCompleter;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@org.apache.karaf.shell.api.action.Command(
        scope = "socks",
        name = "rule-test",
        description = "Shows which rule decides a request, and why the rules before it did not match.",
        detailedDescription = "Nothing is counted and nothing connects. A destination given as a name is"
                + " resolved here exactly as the proxy does (the first address is the one checked and"
                + " connected to). --source may carry a port (10.0.0.5:40000, [::1]:40000) for rules with"
                + " source.ports; without one the port is 0.")
public class RuleTestCommand extends SocksCommandSupport {

    /** Resolves a destination name; the proxy uses the first address. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    @Option(
            name = "-s",
            aliases = {"--source"},
            description = "The client's address (and port), e.g. 10.0.0.5 or [::1]:40000",
            required = true,
            multiValued = false)
    String source;

    @Option(
            name = "-d",
            aliases = {"--destination"},
            description = "HOST:PORT, e.g. example.com:443, 10.0.0.1:80, [::1]:80",
            required = true,
            multiValued = false)
    String destination;

    @Option(
            name = "-c",
            aliases = {"--command"},
            description = "connect (default), bind or udp",
            required = false,
            multiValued = false)
    @Completion(
            value = StringsCompleter.class,
            values = {"connect", "bind", "udp"})
    String command = "connect";

    @Option(
            name = "-u",
            aliases = {"--user"},
            description = "The authenticated user; anonymous when left out",
            required = false,
            multiValued = false)
    String user;

    @Option(
            name = "-r",
            aliases = {"--roles"},
            description = "The user's roles and groups (matched by @group), comma list",
            required = false,
            multiValued = true)
    List<String> roles;

    @Option(
            name = "-l",
            aliases = {"--listener"},
            description = "The listener's name (default: default)",
            required = false,
            multiValued = false)
    @Completion(ListenerNameCompleter.class)
    String listener = "default";

    @Option(
            name = "--protocol",
            description = "socks5 (default), socks4, http or transparent",
            required = false,
            multiValued = false)
    @Completion(ProtocolCompleter.class)
    String protocol = "socks5";

    @Reference
    PolicyService policy;

    /** Optional: without it, a route is shown as the rule names it. */
    @Reference(optional = true)
    UpstreamRegistry upstreams;

    Resolver resolver = InetAddress::getAllByName;

    @Override
    protected void doExecute() throws CommandException {
        test();
    }

    /**
     * Explains the request.
     *
     * @return the decision, or null when the destination name does not resolve (the proxy refuses
     *     such a request before it asks the policy)
     * @throws CommandException when an option is wrong
     */
    Decision test() throws CommandException {
        ProxyRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            throw failure(e.getMessage());
        }
        PrintStream out = out();
        out.println("Request: " + describe(request));
        if (request.targetAddress() == null) {
            out.println("=> refused: " + request.destination().name() + " does not resolve; the proxy refuses"
                    + " such a request (host unreachable) before it asks the policy");
            return null;
        }
        Explanation explanation = policy.explain(request);
        lines(explanation, upstreamsInUse(upstreams)).forEach(out::println);
        return explanation.decision();
    }

    /**
     * The request the options describe, a destination name resolved as the proxy does; {@code
     * resolved} stays null when the name does not resolve.
     *
     * @throws IllegalArgumentException when an option is wrong
     */
    ProxyRequest request() {
        InetSocketAddress client = Endpoints.client(source);
        HostPort target = Endpoints.hostPort(destination);
        String who = user == null || user.isBlank() ? null : user.trim();
        Set<String> groups = new LinkedHashSet<>(CommaLists.entries(roles));
        if (who == null && !groups.isEmpty()) {
            throw new IllegalArgumentException("--roles needs --user: an anonymous client has no roles");
        }
        Protocol speaks = option("--protocol", protocol, EnumTokens.PROTOCOLS);
        Command asks = option("--command", command, EnumTokens.COMMANDS);
        InetAddress resolved = null;
        if (target.isName()) {
            try {
                InetAddress[] addresses = resolver.resolve(target.name());
                resolved = addresses == null || addresses.length == 0 ? null : addresses[0];
            } catch (UnknownHostException e) {
                resolved = null;
            }
        }
        return new ProxyRequest(
                listener == null || listener.isBlank() ? "default" : listener.trim(),
                speaks,
                asks,
                client,
                who,
                groups,
                target,
                resolved);
    }

    /** The upstreams a route can use now: configured with servers; null when the registry is not there. */
    static Set<String> upstreamsInUse(UpstreamRegistry registry) {
        if (registry == null) {
            return null;
        }
        Set<String> inUse = new LinkedHashSet<>();
        for (UpstreamInfo upstream : registry.upstreams()) {
            if (!upstream.servers().isEmpty()) {
                inUse.add(upstream.name());
            }
        }
        return inUse;
    }

    /**
     * One line per rule looked at (order, name, MATCH or why not), then the decision, and for an
     * allow rule with a route, which of its upstreams are not in use ({@code inUse} null: not
     * known) and whether that leaves the request refused, as the proxy would refuse it.
     */
    static List<String> lines(Explanation explanation, Set<String> inUse) {
        List<String> lines = new ArrayList<>();
        int width = 4;
        for (Explanation.RuleOutcome outcome : explanation.rules()) {
            width = Math.max(width, outcome.rule().length());
        }
        if (explanation.rules().isEmpty()) {
            lines.add("  (no rules)");
        }
        for (Explanation.RuleOutcome outcome : explanation.rules()) {
            String order = outcome.order() == Integer.MAX_VALUE ? Format.NONE : String.valueOf(outcome.order());
            String result = outcome.matched() ? "MATCH" + matchedOn(outcome.reason()) : outcome.reason();
            lines.add(String.format(Locale.ROOT, "  %6s  %-" + width + "s  %s", order, outcome.rule(), result));
        }
        Decision decision = explanation.decision();
        String action = decision.action().name().toLowerCase(Locale.ROOT);
        List<Explanation.RuleOutcome> rules = explanation.rules();
        boolean byRule = !rules.isEmpty() && rules.get(rules.size() - 1).matched();
        lines.add(
                byRule
                        ? "=> " + action + " by rule " + decision.rule()
                        : "=> " + action + " by the default action (no rule matched)");
        if (decision.allowed() && !decision.route().isEmpty()) {
            List<String> hops = new ArrayList<>();
            boolean usable = false;
            for (String hop : decision.route()) {
                boolean direct = hop.equals(Decision.DIRECT);
                boolean known = direct || inUse == null || inUse.contains(hop);
                usable |= known;
                hops.add(known ? hop : hop + " (not in use)");
            }
            lines.add("   route: " + String.join(", ", hops));
            if (!usable) {
                lines.add("   no upstream of the route is in use: such a request is refused (SOCKS5 01, HTTP 503)");
            }
        }
        if (decision.credentialsMayAllow()) {
            lines.add("   a user who logs in may be allowed: HTTP clients are asked for credentials (407)"
                    + " on listeners that take passwords");
        }
        return lines;
    }

    private static String matchedOn(String reason) {
        if (reason == null || reason.isBlank()) {
            return "";
        }
        String text = reason.startsWith("matched: ") ? reason.substring("matched: ".length()) : reason;
        return "  (" + text + ")";
    }

    /** {@code connect socks5 from 10.0.0.5:0 to example.com:443 (192.0.2.7) on listener default, anonymous} */
    static String describe(ProxyRequest request) {
        HostPort target = request.destination();
        String to = target + (request.resolved() != null ? " (" + HostPort.addressText(request.resolved()) + ")" : "");
        String who = request.user() == null
                ? "anonymous"
                : "user " + request.user()
                        + (request.roles().isEmpty() ? "" : " roles " + Format.list(request.roles()));
        return Format.command(request.command()) + " " + Format.protocol(request.protocol()) + " from "
                + Format.address(request.client()) + " to " + to + " on listener " + request.listener() + ", " + who;
    }

    /** The option's value, in the words the rule keys take. */
    private static <E extends Enum<E>> E option(String option, String text, EnumTokens<E> tokens) {
        try {
            return tokens.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
