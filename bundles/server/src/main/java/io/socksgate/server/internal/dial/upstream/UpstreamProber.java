package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;

/**
 * Probes an upstream for an operator: through every server at once, the connect and handshake
 * towards a destination with the upstream's own timeout, then a close; no payload, and the
 * servers' health is left as it was (a probe is not a client's request).
 */
public final class UpstreamProber {

    private final ProxyEngine engine;

    public UpstreamProber(ProxyEngine engine) {
        this.engine = engine;
    }

    /**
     * @return one result per server, in configured order; never completes exceptionally
     */
    public CompletionStage<List<ServerProbe>> probe(Upstream upstream, HostPort destination) {
        if (!destination.isName() || upstream.settings().resolve() == Resolution.REMOTE) {
            return probeAll(upstream, destination);
        }
        return CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return HostPort.of(Dialer.resolve(destination.name())[0], destination.port());
                            } catch (UnknownHostException e) {
                                return null;
                            }
                        },
                        engine.blockingWork())
                .exceptionally(rejected -> null)
                .thenCompose(target -> target == null
                        ? CompletableFuture.completedFuture(failedAll(upstream, "cannot resolve " + destination.name()))
                        : probeAll(upstream, target));
    }

    private CompletionStage<List<ServerProbe>> probeAll(Upstream upstream, HostPort target) {
        HandshakeStep.DestinationFailed refusal =
                Handshakes.refusal(upstream.settings().type(), target);
        if (refusal != null) {
            return CompletableFuture.completedFuture(failedAll(upstream, refusal.reason()));
        }
        List<CompletableFuture<ServerProbe>> probes = new ArrayList<>();
        for (HostPort server : upstream.settings().servers()) {
            Probe probe = new Probe(upstream, server, target);
            probes.add(probe.result);
            probe.start(upstream.settings().connectTimeout());
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .thenApply(all -> probes.stream().map(CompletableFuture::join).toList());
    }

    private static List<ServerProbe> failedAll(Upstream upstream, String why) {
        return upstream.settings().servers().stream()
                .map(server -> new ServerProbe(server, false, Duration.ZERO, why))
                .toList();
    }

    /** One server's probe; completes its result exactly once. */
    private final class Probe extends ServerConnection {

        final CompletableFuture<ServerProbe> result = new CompletableFuture<>();

        Probe(Upstream upstream, HostPort server, HostPort target) {
            super(UpstreamProber.this.engine, upstream, server, target);
        }

        @Override
        void onPlacing(IoSession created) {
            // no client to share a processor with
        }

        @Override
        void onSucceeded(IoSession carrier, IoBuffer leftover) {
            carrier.closeNow();
            report(true, "connected");
        }

        @Override
        void onServerFailed(String reason, boolean credentialsRefused) {
            report(false, reason);
        }

        @Override
        void onDestinationFailed(HandshakeStep.DestinationFailed failed) {
            report(false, "the server could not reach the destination: " + failed.reason());
        }

        @Override
        void onResolverFull() {
            report(false, "resolver queue full");
        }

        private void report(boolean succeeded, String outcome) {
            result.complete(new ServerProbe(server, succeeded, elapsed(), outcome));
        }
    }
}
