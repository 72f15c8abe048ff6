package io.socksgate.server.internal;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.AuthenticationResult;
import io.socksgate.api.Authenticator;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link Authenticator} as a plug-in bundle would write one: a fixed table of users. Users it
 * does not know are left to the next authenticator. Counts the checks it was asked for.
 */
final class UserTable implements Authenticator {

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roles = new ConcurrentHashMap<>();
    final AtomicInteger checks = new AtomicInteger();

    UserTable with(String user, String password, String... userRoles) {
        passwords.put(user, password);
        roles.put(user, Set.of(userRoles));
        return this;
    }

    @Override
    public AuthenticationResult authenticate(AuthenticationRequest request) {
        checks.incrementAndGet();
        String expected = passwords.get(request.username());
        if (expected == null) {
            return AuthenticationResult.abstain();
        }
        char[] given = request.password();
        try {
            return Arrays.equals(given, expected.toCharArray())
                    ? AuthenticationResult.success(request.username(), roles.get(request.username()))
                    : AuthenticationResult.failure("wrong password");
        } finally {
            Arrays.fill(given, '\0');
        }
    }
}
