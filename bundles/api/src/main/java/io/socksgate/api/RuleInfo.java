package io.socksgate.api;

/**
 * An access rule as the shell lists it.
 *
 * @param name the rule's name
 * @param order evaluation order, lower first
 * @param action what a match decides
 * @param matches what the rule matches, in the .cfg keys' terms ({@code destination=10.0.0.0/8 ...})
 * @param hits how many requests it decided since it was loaded
 * @param problem what is wrong with the rule, or {@code null}: why its configuration is invalid
 *     (an invalid new rule is not active, an invalid change leaves the previous version active,
 *     and listed), and that another active rule has the same order (the tie is broken by name)
 */
public record RuleInfo(String name, int order, Decision.Action action, String matches, long hits, String problem) {}
