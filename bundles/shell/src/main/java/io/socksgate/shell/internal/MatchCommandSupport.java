package io.socksgate.shell.internal;

import io.socksgate.shell.internal.completers.ProtocolCompleter;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * A command that adds a configuration selecting requests the way an access rule does ({@code
 * socks:rule-add}, {@code socks:limit-add}): the match options, and the match keys they become,
 * which the policy's one parser reads for rules and limits alike ({@code
 * io.socksgate.api.RequestMatcher}).
 */
public abstract class MatchCommandSupport extends ConfigCommandSupport {

    @Option(
            name = "-s",
            aliases = {"--source"},
            description = "Client addresses: CIDRs (10.0.0.0/8, ::1/128), ranges (10.0.0.1-10.0.0.99), or any",
            multiValued = true)
    List<String> source;

    @Option(
            name = "--source-ports",
            description = "Client ports, e.g. 1024-65535 (key source.ports)",
            multiValued = true)
    List<String> sourcePorts;

    @Option(
            name = "-d",
            aliases = {"--destination"},
            description = "Destinations: CIDRs, ranges, host names, globs (*.example.com), self, or any",
            multiValued = true)
    List<String> destination;

    @Option(
            name = "-p",
            aliases = {"--ports"},
            description = "Destination ports, e.g. 80,443,8000-8999 (key destination.ports)",
            multiValued = true)
    List<String> ports;

    @Option(
            name = "-u",
            aliases = {"--users"},
            description = "User names, @group (JAAS roles), - for anonymous",
            multiValued = true)
    List<String> users;

    @Option(
            name = "-c",
            aliases = {"--commands"},
            description = "Commands: connect, bind, udp",
            multiValued = true)
    @Completion(
            value = StringsCompleter.class,
            values = {"connect", "bind", "udp"})
    List<String> commands;

    @Option(name = "--protocols", description = "Protocols: socks4, socks5, http, transparent", multiValued = true)
    @Completion(ProtocolCompleter.class)
    List<String> protocols;

    @Option(name = "--listeners", description = "Listener names", multiValued = true)
    List<String> listeners;

    /**
     * Puts the match keys given (each a comma list, as in the .cfg file) in the order the file
     * lists them; options left out are left out, so they match anything.
     */
    void putMatch(Map<String, String> properties) {
        putList(properties, "commands", commands);
        putList(properties, "protocols", protocols);
        putList(properties, "listeners", listeners);
        putList(properties, "source", source);
        putList(properties, "source.ports", sourcePorts);
        putList(properties, "destination", destination);
        putList(properties, "destination.ports", ports);
        putList(properties, "users", users);
    }
}
