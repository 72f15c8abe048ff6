package io.socksgate.shell.internal;

import io.socksgate.api.UpstreamRegistry;
import io.socksgate.shell.internal.completers.UpstreamNameCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(
        scope = "socks",
        name = "upstream-remove",
        description = "Removes upstream proxies: their configurations and etc/ files.",
        detailedDescription = "An upstream is found by its name key or its instance name (NAME of"
                + " etc/io.socksgate.upstream-NAME.cfg or of the PID io.socksgate.upstream~NAME). Tunnels"
                + " already open through it keep running; new requests of rules naming it go on to the next"
                + " element of their route (a rule naming only removed upstreams refuses its requests: SOCKS"
                + " 01, HTTP 503). The command waits until the upstream is gone.")
public class UpstreamRemoveCommand extends ConfigCommandSupport {

    @Argument(name = "names", description = "The names of the upstreams to remove", required = true, multiValued = true)
    @Completion(UpstreamNameCompleter.class)
    List<String> names;

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the upstreams come from the server bundle, which may be stopped.
    @Reference(optional = true)
    UpstreamRegistry upstreams;

    /**
     * Deletes the configurations of the named upstreams and waits until they are gone.
     *
     * @throws CommandException when a name was not found (the others are removed all the same)
     */
    @Override
    protected void doExecute() throws Exception {
        UpstreamRegistry upstreams = required(this.upstreams, "The upstream registry");
        remove(
                FactoryConfigs.UPSTREAMS,
                names,
                () -> upstreams.upstreams().stream().noneMatch(u -> names.contains(u.name())),
                "Still going: see socks:upstream-list",
                "socks:upstream-list");
    }
}
