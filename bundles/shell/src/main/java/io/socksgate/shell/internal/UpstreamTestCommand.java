package io.socksgate.shell.internal;

import io.socksgate.api.HostPort;
import io.socksgate.api.UpstreamRegistry;
import io.socksgate.shell.internal.completers.UpstreamNameCompleter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        name = "upstream-test",
        description = "Connects through each server of an upstream to a destination and shows the outcome and latency.",
        detailedDescription = "For every server of the upstream, in configured order: connect, handshake (with the"
                + " upstream's credentials) and ask for the destination, then close without sending a byte. Latency"
                + " runs from the start of the connect to the upstream's answer. Down servers are tried too, and"
                + " no server's health changes. The destination is sent as given: a name goes as a name, whatever"
                + " the upstream's resolve setting. Fails when no server reached the destination.")
public class UpstreamTestCommand extends SocksTableCommandSupport {

    static final List<Column> COLUMNS =
            List.of(column("Server"), column("Result"), number("Latency ms"), column("Outcome"));

    @Argument(name = "name", description = "The upstream to test", required = true)
    @Completion(UpstreamNameCompleter.class)
    String name;

    @Option(
            name = "-d",
            aliases = {"--destination"},
            description = "HOST:PORT to ask each server for, e.g. example.com:443",
            required = true)
    String destination;

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the upstreams come from the server bundle, which may be stopped.
    @Reference(optional = true)
    UpstreamRegistry upstreams;

    /**
     * Probes every server and prints one row each.
     *
     * @throws CommandException for a bad destination, an unknown upstream, or when no server reached it
     */
    @Override
    protected void doExecute() throws Exception {
        UpstreamRegistry upstreams = required(this.upstreams, "The upstream registry");
        HostPort target;
        try {
            target = Endpoints.hostPort(destination);
        } catch (IllegalArgumentException e) {
            throw failure("--destination: " + e.getMessage());
        }
        List<UpstreamRegistry.Probe> probes;
        try {
            // Each server has its own timeout.connect; this bound only keeps the shell from waiting forever.
            probes = upstreams.probe(name, target).toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failure(cause.getMessage() + " (socks:upstream-list lists the upstreams)");
        } catch (TimeoutException e) {
            throw failure("No answer from upstream " + name + " within 5 minutes");
        }
        printTable(COLUMNS, null, rows(probes));
        if (probes.stream().noneMatch(UpstreamRegistry.Probe::succeeded)) {
            throw failure("No server of upstream " + name + " reached " + Format.destination(target));
        }
    }

    static List<List<Object>> rows(List<UpstreamRegistry.Probe> probes) {
        List<List<Object>> rows = new ArrayList<>();
        for (UpstreamRegistry.Probe probe : probes) {
            rows.add(List.of(
                    Format.destination(probe.server()),
                    probe.succeeded() ? "ok" : "failed",
                    probe.latency() == null ? Format.NONE : probe.latency().toMillis(),
                    probe.outcome()));
        }
        return rows;
    }
}
