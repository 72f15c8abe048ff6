package io.socksgate.shell.internal;

import io.socksgate.api.LimitInfo;
import io.socksgate.api.LimitRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@Command(
        scope = "socks",
        name = "limit-add",
        description = "Adds a bandwidth limit: etc/io.socksgate.limit-NAME.cfg and its configuration.",
        detailedDescription = "The match options are a rule's (comma lists, repeatable; left out: any); every"
                + " limit that matches a request applies to its session, and each direction goes at the pace of"
                + " the strictest. Sizes take k, m, g (x1000): --rate-in 10m is 10,000,000 bytes per second"
                + " towards the clients. The limit is checked first, by the parser the limits use, and nothing is"
                + " written when a value is wrong (every bad key is named). It is written as the factory"
                + " configuration io.socksgate.limit~NAME backed by etc/io.socksgate.limit-NAME.cfg; it applies"
                + " to new sessions at once (see socks:limit-list).")
public class LimitAddCommand extends MatchCommandSupport {

    @Argument(name = "name", description = "The limit's name: letters, digits, '.', '_' and '-'", required = true)
    String name;

    @Option(name = "--scope", description = "shared, per-user (default), per-client or per-session")
    @Completion(
            value = StringsCompleter.class,
            values = {"per-user", "per-client", "per-session", "shared"})
    String scope;

    @Option(name = "--rate-in", description = "Bytes per second towards the clients, e.g. 10m (key rate.in)")
    String rateIn;

    @Option(name = "--rate-out", description = "Bytes per second from the clients, e.g. 1m (key rate.out)")
    String rateOut;

    @Option(name = "--burst", description = "Bytes a budget may send at once (default: one second of the rate)")
    String burst;

    @Option(name = "--quota", description = "Bytes per period, both ways together, e.g. 1g")
    String quota;

    @Option(name = "--quota-period", description = "hour, day (default), week or month")
    @Completion(
            value = StringsCompleter.class,
            values = {"hour", "day", "week", "month"})
    String quotaPeriod;

    @Option(name = "--quota-action", description = "deny (new sessions, default) or close (also live ones)")
    @Completion(
            value = StringsCompleter.class,
            values = {"deny", "close"})
    String quotaAction;

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the limits come from the server bundle, which may be stopped.
    @Reference(optional = true)
    LimitRegistry limits;

    /**
     * Adds the limit and waits until it is listed.
     *
     * @throws org.apache.karaf.shell.support.CommandException when a value is wrong or the name
     *     taken (nothing is written)
     */
    @Override
    protected void doExecute() throws Exception {
        LimitRegistry limits = required(this.limits, "The limit registry");
        FactoryConfigs configs = FactoryConfigs.LIMITS;
        checkNewName(configs, name);
        Map<String, String> properties = properties();
        List<String> problems = limits.problems(properties);
        if (!problems.isEmpty()) {
            throw failure("Not added: limit " + name + " is invalid:\n  " + String.join("\n  ", problems));
        }
        if (find(limits, name).isPresent()) {
            throw failure("Not added: limit " + name + " already exists (listed by socks:limit-list); remove it"
                    + " first with socks:limit-remove " + name);
        }
        String where = configs.create(configAdmin, etc, name, properties, header());
        if (!awaitUntil(applyTimeout, () -> find(limits, name).isPresent())) {
            out().println("Added limit " + name + " (" + where + "); it is not listed yet, see socks:limit-list");
            return;
        }
        LimitInfo added = find(limits, name).orElseThrow();
        if (added.problem() != null) {
            throw failure("Added limit " + name + " (" + where + "), but it is invalid: " + added.problem());
        }
        out().println("Added limit " + name + " (" + where + "): " + added.matches() + ", " + added.scope());
    }

    /** The limit's properties as written, keys as in the .cfg file; options left out are left out. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("name", name);
        putMatch(properties);
        put(properties, "scope", scope);
        put(properties, "rate.in", rateIn);
        put(properties, "rate.out", rateOut);
        put(properties, "burst", burst);
        put(properties, "quota", quota);
        put(properties, "quota.period", quotaPeriod);
        put(properties, "quota.action", quotaAction);
        return properties;
    }

    private static Optional<LimitInfo> find(LimitRegistry limits, String limit) {
        return limits.limits().stream().filter(l -> limit.equals(l.name())).findFirst();
    }

    private static List<String> header() {
        return List.of(
                "Socksgate bandwidth limit, added with socks:limit-add; keys as in io.socksgate.limit",
                "(see the README). socks:limit-remove deletes it; edits here apply at once (rates also to",
                "live sessions).");
    }
}
