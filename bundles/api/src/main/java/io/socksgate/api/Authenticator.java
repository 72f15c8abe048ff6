package io.socksgate.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A credential check that other bundles plug in (whiteboard): register it as an OSGi service and
 * Socksgate asks it, in descending {@code service.ranking}, until one gives a verdict. Socksgate's
 * own JAAS check is one such service, with ranking 0.
 *
 * <p>Called off the network threads, one request at a time per client; it may block (an LDAP or
 * HTTP call), but the client waits meanwhile, so keep it short.
 */
@ConsumerType
public interface Authenticator {

    /**
     * @return {@link AuthenticationResult#success}, {@link AuthenticationResult#failure}, or
     *     {@link AuthenticationResult#abstain} to leave the decision to the next authenticator
     */
    AuthenticationResult authenticate(AuthenticationRequest request);
}
