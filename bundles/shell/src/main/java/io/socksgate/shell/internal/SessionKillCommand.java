package io.socksgate.shell.internal;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.shell.internal.completers.SessionIdCompleter;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(
        scope = "socks",
        name = "session-kill",
        description = "Closes proxy sessions (and their outbound connections) at once.",
        detailedDescription = "Select the sessions by ids, or with exactly one of --user, --client or --all.")
public class SessionKillCommand implements Action {

    @Argument(
            index = 0,
            name = "ids",
            description = "The ids of the sessions to close",
            required = false,
            multiValued = true)
    @Completion(SessionIdCompleter.class)
    List<Long> ids;

    @Option(
            name = "-u",
            aliases = {"--user"},
            description = "Close every session of this user",
            required = false,
            multiValued = false)
    String user;

    @Option(
            name = "-c",
            aliases = {"--client"},
            description = "Close every session from this client IP address",
            required = false,
            multiValued = false)
    String client;

    @Option(name = "--all", description = "Close every session", required = false, multiValued = false)
    boolean all;

    @Reference
    SessionRegistry sessions;

    @Override
    public Object execute() throws Exception {
        kill(System.out, System.err);
        return null;
    }

    /**
     * Closes the selected sessions and says how many.
     *
     * @return how many sessions were closed, or -1 when the selection was wrong
     */
    int kill(PrintStream out, PrintStream err) {
        boolean byIds = ids != null && !ids.isEmpty();
        int selectors = (byIds ? 1 : 0) + (user != null ? 1 : 0) + (client != null ? 1 : 0) + (all ? 1 : 0);
        if (selectors != 1) {
            err.println("Give session ids, or exactly one of --user, --client and --all");
            return -1;
        }
        int closed;
        String which;
        if (byIds) {
            closed = 0;
            for (Long id : ids) {
                if (sessions.kill(id)) {
                    closed++;
                } else {
                    out.println("Session " + id + " not found");
                }
            }
            which = "";
        } else if (user != null) {
            closed = sessions.killByUser(user);
            which = " of user " + user;
        } else if (client != null) {
            InetAddress address;
            try {
                address = Endpoints.ipLiteral(client);
            } catch (IllegalArgumentException e) {
                err.println("--client: " + e.getMessage());
                return -1;
            }
            closed = sessions.killByClient(address);
            which = " from " + address.getHostAddress();
        } else {
            closed = 0;
            for (SessionInfo session : sessions.sessions()) {
                if (sessions.kill(session.id())) {
                    closed++;
                }
            }
            which = "";
        }
        out.println("Closed " + closed + (closed == 1 ? " session" : " sessions") + which);
        return closed;
    }
}
