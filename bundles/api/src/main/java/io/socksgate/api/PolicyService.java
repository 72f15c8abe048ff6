package io.socksgate.api;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides proxy requests from the ordered access rules ({@code io.socksgate.rule} factory
 * configurations): the first rule, in ascending order, that matches decides; when none does, the
 * default action of {@code io.socksgate.policy} applies.
 */
@ProviderType
public interface PolicyService {

    /** The name {@link Decision#rule()} carries when no rule matched. */
    String DEFAULT_RULE = "default";

    /** Decides a request; counts a hit for the deciding rule. */
    Decision evaluate(ProxyRequest request);

    /** Like {@link #evaluate} without counting, and says why each earlier rule did not match. */
    Explanation explain(ProxyRequest request);

    /** The rules in evaluation order, with their hit counts. */
    List<RuleInfo> rules();

    /**
     * Checks rule properties as they would be written to a {@code io.socksgate.rule}
     * configuration (keys as in the .cfg file).
     *
     * @throws IllegalArgumentException naming the first key that is wrong
     */
    void validate(Map<String, ?> ruleProperties);

    /**
     * The match keys of a rule on their own, parsed and matched as a rule's (keys as in the .cfg
     * file; other keys are ignored), for what selects requests the way rules do.
     *
     * @throws IllegalArgumentException naming the first key that is wrong
     * @since 1.3
     */
    RequestMatcher matcher(Map<String, ?> matchProperties);
}
