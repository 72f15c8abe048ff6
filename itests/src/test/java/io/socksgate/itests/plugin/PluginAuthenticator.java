package io.socksgate.itests.plugin;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.AuthenticationResult;
import io.socksgate.api.Authenticator;
import java.util.Arrays;
import java.util.Set;

/**
 * The authenticator of the itests' plug-in bundle (built by {@link PluginBundle}): it knows one
 * user of its own, whom the JAAS realm does not know, decides for that user, and abstains for
 * everyone else so that the JAAS check behind it decides for them.
 */
public final class PluginAuthenticator implements Authenticator {

    public static final String USER = "plugin-user";
    public static final String PASSWORD = "plugin-s3cret";
    public static final String ROLE = "plugin-role";

    @Override
    public AuthenticationResult authenticate(AuthenticationRequest request) {
        if (!USER.equals(request.username())) {
            return AuthenticationResult.abstain();
        }
        char[] password = request.password();
        try {
            return Arrays.equals(password, PASSWORD.toCharArray())
                    ? AuthenticationResult.success(USER, Set.of(ROLE))
                    : AuthenticationResult.failure("plug-in: wrong password");
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
