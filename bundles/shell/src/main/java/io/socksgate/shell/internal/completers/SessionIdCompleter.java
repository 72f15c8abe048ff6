package io.socksgate.shell.internal.completers;

import io.socksgate.api.SessionRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the ids of the live proxy sessions. */
@Service
public class SessionIdCompleter extends NamesCompleter {

    @Reference
    SessionRegistry sessions;

    public SessionIdCompleter() {}

    SessionIdCompleter(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    List<String> names() {
        return sessions.sessions().stream()
                .map(info -> String.valueOf(info.id()))
                .toList();
    }
}
