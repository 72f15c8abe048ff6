package io.socksgate.shell.internal.completers;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes the names of the running listeners. Optional reference: the commands using it (such
 * as socks:session-list) stay available without the listener registry; they just complete nothing.
 */
@Service
public class ListenerNameCompleter implements Completer {

    @Reference(optional = true)
    ListenerRegistry listeners;

    public ListenerNameCompleter() {}

    ListenerNameCompleter(ListenerRegistry listeners) {
        this.listeners = listeners;
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        if (listeners != null) {
            for (ListenerInfo info : listeners.listeners()) {
                delegate.getStrings().add(info.name());
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
