package io.socksgate.api;

/**
 * Counters of one listener (or all of them), since it started.
 *
 * @param accepted connections accepted, including those refused by a session limit
 * @param active sessions open now, handshaking ones included
 * @param denied requests the policy denied
 * @param authFailures username/password logins refused
 * @param bytesFromClients bytes relayed from clients towards destinations (UDP payloads included)
 * @param bytesToClients bytes relayed from destinations to clients (UDP payloads included)
 */
public record ListenerStats(
        long accepted, long active, long denied, long authFailures, long bytesFromClients, long bytesToClients) {

    public static final ListenerStats ZERO = new ListenerStats(0, 0, 0, 0, 0, 0);

    public ListenerStats plus(ListenerStats other) {
        return new ListenerStats(
                accepted + other.accepted,
                active + other.active,
                denied + other.denied,
                authFailures + other.authFailures,
                bytesFromClients + other.bytesFromClients,
                bytesToClients + other.bytesToClients);
    }
}
