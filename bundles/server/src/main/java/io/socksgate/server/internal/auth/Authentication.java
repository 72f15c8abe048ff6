package io.socksgate.server.internal.auth;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.AuthenticationResult;
import io.socksgate.api.Authenticator;
import io.socksgate.api.HostPort;
import io.socksgate.api.LoginBlock;
import io.socksgate.api.LoginBlocks;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.server.internal.log.LogText;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SOCKS5 username/password logins: asks the registered {@link Authenticator} services in
 * descending ranking until one decides, off the I/O threads, and refuses client addresses that
 * keep failing ({@link LoginBlocks} shows and lifts those blocks). Every failure is one line on
 * logger {@code io.socksgate.auth}: {@code authentication failed: client=10.0.0.7 user="alice"
 * listener=default reason=...}. The address comes first, and the user name, quoted, escaped and
 * cut to {@value #MAX_USER_CHARS} characters, after it: whatever a client puts in its user name,
 * fail2ban's {@code \| authentication (failed|refused): client=<HOST> } matches only the real
 * address.
 *
 * <p>The server's runtime makes it, registers it as {@link LoginBlocks}, hands it the {@link
 * Authenticator} services and its configuration.
 */
public final class Authentication implements LoginBlocks {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.socksgate.auth");
    private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);

    /** Longest user name (escaped) an audit line shows; longer ones are cut and marked. */
    static final int MAX_USER_CHARS = 64;

    /** Longest failure reason (escaped) an audit line shows: authenticators are other bundles' code. */
    private static final int MAX_REASON_CHARS = 200;

    /** Highest ranking first; among equals, the oldest service (lowest id) first. */
    private static final Comparator<Ranked> ORDER =
            Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId);

    private record Ranked(Authenticator authenticator, int ranking, long serviceId) {}

    private final List<Ranked> authenticators = new CopyOnWriteArrayList<>();
    private final LoginThrottle throttle;

    /** @param properties the {@code io.socksgate.auth} configuration, described by {@link AuthConfig} */
    public Authentication(Map<String, Object> properties) {
        this(properties, Clock.systemUTC());
    }

    public Authentication(Map<String, ?> properties, Clock clock) {
        AuthSettings settings = parse(properties, "using the defaults");
        throttle = new LoginThrottle((settings == null ? AuthSettings.DEFAULTS : settings).limits(), clock);
    }

    /** New limits count from the next failure; blocks in force stay (see {@link LoginThrottle}). */
    public void modified(Map<String, ?> properties) {
        AuthSettings settings = parse(properties, "the previous configuration stays");
        if (settings != null) {
            throttle.setLimits(settings.limits());
            LOG.info("io.socksgate.auth reconfigured: {}", settings);
        }
    }

    /** The settings, or null after logging each bad key and then {@code consequence}. */
    private static AuthSettings parse(Map<String, ?> properties, String consequence) {
        try {
            return AuthSettings.from(properties);
        } catch (InvalidConfigurationException e) {
            for (String problem : e.problems()) {
                LOG.error("io.socksgate.auth: {}", problem);
            }
            LOG.error("io.socksgate.auth: configuration rejected, {}", consequence);
            return null;
        }
    }

    /** An authenticator service came, with its service properties (ranking, id). */
    public void addAuthenticator(Authenticator authenticator, Map<String, ?> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        synchronized (authenticators) {
            authenticators.add(new Ranked(
                    authenticator, ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE));
            authenticators.sort(ORDER);
        }
    }

    public void removeAuthenticator(Authenticator authenticator) {
        authenticators.removeIf(r -> r.authenticator() == authenticator);
    }

    /**
     * Runs the check, the audit line and the throttle bookkeeping on {@code executor}, never on
     * the calling I/O thread; the future never completes exceptionally.
     */
    public CompletableFuture<AuthenticationResult> authenticate(AuthenticationRequest request, Executor executor) {
        return CompletableFuture.supplyAsync(() -> decide(request), executor)
                .exceptionally(e -> AuthenticationResult.failure("check failed: " + e));
    }

    private AuthenticationResult decide(AuthenticationRequest request) {
        try {
            LoginThrottle current = throttle;
            if (current.isBlocked(request.client().getAddress())) {
                audit("refused", request, "client blocked after repeated failures");
                return AuthenticationResult.failure("client blocked");
            }
            AuthenticationResult result = check(request);
            if (!result.isSuccess()) {
                audit("failed", request, result.reason());
                if (current.failed(request.client().getAddress())) {
                    audit("refused", request, "client blocked from now on");
                }
            }
            return result;
        } finally {
            request.clear();
        }
    }

    private AuthenticationResult check(AuthenticationRequest request) {
        for (Ranked ranked : authenticators) {
            AuthenticationResult result;
            try {
                result = ranked.authenticator().authenticate(request);
            } catch (RuntimeException e) {
                AUDIT.warn(
                        "authenticator {} failed",
                        ranked.authenticator().getClass().getName(),
                        e);
                return AuthenticationResult.failure("authenticator error");
            }
            if (result != null && !result.isAbstain()) {
                return result;
            }
        }
        return AuthenticationResult.failure(
                authenticators.isEmpty() ? "no authenticator is registered" : "no authenticator knows the user");
    }

    @Override
    public List<LoginBlock> blocks() {
        return throttle.blocks();
    }

    @Override
    public boolean unblock(InetAddress client, String operator) {
        boolean lifted = throttle.unblock(client);
        if (lifted) {
            AUDIT.info("authentication unblocked: client={} by={}", HostPort.addressText(client), who(operator));
        }
        return lifted;
    }

    @Override
    public int unblockAll(String operator) {
        int lifted = throttle.unblockAll();
        AUDIT.info("authentication unblocked: all {} blocked client(s) by={}", lifted, who(operator));
        return lifted;
    }

    private static String who(String operator) {
        return LogText.quoted(operator == null ? "?" : operator, MAX_USER_CHARS);
    }

    /**
     * One audit line: the client address first, then the user name, so that a hostile name can
     * neither come before the address nor, cut by a log layout, pass for it.
     */
    static String auditLine(String what, AuthenticationRequest request, String reason) {
        return "authentication " + what
                + ": client=" + HostPort.addressText(request.client().getAddress())
                + " user=" + LogText.quoted(request.username(), MAX_USER_CHARS)
                + " listener=" + request.listener()
                + " reason=" + LogText.quoted(String.valueOf(reason), MAX_REASON_CHARS);
    }

    private static void audit(String what, AuthenticationRequest request, String reason) {
        AUDIT.warn(auditLine(what, request, reason));
    }
}
