package io.socksgate.shell.internal;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.shell.internal.completers.ProtocolCompleter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@Command(
        scope = "socks",
        name = "listener-add",
        description = "Adds a SOCKS listener: etc/io.socksgate.listener-NAME.cfg and its configuration.",
        detailedDescription = "The listener is checked first, by the same parser the listeners use, and nothing"
                + " is written when a value is wrong (every bad key is named). It is written as the factory"
                + " configuration io.socksgate.listener~NAME backed by etc/io.socksgate.listener-NAME.cfg, so"
                + " config:list and etc/ agree. The command then waits until the listener listens: when it cannot"
                + " bind (the port is taken, say) its configuration is removed again and the command fails."
                + " Options left out take their defaults (see the listener configuration in the README);"
                + " multi-valued options take comma lists and may be repeated.")
public class ListenerAddCommand extends ConfigCommandSupport {

    /** How often the command looks whether the listener changed: Config Admin applies it within milliseconds. */
    @Argument(name = "name", description = "The listener's name: letters, digits, '.', '_' and '-'", required = true)
    String name;

    @Option(
            name = "-p",
            aliases = {"--port"},
            description = "TCP port, 1 to 65535",
            required = true)
    String port;

    @Option(
            name = "-b",
            aliases = {"--bind"},
            description = "IP addresses of this host to listen on; 0.0.0.0 or :: for all (default 127.0.0.1)",
            multiValued = true)
    List<String> bind;

    @Option(
            name = "--protocols",
            description = "Protocols served: socks5, socks4 (includes 4a), http, or transparent alone (default socks5)",
            multiValued = true)
    @Completion(ProtocolCompleter.class)
    List<String> protocols;

    @Option(
            name = "-a",
            aliases = {"--auth"},
            description = "SOCKS5 methods in order of preference: none, password (default none)",
            multiValued = true)
    @Completion(
            value = StringsCompleter.class,
            values = {"none", "password"})
    List<String> auth;

    @Option(name = "--realm", description = "JAAS realm for password (default karaf)")
    String realm;

    @Option(name = "--backlog", description = "Accept backlog (default 256)")
    String backlog;

    @Option(name = "--timeout-handshake", description = "Seconds from accept until a complete request (default 10)")
    String timeoutHandshake;

    @Option(name = "--timeout-connect", description = "Seconds for the outbound connect (default 30)")
    String timeoutConnect;

    @Option(name = "--timeout-bind", description = "Seconds BIND waits for the incoming peer (default 120)")
    String timeoutBind;

    @Option(
            name = "--timeout-idle",
            description = "Seconds without traffic before a tunnel is closed; 0 = never (default 600)")
    String timeoutIdle;

    @Option(
            name = "--max-sessions",
            description = "Sessions on this listener, handshaking ones included (default 10000)")
    String maxSessions;

    @Option(
            name = "--max-sessions-per-client",
            description = "Sessions per client IP address; 0 = unlimited (default 0)")
    String maxSessionsPerClient;

    @Option(
            name = "--proxy-protocol",
            description = "PROXY protocol header expected first, from a load balancer: off, v1, v2 or v1,v2"
                    + " (default off); needs --proxy-protocol-trusted",
            multiValued = true)
    @Completion(
            value = StringsCompleter.class,
            values = {"off", "v1", "v2", "v1,v2"})
    List<String> proxyProtocol;

    @Option(
            name = "--proxy-protocol-trusted",
            description = "Addresses or CIDR blocks of the load balancers allowed to send the PROXY header",
            multiValued = true)
    List<String> proxyProtocolTrusted;

    @Reference
    ListenerRegistry listeners;

    /**
     * Adds the listener and waits until it listens.
     *
     * @throws CommandException when a value is wrong or the name taken (nothing is written), or
     *     when the listener cannot bind (its configuration is removed again)
     */
    @Override
    protected void doExecute() throws Exception {
        FactoryConfigs configs = FactoryConfigs.LISTENERS;
        checkNewName(configs, name);
        Map<String, String> properties = properties();
        List<String> problems = listeners.problems(properties);
        if (!problems.isEmpty()) {
            throw failure("Not added: listener " + name + " is invalid:\n  " + String.join("\n  ", problems));
        }
        if (find(name).isPresent()) {
            throw failure("Not added: listener " + name + " already exists (listed by socks:listener-list); remove"
                    + " it first with socks:listener-remove " + name);
        }
        String where = configs.create(configAdmin, etc, name, properties, header());
        ListenerInfo started = awaitStarted();
        if (started == null) {
            out().println("Added listener " + name + " (" + where + "); it is not listed yet, see socks:listener-list");
            return;
        }
        if (started.state() != ListenerInfo.State.LISTENING) {
            configs.remove(
                    configAdmin,
                    List.of(name),
                    new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
            throw failure("Not added: listener " + name + " did not start (" + Format.state(started.state()) + "): "
                    + started.problem() + "; its configuration was removed again");
        }
        out().println("Added listener " + name + " (" + where + "): listening on "
                + Format.addresses(started.bound()) + " (" + Format.protocols(started.protocols()) + "; auth "
                + Format.ordered(started.auth()) + ")");
    }

    /** The listener's properties as written, keys as in the .cfg file; options left out are left out. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("name", name);
        putList(properties, "bind", bind);
        put(properties, "port", port);
        putList(properties, "protocols", protocols);
        putList(properties, "auth", auth);
        put(properties, "realm", realm);
        put(properties, "backlog", backlog);
        put(properties, "timeout.handshake", timeoutHandshake);
        put(properties, "timeout.connect", timeoutConnect);
        put(properties, "timeout.bind", timeoutBind);
        put(properties, "timeout.idle", timeoutIdle);
        put(properties, "max.sessions", maxSessions);
        put(properties, "max.sessions.per.client", maxSessionsPerClient);
        putList(properties, "proxy.protocol", proxyProtocol);
        putList(properties, "proxy.protocol.trusted", proxyProtocolTrusted);
        return properties;
    }

    /**
     * Waits, bounded, until the listener shows up and is past starting.
     *
     * @return its state, or null when it did not show up in time
     */
    private ListenerInfo awaitStarted() throws InterruptedException {
        return awaitUntil(applyTimeout, () -> find(name).isPresent())
                ? find(name).orElse(null)
                : null;
    }

    private Optional<ListenerInfo> find(String listener) {
        return listeners.listeners().stream()
                .filter(l -> listener.equals(l.name()))
                .findFirst();
    }

    private static List<String> header() {
        return List.of(
                "Socksgate listener, added with socks:listener-add; keys as in io.socksgate.listener",
                "(see etc/io.socksgate.listener-default.cfg). socks:listener-remove deletes it; edits here",
                "apply at once.");
    }
}
