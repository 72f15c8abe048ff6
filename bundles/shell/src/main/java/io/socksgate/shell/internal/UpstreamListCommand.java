package io.socksgate.shell.internal;

import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(
        scope = "socks",
        name = "upstream-list",
        description = "Lists the upstream proxies: their servers, whether each is up, since when, its tunnels.",
        detailedDescription = "An upstream is a factory configuration of io.socksgate.upstream"
                + " (etc/io.socksgate.upstream-NAME.cfg); rules send requests through it with upstream = NAME."
                + " One row per server, in configured order. State is up or down: a server is down after"
                + " fail.max consecutive failures, for fail.timeout seconds, and is not tried meanwhile, even when"
                + " every server is down. Since is how long it has been in that state; Failures its"
                + " consecutive failures now; Sessions its tunnels now. Problem says why a configuration is"
                + " invalid: such an upstream is never used, and rules naming it fail over to the next route.")
public class UpstreamListCommand extends SocksTableCommandSupport {

    static final List<Column> COLUMNS = List.of(
            column("Name"),
            column("Type"),
            column("Strategy"),
            column("Server"),
            column("State"),
            column("Since"),
            number("Failures"),
            number("Sessions"),
            column("Problem"));

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the upstreams come from the server bundle, which may be stopped.
    @Reference(optional = true)
    UpstreamRegistry upstreams;

    @Override
    protected void doExecute() throws Exception {
        UpstreamRegistry upstreams = required(this.upstreams, "The upstream registry");
        printTable(
                COLUMNS,
                "No upstreams: socks:upstream-add (or etc/io.socksgate.upstream-NAME.cfg) adds one.",
                rows(upstreams.upstreams(), Instant.now()));
    }

    /** One row per server (an invalid upstream: one row with its problem), upstreams by name. */
    static List<List<Object>> rows(List<UpstreamInfo> upstreams, Instant now) {
        List<UpstreamInfo> sorted = new ArrayList<>(upstreams);
        sorted.sort(Comparator.comparing(UpstreamInfo::name, Comparator.nullsLast(Comparator.naturalOrder())));
        List<List<Object>> rows = new ArrayList<>();
        for (UpstreamInfo upstream : sorted) {
            String problem = upstream.problem() == null ? "" : upstream.problem();
            if (upstream.servers().isEmpty()) {
                rows.add(List.of(
                        upstream.name(),
                        orNone(upstream.type()),
                        orNone(upstream.strategy()),
                        Format.NONE,
                        "invalid",
                        Format.NONE,
                        0,
                        0,
                        problem));
                continue;
            }
            for (UpstreamInfo.Server server : upstream.servers()) {
                rows.add(List.of(
                        upstream.name(),
                        orNone(upstream.type()),
                        orNone(upstream.strategy()),
                        Format.destination(server.address()),
                        server.up() ? "up" : "down",
                        server.since() == null ? Format.NONE : Format.age(Duration.between(server.since(), now)),
                        server.failures(),
                        server.sessions(),
                        problem));
            }
        }
        return rows;
    }

    private static String orNone(String text) {
        return text == null ? Format.NONE : text;
    }
}
