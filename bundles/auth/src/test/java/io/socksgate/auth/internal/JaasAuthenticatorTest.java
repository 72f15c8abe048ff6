package io.socksgate.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.AuthenticationResult;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;

/**
 * The JAAS plumbing: callbacks, failure mapping and Karaf role/group principals. The real Karaf
 * realm (etc/users.properties, jaas:user-add) is exercised by the itests.
 */
class JaasAuthenticatorTest {

    /** A realm with one user, alice/secret, in role "staff" and group "ops", as Karaf models them. */
    public static final class OneUserModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private boolean ok;

        @Override
        public void initialize(
                Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            ok = "alice".equals(name.getName()) && Arrays.equals("secret".toCharArray(), password.getPassword());
            if (!ok) {
                throw new FailedLoginException("bad credentials");
            }
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new UserPrincipal("alice"));
            subject.getPrincipals().add(new RolePrincipal("staff"));
            subject.getPrincipals().add(new GroupPrincipal("ops"));
            return ok;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            subject.getPrincipals().clear();
            return true;
        }
    }

    private final JaasAuthenticator authenticator = new JaasAuthenticator(new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            if (!"test".equals(name)) {
                return null;
            }
            return new AppConfigurationEntry[] {
                new AppConfigurationEntry(
                        OneUserModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())
            };
        }
    });

    @Test
    void goodCredentialsGiveTheUserWithRolesAndGroups() {
        AuthenticationResult result = authenticator.authenticate(request("test", "alice", "secret"));
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.user()).isEqualTo("alice");
        assertThat(result.roles()).containsExactlyInAnyOrder("staff", "ops");
    }

    @Test
    void wrongCredentialsFailWithoutEchoingThem() {
        AuthenticationResult result = authenticator.authenticate(request("test", "alice", "guess"));
        assertThat(result.isFailure()).isTrue();
        assertThat(result.reason()).doesNotContain("guess");
    }

    @Test
    void anUnknownRealmFailsAndSaysSo() {
        AuthenticationResult result = authenticator.authenticate(request("nowhere", "alice", "secret"));
        assertThat(result.isFailure()).isTrue();
        assertThat(result.reason()).contains("nowhere");
    }

    private static AuthenticationRequest request(String realm, String user, String password) {
        return new AuthenticationRequest(
                "test", realm, new InetSocketAddress("127.0.0.1", 40000), user, password.toCharArray());
    }
}
