package io.socksgate.shell.internal;

import io.socksgate.api.LimitInfo;
import io.socksgate.api.LimitRegistry;
import io.socksgate.config.ByteSizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(
        scope = "socks",
        name = "limit-list",
        description = "Lists the bandwidth limits: what they match, their rates and quotas, and what they do now.",
        detailedDescription = "A limit is a factory configuration of io.socksgate.limit"
                + " (etc/io.socksgate.limit-NAME.cfg). Rate in and out are bytes per second towards and from the"
                + " clients (k, m, g = x1000; - for unlimited); Burst what a budget may send at once (1s: one"
                + " second of each direction's rate, when burst is not set). Sessions"
                + " are the live sessions it applies to, Now in / Now out what they relayed over the last second"
                + " (bytes per second). Quota used is per budget (the user, client address, or * for shared) in"
                + " the current period. Problem says why a configuration is invalid: such a limit is not"
                + " applied (an invalid change keeps the previous version applied).")
public class LimitListCommand extends SocksTableCommandSupport {

    static final List<Column> COLUMNS = List.of(
            column("Name"),
            column("Matches"),
            column("Scope"),
            number("Rate in"),
            number("Rate out"),
            number("Burst"),
            column("Quota"),
            number("Sessions"),
            number("Now in"),
            number("Now out"),
            column("Quota used"),
            column("Problem"));

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the limits come from the server bundle, which may be stopped.
    @Reference(optional = true)
    LimitRegistry limits;

    @Override
    protected void doExecute() throws Exception {
        LimitRegistry limits = required(this.limits, "The limit registry");
        printTable(
                COLUMNS,
                "No limits: socks:limit-add (or etc/io.socksgate.limit-NAME.cfg) adds one.",
                rows(limits.limits()));
    }

    static List<List<Object>> rows(List<LimitInfo> limits) {
        List<LimitInfo> sorted = new ArrayList<>(limits);
        sorted.sort(Comparator.comparing(LimitInfo::name, Comparator.nullsLast(Comparator.naturalOrder())));
        List<List<Object>> rows = new ArrayList<>();
        for (LimitInfo limit : sorted) {
            String problem = limit.problem() == null ? "" : limit.problem();
            if (limit.scope() == null) {
                rows.add(List.of(
                        limit.name(),
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        0,
                        0,
                        0,
                        Format.NONE,
                        problem));
                continue;
            }
            rows.add(List.of(
                    limit.name(),
                    limit.matches(),
                    limit.scope(),
                    rate(limit.rateIn()),
                    rate(limit.rateOut()),
                    burst(limit),
                    limit.quota() == 0
                            ? Format.NONE
                            : ByteSizes.shown(limit.quota()) + "/" + limit.quotaPeriod() + " " + limit.quotaAction(),
                    limit.sessions(),
                    limit.measuredIn(),
                    limit.measuredOut(),
                    used(limit.quotaUsed()),
                    problem));
        }
        return rows;
    }

    /** Unset (0): each direction's bucket holds a second of its own rate, so no one figure. */
    private static String burst(LimitInfo limit) {
        if (limit.burst() > 0) {
            return ByteSizes.shown(limit.burst());
        }
        return limit.rateIn() == 0 && limit.rateOut() == 0 ? Format.NONE : "1s";
    }

    private static String rate(long rate) {
        return rate == 0 ? Format.NONE : ByteSizes.shown(rate);
    }

    /** {@code alice=1200000 bob=35}: bytes used per budget, by key. */
    private static String used(Map<String, Long> used) {
        if (used.isEmpty()) {
            return Format.NONE;
        }
        return used.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
