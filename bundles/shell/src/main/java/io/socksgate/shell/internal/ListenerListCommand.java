package io.socksgate.shell.internal;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.ListenerStats;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(
        scope = "socks",
        name = "listener-list",
        description = "Lists the SOCKS listeners: where they listen, what they serve, their sessions.",
        detailedDescription = "A listener is a factory configuration of io.socksgate.listener"
                + " (etc/io.socksgate.listener-NAME.cfg). Bound shows the addresses it listens on; a listener"
                + " that could not bind (state failed) shows its configured addresses marked (not bound)."
                + " Sessions counts its open sessions, handshaking ones included; Accepted the connections it"
                + " accepted since it started. See socks:stats for all counters. Problem says what is wrong:"
                + " a listener whose configuration is invalid (state invalid) is listed with one problem per bad"
                + " key and does not listen; an invalid change of a running listener is listed with its problem"
                + " while the previous configuration keeps serving; a listener that cannot bind (state failed)"
                + " says why.")
public class ListenerListCommand extends SocksTableCommandSupport {

    /** Appended to a configured address the listener could not bind. */
    static final String NOT_BOUND = " (not bound)";

    @Reference
    ListenerRegistry listeners;

    static final List<Column> COLUMNS = List.of(
            column("Name"),
            column("Bound"),
            column("Protocols"),
            column("Auth"),
            column("State"),
            number("Sessions"),
            number("Accepted"),
            column("Problem"));

    @Override
    protected void doExecute() {
        printTable(
                COLUMNS,
                "No listeners: socks:listener-add (or etc/io.socksgate.listener-NAME.cfg) starts one.",
                rows(listeners.listeners()));
    }

    /** One row per listener, by name: Name, Bound, Protocols, Auth, State, Sessions, Accepted, Problem. */
    static List<List<Object>> rows(List<ListenerInfo> listeners) {
        List<List<Object>> rows = new ArrayList<>();
        for (ListenerInfo listener : byName(listeners)) {
            ListenerStats stats = listener.stats() == null ? ListenerStats.ZERO : listener.stats();
            rows.add(List.of(
                    listener.name(),
                    bound(listener),
                    Format.protocols(listener.protocols()),
                    Format.ordered(listener.auth()),
                    Format.state(listener.state()),
                    stats.active(),
                    stats.accepted(),
                    listener.problem() == null ? "" : listener.problem()));
        }
        return rows;
    }

    /**
     * The addresses it is bound to; when it failed to bind, the configured addresses, each marked
     * {@value #NOT_BOUND}.
     */
    static String bound(ListenerInfo listener) {
        if (listener.state() == ListenerInfo.State.LISTENING
                && !listener.bound().isEmpty()) {
            return Format.addresses(listener.bound());
        }
        List<InetSocketAddress> configured = listener.configured();
        if (configured.isEmpty()) {
            return Format.NONE;
        }
        return configured.stream()
                .map(address -> Format.address(address) + (listener.bound().contains(address) ? "" : NOT_BOUND))
                .collect(Collectors.joining(", "));
    }

    static List<ListenerInfo> byName(List<ListenerInfo> listeners) {
        List<ListenerInfo> sorted = new ArrayList<>(listeners);
        sorted.sort(Comparator.comparing(ListenerInfo::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return sorted;
    }
}
