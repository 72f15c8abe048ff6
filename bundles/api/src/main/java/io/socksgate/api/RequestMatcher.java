package io.socksgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The match keys of an access rule on their own ({@code commands}, {@code protocols}, {@code
 * listeners}, {@code source}, {@code source.ports}, {@code destination}, {@code destination.ports},
 * {@code users}), parsed and matched exactly as a rule's, for whatever else selects requests the
 * way rules do (bandwidth limits). Made by {@link PolicyService#matcher}.
 *
 * @since 1.3
 */
@ProviderType
public interface RequestMatcher {

    /** Whether the request matches every key (as an allow rule with these keys would match it). */
    boolean matches(ProxyRequest request);

    /** The keys that narrow the match, as the shell lists a rule's ({@code users=alice source=10.0.0.0/8}), or {@code any}. */
    String summary();
}
