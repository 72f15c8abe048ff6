package io.socksgate.api;

import java.util.Map;

/**
 * A bandwidth and quota limit ({@code io.socksgate.limit} factory configuration) as the shell lists
 * it, with what it does now.
 *
 * @param name the limit's name
 * @param matches the requests it applies to, in the .cfg keys' terms ({@code users=alice}), or {@code any}
 * @param scope who shares one budget: {@code shared}, {@code per-user}, {@code per-client} or {@code per-session}
 * @param rateIn bytes per second towards clients (from destinations), 0 for unlimited
 * @param rateOut bytes per second from clients (towards destinations), 0 for unlimited
 * @param burst bytes a budget may send at once after being idle; 0 when not set, which is one
 *     second of each direction's rate
 * @param quota bytes per period, both ways together, 0 for none
 * @param quotaPeriod {@code hour}, {@code day}, {@code week} or {@code month}
 * @param quotaAction {@code deny} (new sessions) or {@code close} (also the live ones)
 * @param sessions live sessions the limit applies to
 * @param measuredIn bytes per second towards those sessions' clients, measured over the last second
 * @param measuredOut bytes per second from those sessions' clients, measured over the last second
 * @param quotaUsed bytes used in the current period, by budget (the user, client address, session
 *     id, or {@code *} for a shared limit); budgets with nothing used are left out
 * @param problem why the configuration is invalid, or {@code null}: an invalid new limit is not
 *     applied, an invalid change keeps the previous version
 * @since 1.3
 */
public record LimitInfo(
        String name,
        String matches,
        String scope,
        long rateIn,
        long rateOut,
        long burst,
        long quota,
        String quotaPeriod,
        String quotaAction,
        int sessions,
        long measuredIn,
        long measuredOut,
        Map<String, Long> quotaUsed,
        String problem) {

    public LimitInfo {
        quotaUsed = quotaUsed == null ? Map.of() : Map.copyOf(quotaUsed);
    }
}
