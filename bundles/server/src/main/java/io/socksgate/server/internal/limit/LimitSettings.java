package io.socksgate.server.internal.limit;

import io.socksgate.api.PolicyService;
import io.socksgate.api.RequestMatcher;
import io.socksgate.config.ByteSizes;
import io.socksgate.config.InstanceNames;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.TypedConfigs;
import io.socksgate.config.tokens.EnumTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One limit's checked configuration: what {@link LimitConfig} says, every problem listed at once,
 * nothing half-valid ever applied. The match keys are parsed by the policy's own matcher.
 *
 * @param burstIn bytes the towards-client budget may relay at once (one second of {@code rateIn}
 *     unless {@code burst} is given)
 * @param burstOut the same from clients
 */
public record LimitSettings(
        String name,
        RequestMatcher matcher,
        Scope scope,
        long rateIn,
        long rateOut,
        long burstIn,
        long burstOut,
        boolean burstGiven,
        long quota,
        QuotaPeriod period,
        QuotaAction action) {

    /** The factory PID limit configurations are created under. */
    public static final String FACTORY_PID = "io.socksgate.limit";

    /**
     * Reads and checks one limit's configuration (keys as in the .cfg file).
     *
     * @param instanceName the name when {@code name} is blank
     * @throws InvalidConfigurationException listing every problem, one per key
     */
    public static LimitSettings from(Map<String, ?> properties, String instanceName, PolicyService policy) {
        LimitConfig config = TypedConfigs.of(LimitConfig.class, properties);
        List<String> problems = new ArrayList<>();
        String name = InstanceNames.shown(config.name(), instanceName);
        String nameProblem = InstanceNames.problem(name);
        if (nameProblem != null) {
            problems.add("name = '" + name + "': " + nameProblem);
        }
        RequestMatcher matcher = null;
        try {
            matcher = policy.matcher(properties);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage()); // names its key, as a rule's problems do
        }
        Scope scope = token(problems, "scope", config.scope(), Scope.TOKENS, Scope.PER_USER);
        long rateIn = size(problems, "rate.in", config.rate_in());
        long rateOut = size(problems, "rate.out", config.rate_out());
        boolean burstGiven = config.burst() != null && !config.burst().isBlank();
        long burst = burstGiven ? size(problems, "burst", config.burst()) : 0;
        if (burstGiven && burst == 0) {
            problems.add("burst = '0': expected more than 0 bytes (or empty: one second of the rate)");
        }
        long quota = size(problems, "quota", config.quota());
        QuotaPeriod period =
                token(problems, "quota.period", config.quota_period(), QuotaPeriod.TOKENS, QuotaPeriod.DAY);
        QuotaAction action =
                token(problems, "quota.action", config.quota_action(), QuotaAction.TOKENS, QuotaAction.DENY);
        if (problems.isEmpty() && rateIn == 0 && rateOut == 0 && quota == 0) {
            problems.add("rate.in, rate.out and quota are all 0: the limit would limit nothing");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new LimitSettings(
                name,
                matcher,
                scope,
                rateIn,
                rateOut,
                burstGiven ? burst : rateIn,
                burstGiven ? burst : rateOut,
                burstGiven,
                quota,
                period,
                action);
    }

    /** The settings in the .cfg keys' terms, for the log. */
    @Override
    public String toString() {
        return "limit " + name + " (" + matcher.summary() + ", scope " + Scope.TOKENS.token(scope) + ", rate.in "
                + ByteSizes.shown(rateIn) + ", rate.out " + ByteSizes.shown(rateOut)
                + (burstGiven ? ", burst " + ByteSizes.shown(burstIn) : "")
                + (quota == 0
                        ? ""
                        : ", quota " + ByteSizes.shown(quota) + " per " + QuotaPeriod.TOKENS.token(period) + " ("
                                + QuotaAction.TOKENS.token(action) + ")")
                + ")";
    }

    private static long size(List<String> problems, String key, String text) {
        try {
            return ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(key + " = " + e.getMessage());
            return 0;
        }
    }

    private static <E extends Enum<E>> E token(
            List<String> problems, String key, String text, EnumTokens<E> tokens, E fallback) {
        try {
            return tokens.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            problems.add(key + " = '" + (text == null ? "" : text.trim()) + "': " + e.getMessage());
            return fallback;
        }
    }
}
