package io.socksgate.api;

import java.util.List;

/**
 * How a request was decided: the verdict, and every rule looked at before it, in order.
 *
 * @param decision the verdict
 * @param rules the rules evaluated, up to and including the deciding one
 */
public record Explanation(Decision decision, List<RuleOutcome> rules) {

    public Explanation {
        rules = List.copyOf(rules);
    }

    /**
     * One rule's outcome for the request.
     *
     * @param rule the rule's name
     * @param order its order
     * @param matched whether it matched (only the last evaluated rule can have matched)
     * @param reason why it did not match, or what it matched on
     */
    public record RuleOutcome(String rule, int order, boolean matched, String reason) {}
}
