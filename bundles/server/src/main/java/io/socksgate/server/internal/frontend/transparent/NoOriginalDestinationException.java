package io.socksgate.server.internal.frontend.transparent;

/** A redirected connection whose original destination cannot be read; the message says why. */
final class NoOriginalDestinationException extends Exception {

    private static final long serialVersionUID = 1L;

    NoOriginalDestinationException(String why) {
        super(why, null, false, false);
    }
}
