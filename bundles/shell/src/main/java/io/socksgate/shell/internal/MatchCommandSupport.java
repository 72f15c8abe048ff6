package io.socksgate.shell.internal;

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
 *
 * <p>{@code --source}, {@code --destination} and {@code --ports} are declared by each command,
 * because their help texts differ between the two (an option's description is a constant of its
 * field), and only {@code rule-add} has {@code --source-ports}: the commands hand them to {@link
 * #putMatch}.
 */
public abstract class MatchCommandSupport extends ConfigCommandSupport {

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
    @Completion(
            value = StringsCompleter.class,
            values = {"socks4", "socks5", "http", "transparent"})
    List<String> protocols;

    @Option(name = "--listeners", description = "Listener names", multiValued = true)
    List<String> listeners;

    /**
     * Puts the match keys given (each a comma list, as in the .cfg file) in the order the file
     * lists them; options left out are left out, so they match anything.
     *
     * @param source the command's {@code --source} occurrences
     * @param sourcePorts its {@code --source-ports} occurrences (empty for a command without it)
     * @param destination its {@code --destination} occurrences
     * @param destinationPorts its {@code --ports} occurrences
     */
    void putMatch(
            Map<String, String> properties,
            List<String> source,
            List<String> sourcePorts,
            List<String> destination,
            List<String> destinationPorts) {
        putList(properties, "commands", commands);
        putList(properties, "protocols", protocols);
        putList(properties, "listeners", listeners);
        putList(properties, "source", source);
        putList(properties, "source.ports", sourcePorts);
        putList(properties, "destination", destination);
        putList(properties, "destination.ports", destinationPorts);
        putList(properties, "users", users);
    }
}
