package io.socksgate.server.internal.listener;

import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.server.internal.frontend.transparent.OriginalDestinations;
import java.util.List;

/**
 * Whether this JVM can run a transparent listener (JNA, and the JVM option to read a socket's
 * descriptor). A listener that needs it and cannot have it is invalid, listed with what is
 * missing, and never bound: it would accept connections it cannot serve. Listeners of the other
 * protocols never ask, so Socksgate without JNA runs as before.
 */
final class TransparentSupport {

    private TransparentSupport() {}

    /** @throws InvalidConfigurationException naming what is missing, for a transparent listener */
    static void check(ListenerSettings settings) {
        if (!settings.isTransparent()) {
            return;
        }
        String problem = OriginalDestinations.problem();
        if (problem != null) {
            throw new InvalidConfigurationException(List.of("protocols = 'transparent': " + problem));
        }
    }
}
