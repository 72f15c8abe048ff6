package io.socksgate.shell.internal.completers;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Completes the names of the running listeners. Optional reference: the commands using it (such
 * as socks:session-list) stay available without the listener registry; they just complete nothing.
 */
@Service
public class ListenerNameCompleter extends NamesCompleter {

    @Reference(optional = true)
    ListenerRegistry listeners;

    public ListenerNameCompleter() {}

    ListenerNameCompleter(ListenerRegistry listeners) {
        this.listeners = listeners;
    }

    @Override
    List<String> names() {
        return listeners == null
                ? List.of()
                : listeners.listeners().stream().map(ListenerInfo::name).toList();
    }
}
