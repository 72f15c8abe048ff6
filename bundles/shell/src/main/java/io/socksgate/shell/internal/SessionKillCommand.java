package io.socksgate.shell.internal;

import io.socksgate.api.HostPort;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.shell.internal.completers.SessionIdCompleter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(
        scope = "socks",
        name = "session-kill",
        description = "Closes proxy sessions (and their outbound connections) at once.",
        detailedDescription = "Select the sessions by ids, or with exactly one of --user, --client or --all.")
public class SessionKillCommand extends SocksCommandSupport {

    @Argument(name = "ids", description = "The ids of the sessions to close", multiValued = true)
    @Completion(SessionIdCompleter.class)
    List<Long> ids;

    @Option(
            name = "-u",
            aliases = {"--user"},
            description = "Close every session of this user")
    String user;

    @Option(
            name = "-c",
            aliases = {"--client"},
            description = "Close every session from this client IP address")
    String client;

    @Option(name = "--all", description = "Close every session")
    boolean all;

    @Reference
    SessionRegistry sessions;

    @Override
    protected void doExecute() throws CommandException {
        kill();
    }

    /**
     * Closes the selected sessions and says how many.
     *
     * @return how many sessions were closed
     * @throws CommandException when the selection is wrong, or when an id was not found (the
     *     sessions that were found are closed all the same)
     */
    int kill() throws CommandException {
        boolean byIds = ids != null && !ids.isEmpty();
        int selectors = (byIds ? 1 : 0) + (user != null ? 1 : 0) + (client != null ? 1 : 0) + (all ? 1 : 0);
        if (selectors != 1) {
            throw failure("Give session ids, or exactly one of --user, --client and --all");
        }
        int closed;
        String which;
        List<Long> notFound = new ArrayList<>();
        if (byIds) {
            closed = 0;
            for (Long id : ids) {
                if (sessions.kill(id)) {
                    closed++;
                } else {
                    notFound.add(id);
                }
            }
            which = "";
        } else if (user != null) {
            closed = sessions.killByUser(user);
            which = " of user " + user;
        } else if (client != null) {
            InetAddress address = clientAddress("--client", client);
            closed = sessions.killByClient(address);
            which = " from " + HostPort.addressText(address);
        } else {
            closed = 0;
            for (SessionInfo session : sessions.sessions()) {
                if (sessions.kill(session.id())) {
                    closed++;
                }
            }
            which = "";
        }
        out().println("Closed " + closed + (closed == 1 ? " session" : " sessions") + which);
        if (!notFound.isEmpty()) {
            throw failure((notFound.size() == 1 ? "Session " : "Sessions ")
                    + notFound.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " not found (closed, or never existed)");
        }
        return closed;
    }
}
