package io.socksgate.api;

import java.io.IOException;

/** Thrown by {@link UdpRelay#open} when every port of the relay's range is in use. */
public class UdpPortsExhaustedException extends IOException {

    private static final long serialVersionUID = 1L;

    public UdpPortsExhaustedException(String message) {
        super(message);
    }
}
