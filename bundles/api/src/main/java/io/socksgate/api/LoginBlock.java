package io.socksgate.api;

import java.net.InetAddress;
import java.time.Instant;

/**
 * A client address the login throttle refuses without asking any authenticator.
 *
 * @param client the blocked client address
 * @param failures the failed logins within {@code failures.window} that blocked it
 * @param blockedUntil when the block ends on its own
 */
public record LoginBlock(InetAddress client, int failures, Instant blockedUntil) {}
