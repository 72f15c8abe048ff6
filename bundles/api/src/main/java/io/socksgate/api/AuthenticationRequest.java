package io.socksgate.api;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * Credentials a client presented (RFC 1929 username/password), with where they came from.
 * {@link #toString()} never shows the password.
 */
public final class AuthenticationRequest {

    private final String listener;
    private final String realm;
    private final InetSocketAddress client;
    private final String username;
    private final char[] password;

    /**
     * @param listener the listener's name
     * @param realm the JAAS realm the listener is configured with
     * @param client the client's address
     * @param username the user name as sent (may be empty)
     * @param password the password as sent (may be empty); copied
     */
    public AuthenticationRequest(
            String listener, String realm, InetSocketAddress client, String username, char[] password) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.client = Objects.requireNonNull(client, "client");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    public String listener() {
        return listener;
    }

    public String realm() {
        return realm;
    }

    public InetSocketAddress client() {
        return client;
    }

    public String username() {
        return username;
    }

    /** A copy of the password; clear it when done. */
    public char[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "AuthenticationRequest[listener=" + listener + ", realm=" + realm + ", client=" + client + ", username="
                + username + ", password=***]";
    }

    /** Clears the password held by this request. */
    public void clear() {
        Arrays.fill(password, '\0');
    }
}
