package io.socksgate.shell.internal.completers;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the live proxy sessions. */
@Service
public class SessionIdCompleter implements Completer {

    @Reference
    SessionRegistry sessions;

    public SessionIdCompleter() {}

    SessionIdCompleter(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (SessionInfo info : sessions.sessions()) {
            delegate.getStrings().add(String.valueOf(info.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
