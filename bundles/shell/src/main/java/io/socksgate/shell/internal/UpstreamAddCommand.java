package io.socksgate.shell.internal;

import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@Command(
        scope = "socks",
        name = "upstream-add",
        description = "Adds an upstream proxy: etc/io.socksgate.upstream-NAME.cfg and its configuration.",
        detailedDescription = "The upstream is checked first, by the same parser the upstreams use, and nothing"
                + " is written when a value is wrong (every bad key is named). It is written as the factory"
                + " configuration io.socksgate.upstream~NAME backed by etc/io.socksgate.upstream-NAME.cfg. Rules"
                + " use it with upstream = NAME (socks:rule-add --upstream NAME). With --username and without"
                + " --password the password is asked for, unechoed, so that it stays out of the shell's"
                + " history (in an interactive console; without a terminal give --password); it is stored in"
                + " the configuration (and its file) and sent to this upstream only, never logged. Options left"
                + " out take their defaults (see the upstream configuration in the README); --servers takes a"
                + " comma list and may be repeated.")
public class UpstreamAddCommand extends ConfigCommandSupport {

    @Argument(name = "name", description = "The upstream's name: letters, digits, '.', '_' and '-'", required = true)
    String name;

    @Option(
            name = "-t",
            aliases = {"--type"},
            description = "socks5 (RFC 1928/1929), socks4 (4a for names) or http (CONNECT, Basic) (default socks5)")
    @Completion(
            value = StringsCompleter.class,
            values = {"socks5", "socks4", "http"})
    String type;

    @Option(
            name = "-s",
            aliases = {"--servers"},
            description = "Servers as HOST:PORT, in priority order",
            required = true,
            multiValued = true)
    List<String> servers;

    @Option(name = "--strategy", description = "failover, round-robin or source-hash (default failover)")
    @Completion(
            value = StringsCompleter.class,
            values = {"failover", "round-robin", "source-hash"})
    String strategy;

    @Option(
            name = "-u",
            aliases = {"--username"},
            description = "User name sent to this upstream (SOCKS5 RFC 1929, HTTP Basic; SOCKS4 user id)")
    String username;

    @Option(name = "--password", description = "Password sent to this upstream; asked for when left out")
    String password;

    @Option(
            name = "--resolve",
            description = "local: the proxy resolves, checks and sends the address (default); remote: sends the name")
    @Completion(
            value = StringsCompleter.class,
            values = {"local", "remote"})
    String resolve;

    @Option(name = "--timeout-connect", description = "Seconds per server for connect and handshake (default 10)")
    String timeoutConnect;

    @Option(name = "--fail-max", description = "Consecutive failures that mark a server down (default 1)")
    String failMax;

    @Option(name = "--fail-timeout", description = "Seconds a server stays down (default 30)")
    String failTimeout;

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the upstreams come from the server bundle, which may be stopped.
    @Reference(optional = true)
    UpstreamRegistry upstreams;

    @Reference(optional = true)
    Session session;

    /**
     * Adds the upstream and waits until it is listed.
     *
     * @throws CommandException when a value is wrong or the name taken (nothing is written)
     */
    /**
     * Asks for the password, unechoed. A headless session (ssh or bin/client given a command, a
     * script) has no terminal: Karaf's readLine throws UnsupportedOperationException there.
     */
    private String askPassword() throws Exception {
        try {
            return session.readLine("Password for upstream " + name + ": ", '*');
        } catch (UnsupportedOperationException headless) {
            throw failure("Not added: no terminal to ask for the password of upstream " + name + " (ssh or"
                    + " bin/client with a command, a script): give it with --password, or run socks:upstream-add"
                    + " in an interactive console");
        }
    }

    @Override
    protected void doExecute() throws Exception {
        UpstreamRegistry upstreams = required(this.upstreams, "The upstream registry");
        FactoryConfigs configs = FactoryConfigs.UPSTREAMS;
        checkNewName(configs, name);
        if (username != null && password == null && session != null) {
            password = askPassword();
        }
        Map<String, String> properties = properties();
        List<String> problems = upstreams.problems(properties);
        if (!problems.isEmpty()) {
            throw failure("Not added: upstream " + name + " is invalid:\n  " + String.join("\n  ", problems));
        }
        if (find(upstreams, name).isPresent()) {
            throw failure("Not added: upstream " + name + " already exists (listed by socks:upstream-list); remove"
                    + " it first with socks:upstream-remove " + name);
        }
        String where = configs.create(configAdmin, etc, name, properties, header());
        if (!awaitUntil(applyTimeout, () -> find(upstreams, name).isPresent())) {
            out().println("Added upstream " + name + " (" + where + "); it is not listed yet, see socks:upstream-list");
            return;
        }
        UpstreamInfo added = find(upstreams, name).orElseThrow();
        if (added.problem() != null) {
            throw failure("Added upstream " + name + " (" + where + "), but it is invalid: " + added.problem());
        }
        out().println("Added upstream " + name + " (" + where + "): " + added.type() + " via "
                + added.servers().stream()
                        .map(server -> Format.destination(server.address()))
                        .collect(Collectors.joining(", "))
                + " (" + added.strategy() + ")");
    }

    /** The upstream's properties as written, keys as in the .cfg file; options left out are left out. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("name", name);
        put(properties, "type", type);
        putList(properties, "servers", servers);
        put(properties, "strategy", strategy);
        put(properties, "username", username);
        if (password != null && !password.isEmpty()) {
            properties.put("password", password); // as typed: spaces may be part of it
        }
        put(properties, "resolve", resolve);
        put(properties, "timeout.connect", timeoutConnect);
        put(properties, "fail.max", failMax);
        put(properties, "fail.timeout", failTimeout);
        return properties;
    }

    private static Optional<UpstreamInfo> find(UpstreamRegistry upstreams, String upstream) {
        return upstreams.upstreams().stream()
                .filter(u -> upstream.equals(u.name()))
                .findFirst();
    }

    private static List<String> header() {
        return List.of(
                "Socksgate upstream proxy, added with socks:upstream-add; keys as in io.socksgate.upstream",
                "(see the README). socks:upstream-remove deletes it; edits here apply at once. It may hold",
                "a password: keep etc/ readable by the Karaf user only.");
    }
}
