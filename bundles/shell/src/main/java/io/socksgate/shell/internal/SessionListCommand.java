package io.socksgate.shell.internal;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.shell.internal.completers.ListenerNameCompleter;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
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
        name = "session-list",
        description = "Lists the live proxy sessions.",
        detailedDescription = "Up counts the bytes relayed from the client, Down the bytes relayed to it."
                + " Connected is the address the proxy connected to. Filters combine: a session is listed"
                + " when it matches every filter given.")
public class SessionListCommand extends SocksTableCommandSupport {

    @Option(
            name = "-l",
            aliases = {"--listener"},
            description = "Only sessions of this listener")
    @Completion(ListenerNameCompleter.class)
    String listener;

    @Option(
            name = "-u",
            aliases = {"--user"},
            description = "Only sessions of this user (- for anonymous)")
    String user;

    @Option(
            name = "-c",
            aliases = {"--client"},
            description = "Only sessions from this client IP address")
    String client;

    @Reference
    SessionRegistry sessions;

    @Override
    protected void doExecute() throws CommandException {
        InetAddress from = clientAddress("--client", client);
        printTable(COLUMNS, "No sessions", rows(select(sessions.sessions(), listener, user, from), Instant.now()));
    }

    static final List<Column> COLUMNS = List.of(
            number("Id"),
            column("Listener"),
            column("Protocol"),
            column("Command"),
            column("Client"),
            column("User"),
            column("Destination"),
            column("Connected"),
            column("State"),
            number("Up"),
            number("Down"),
            number("Age"));

    /** The sessions that match every filter given (null filters match all). */
    static List<SessionInfo> select(List<SessionInfo> all, String listener, String user, InetAddress client) {
        List<SessionInfo> selected = new ArrayList<>();
        for (SessionInfo session : all) {
            if (listener != null && !listener.equals(session.listener())) {
                continue;
            }
            if (user != null && !user.equals(Format.user(session.user()))) {
                continue;
            }
            if (client != null
                    && (session.client() == null
                            || !client.equals(session.client().getAddress()))) {
                continue;
            }
            selected.add(session);
        }
        return selected;
    }

    /** Id, Listener, Protocol, Command, Client, User, Destination, Connected, State, Up, Down, Age. */
    static List<List<Object>> rows(List<SessionInfo> sessions, Instant now) {
        List<List<Object>> rows = new ArrayList<>();
        for (SessionInfo s : sessions) {
            rows.add(List.of(
                    s.id(),
                    s.listener(),
                    Format.protocol(s.protocol()),
                    Format.command(s.command()),
                    Format.address(s.client()),
                    Format.user(s.user()),
                    Format.destination(s.destination()),
                    Format.address(s.connected()),
                    Format.state(s.state()),
                    s.bytesFromClient(),
                    s.bytesToClient(),
                    s.started() == null ? Format.NONE : Format.age(Duration.between(s.started(), now))));
        }
        return rows;
    }
}
