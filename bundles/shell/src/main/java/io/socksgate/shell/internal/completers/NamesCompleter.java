package io.socksgate.shell.internal.completers;

import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the word under the cursor from the names a service knows now. */
public abstract class NamesCompleter implements Completer {

    /** The names to offer, read afresh at each completion. */
    abstract List<String> names();

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names()).complete(session, commandLine, candidates);
    }
}
