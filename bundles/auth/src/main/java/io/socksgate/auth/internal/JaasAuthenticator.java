package io.socksgate.auth.internal;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.AuthenticationResult;
import io.socksgate.api.Authenticator;
import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

/**
 * Checks SOCKS5 credentials against the listener's JAAS realm ({@code karaf} by default, i.e.
 * {@code etc/users.properties}, managed with {@code jaas:user-add}). Every check is a fresh
 * login, so a user added or removed in the realm counts from the next connection on. The
 * user's Karaf roles and groups are what policy rules match as {@code @name}.
 */
@Component(service = Authenticator.class, property = Constants.SERVICE_RANKING + ":Integer=0")
public final class JaasAuthenticator implements Authenticator {

    /** The JAAS configuration to use; null means the JVM's, which Karaf installs. */
    private final Configuration configuration;

    public JaasAuthenticator() {
        this(null);
    }

    JaasAuthenticator(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public AuthenticationResult authenticate(AuthenticationRequest request) {
        char[] password = request.password();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads login modules through the context class loader; ours imports
        // Karaf's proxy login module, whatever thread (and loader) the check runs on.
        thread.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(
                    request.realm(),
                    new Subject(),
                    callbacks -> answer(callbacks, request.username(), password),
                    configuration);
            login.login();
            Set<String> roles = rolesOf(login.getSubject());
            login.logout();
            return AuthenticationResult.success(request.username(), roles);
        } catch (FailedLoginException e) {
            return AuthenticationResult.failure("wrong user name or password");
        } catch (LoginException e) {
            return AuthenticationResult.failure("realm " + request.realm() + ": " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
            Arrays.fill(password, '\0');
        }
    }

    /** Karaf puts a user's roles and groups into the subject as principals. */
    static Set<String> rolesOf(Subject subject) {
        Set<String> roles = new LinkedHashSet<>();
        for (Principal principal : subject.getPrincipals()) {
            if (principal instanceof RolePrincipal || principal instanceof GroupPrincipal) {
                roles.add(principal.getName());
            }
        }
        return roles;
    }

    private static void answer(Callback[] callbacks, String username, char[] password)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(username);
            } else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
