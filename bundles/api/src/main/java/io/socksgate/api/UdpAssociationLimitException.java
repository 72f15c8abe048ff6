package io.socksgate.api;

import java.io.IOException;

/**
 * Thrown by {@link UdpRelay#open} when the client already has as many live associations as the
 * relay allows one client address ({@code max.associations.per.client}): a limit of this client,
 * while other clients can still open associations.
 */
public class UdpAssociationLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    public UdpAssociationLimitException(String message) {
        super(message);
    }
}
