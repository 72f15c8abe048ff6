package io.socksgate.shell.internal;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.ListenerStats;
import io.socksgate.shell.internal.completers.ListenerNameCompleter;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(
        scope = "socks",
        name = "stats",
        description = "Shows the counters of each listener and of all together.",
        detailedDescription = "Counted since each listener started. Accepted: connections accepted, those a"
                + " session limit refused included. Active: sessions open now, handshaking ones included. Denied:"
                + " requests the policy denied. Auth failures: username/password logins refused. Bytes in: relayed"
                + " from clients; Bytes out: relayed to clients (a UDP association's payload once it ended). The TOTAL row is all"
                + " listeners together. The same counters are JMX attributes of io.socksgate:type=Listener,name=NAME"
                + " and io.socksgate:type=Totals.")
public class StatsCommand extends SocksTableCommandSupport {

    /** The name of the row of all listeners together. */
    static final String TOTAL = "TOTAL";

    @Option(
            name = "-l",
            aliases = {"--listener"},
            description = "Only this listener's counters")
    @Completion(ListenerNameCompleter.class)
    String listener;

    @Reference
    ListenerRegistry listeners;

    @Override
    protected void doExecute() throws CommandException {
        printTable(COLUMNS, null, rows());
    }

    static final List<Column> COLUMNS = List.of(
            column("Listener"),
            number("Accepted"),
            number("Active"),
            number("Denied"),
            number("Auth failures"),
            number("Bytes in"),
            number("Bytes out"));

    /**
     * One row per listener, by name, then the TOTAL row; with {@code --listener}, that listener's
     * row only.
     *
     * @throws CommandException when the listener does not exist
     */
    List<List<Object>> rows() throws CommandException {
        List<ListenerInfo> all = ListenerListCommand.byName(listeners.listeners());
        List<List<Object>> rows = new ArrayList<>();
        for (ListenerInfo info : all) {
            if (listener == null || listener.equals(info.name())) {
                rows.add(row(info.name(), info.stats()));
            }
        }
        if (listener == null) {
            rows.add(row(TOTAL, listeners.totals()));
        } else if (rows.isEmpty()) {
            throw failure("Listener " + listener + " not found (socks:listener-list lists them)");
        }
        return rows;
    }

    /** Listener, Accepted, Active, Denied, Auth failures, Bytes in, Bytes out. */
    static List<Object> row(String name, ListenerStats stats) {
        ListenerStats s = stats == null ? ListenerStats.ZERO : stats;
        return List.of(
                name, s.accepted(), s.active(), s.denied(), s.authFailures(), s.bytesFromClients(), s.bytesToClients());
    }
}
