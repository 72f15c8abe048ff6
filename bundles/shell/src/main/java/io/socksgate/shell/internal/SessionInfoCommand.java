package io.socksgate.shell.internal;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.api.UdpCounters;
import io.socksgate.shell.internal.completers.SessionIdCompleter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(
        scope = "socks",
        name = "session-info",
        description = "Shows everything known about one live proxy session.",
        detailedDescription = "Client is the client's address; behind a load balancer that sends the PROXY"
                + " protocol (listener key proxy.protocol) it is the client the balancer named, and Via is the"
                + " balancer's address (- when the client connected directly). For a UDP association the byte"
                + " counts are the relayed payload bytes, and the datagram counts and drops by reason are shown"
                + " too. Limits are the bandwidth limits (socks:limit-list) that apply; for such a session the"
                + " rates each way are measured over the last second.")
public class SessionInfoCommand extends SocksCommandSupport {

    @Argument(name = "id", description = "The session's id", required = true)
    @Completion(SessionIdCompleter.class)
    long id;

    @Reference
    SessionRegistry sessions;

    @Override
    protected void doExecute() throws CommandException {
        Optional<SessionInfo> session = sessions.session(id);
        if (session.isEmpty()) {
            throw failure("Session " + id + " not found (closed, or never existed)");
        }
        lines(session.get(), Instant.now()).forEach(out()::println);
    }

    /** Every field, one {@code Label : value} line each. */
    static List<String> lines(SessionInfo s, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Id", String.valueOf(s.id()));
        fields.put("Listener", s.listener());
        fields.put("Protocol", Format.protocol(s.protocol()));
        fields.put("Command", Format.command(s.command()));
        fields.put("Client", Format.address(s.client()));
        fields.put("Via", Format.address(s.via()));
        fields.put("User", Format.user(s.user()));
        fields.put("Roles", Format.list(s.roles()));
        fields.put("Destination", Format.destination(s.destination()));
        fields.put("Connected", Format.address(s.connected()));
        fields.put("Upstream", s.upstream() == null ? Format.NONE : s.upstream());
        fields.put("Bound", Format.address(s.bound()));
        fields.put(
                "Started",
                s.started() == null
                        ? Format.NONE
                        : s.started() + " (" + Format.age(Duration.between(s.started(), now)) + " ago)");
        fields.put("State", Format.state(s.state()));
        fields.put("Bytes from client", String.valueOf(s.bytesFromClient()));
        fields.put("Bytes to client", String.valueOf(s.bytesToClient()));
        fields.put("Limits", s.limits().isEmpty() ? Format.NONE : String.join(", ", s.limits()));
        if (s.rateFromClient() >= 0) {
            fields.put("Rate from client", s.rateFromClient() + " B/s");
            fields.put("Rate to client", s.rateToClient() + " B/s");
        }
        UdpCounters udp = s.udp();
        if (udp != null) {
            fields.put("Datagrams from client", String.valueOf(udp.datagramsFromClient()));
            fields.put("Datagrams to client", String.valueOf(udp.datagramsToClient()));
            fields.put("Datagrams dropped", drops(udp));
        }
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        fields.forEach((label, value) -> lines.add(String.format("%-" + width + "s : %s", label, value)));
        return lines;
    }

    /** {@code denied=3, oversize=1}: the reasons with drops, or 0. */
    private static String drops(UdpCounters udp) {
        String drops = udp.drops().entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return drops.isEmpty() ? "0" : drops;
    }
}
