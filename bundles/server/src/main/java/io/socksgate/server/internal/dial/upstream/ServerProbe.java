package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import java.time.Duration;

/**
 * The outcome of a probe through one server ({@code socks:upstream-test}).
 *
 * @param server the server as configured
 * @param succeeded whether the server reached the destination
 * @param latency from the start of the connect to the end of the handshake, or to the failure
 * @param outcome for people: {@code connected}, or what went wrong
 */
public record ServerProbe(HostPort server, boolean succeeded, Duration latency, String outcome) {}
