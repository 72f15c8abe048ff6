package io.socksgate.server.internal.auth;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Authentication settings shared by every listener ({@code etc/io.socksgate.auth.cfg}): how many
 * failed logins a client address may make before it is refused without asking the realm. The
 * metatype for Config Admin and the webconsole; the values are checked by {@link AuthSettings}.
 */
@ObjectClassDefinition(
        id = "io.socksgate.auth",
        name = "Socksgate authentication",
        description = "Brute-force protection for SOCKS5 username/password logins.")
public @interface AuthConfig {

    @AttributeDefinition(
            description =
                    "Failed logins from one client address within failures.window that block it; 0 = never block.",
            min = "0")
    int failures_max() default AuthSettings.DEFAULT_FAILURES_MAX;

    @AttributeDefinition(description = "Seconds over which failed logins are counted.", min = "1")
    int failures_window() default AuthSettings.DEFAULT_FAILURES_WINDOW;

    @AttributeDefinition(
            description = "Seconds a blocked client address is refused without a check."
                    + " Blocks in force are kept when this changes; socks:auth-unblock lifts them.",
            min = "1")
    int block_time() default AuthSettings.DEFAULT_BLOCK_TIME;
}
