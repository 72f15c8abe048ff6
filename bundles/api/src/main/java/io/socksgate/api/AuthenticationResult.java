package io.socksgate.api;

import java.util.Objects;
import java.util.Set;

/** An {@link Authenticator}'s verdict. */
public final class AuthenticationResult {

    private enum Verdict {
        SUCCESS,
        FAILURE,
        ABSTAIN
    }

    private static final AuthenticationResult ABSTAIN = new AuthenticationResult(Verdict.ABSTAIN, null, Set.of(), null);

    private final Verdict verdict;
    private final String user;
    private final Set<String> roles;
    private final String reason;

    private AuthenticationResult(Verdict verdict, String user, Set<String> roles, String reason) {
        this.verdict = verdict;
        this.user = user;
        this.roles = roles;
        this.reason = reason;
    }

    /**
     * The credentials are good.
     *
     * @param user the user name the session is recorded under
     * @param roles the user's roles and groups, matched by policy rules as {@code @name}
     */
    public static AuthenticationResult success(String user, Set<String> roles) {
        return new AuthenticationResult(Verdict.SUCCESS, Objects.requireNonNull(user, "user"), Set.copyOf(roles), null);
    }

    /**
     * The credentials are wrong; no further authenticator is asked.
     *
     * @param reason for the log; never include the password
     */
    public static AuthenticationResult failure(String reason) {
        return new AuthenticationResult(Verdict.FAILURE, null, Set.of(), Objects.requireNonNull(reason, "reason"));
    }

    /** This authenticator does not know the user: the next one decides. */
    public static AuthenticationResult abstain() {
        return ABSTAIN;
    }

    public boolean isSuccess() {
        return verdict == Verdict.SUCCESS;
    }

    public boolean isFailure() {
        return verdict == Verdict.FAILURE;
    }

    public boolean isAbstain() {
        return verdict == Verdict.ABSTAIN;
    }

    /** The authenticated user; null unless {@link #isSuccess()}. */
    public String user() {
        return user;
    }

    /** The user's roles and groups; empty unless {@link #isSuccess()}. */
    public Set<String> roles() {
        return roles;
    }

    /** Why the credentials were refused; null unless {@link #isFailure()}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return switch (verdict) {
            case SUCCESS -> "success(" + user + ", " + roles + ")";
            case FAILURE -> "failure(" + reason + ")";
            case ABSTAIN -> "abstain";
        };
    }
}
