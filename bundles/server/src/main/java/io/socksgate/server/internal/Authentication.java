package io.socksgate.server.internal;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.AuthenticationResult;
import io.socksgate.api.Authenticator;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SOCKS5 username/password logins: asks the registered {@link Authenticator} services in
 * descending ranking until one decides, off the I/O threads, and refuses client addresses that
 * keep failing. Every failure is one line on logger {@code io.socksgate.auth}, which fail2ban can
 * match with {@code authentication (failed|refused): user=".*" client=<HOST> }.
 */
@Component(
        service = Authentication.class,
        configurationPid = "io.socksgate.auth",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuthConfig.class)
public final class Authentication {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.socksgate.auth");

    /** Highest ranking first; among equals, the oldest service (lowest id) first. */
    private static final Comparator<Ranked> ORDER =
            Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId);

    private record Ranked(Authenticator authenticator, int ranking, long serviceId) {}

    private final List<Ranked> authenticators = new CopyOnWriteArrayList<>();
    private volatile LoginThrottle throttle;

    @Activate
    public Authentication(AuthConfig config) {
        throttle = throttleFor(config);
    }

    @Modified
    void modified(AuthConfig config) {
        throttle = throttleFor(config);
    }

    @Reference(
            service = Authenticator.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        synchronized (authenticators) {
            authenticators.add(new Ranked(
                    authenticator, ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE));
            authenticators.sort(ORDER);
        }
    }

    void removeAuthenticator(Authenticator authenticator) {
        authenticators.removeIf(r -> r.authenticator() == authenticator);
    }

    /**
     * Runs the check, the audit line and the throttle bookkeeping on {@code executor}, never on
     * the calling I/O thread; the future never completes exceptionally.
     */
    CompletableFuture<AuthenticationResult> authenticate(AuthenticationRequest request, Executor executor) {
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

    private static void audit(String what, AuthenticationRequest request, String reason) {
        AUDIT.warn(
                "authentication {}: user=\"{}\" client={} listener={} reason={}",
                what,
                LogText.escape(request.username()),
                request.client().getAddress().getHostAddress(),
                request.listener(),
                LogText.escape(String.valueOf(reason)));
    }

    private static LoginThrottle throttleFor(AuthConfig config) {
        return new LoginThrottle(
                config.failures_max(),
                Duration.ofSeconds(Math.max(1, config.failures_window())),
                Duration.ofSeconds(Math.max(1, config.block_time())),
                Clock.systemUTC());
    }
}
