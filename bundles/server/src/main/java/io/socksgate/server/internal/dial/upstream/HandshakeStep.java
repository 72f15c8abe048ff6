package io.socksgate.server.internal.dial.upstream;

import io.socksgate.server.internal.exchange.Failure;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/** What a {@link Handshake} wants after the bytes it was given. */
public sealed interface HandshakeStep {

    /** The server's answer is not complete yet. */
    record Wait() implements HandshakeStep {}

    /** Send these bytes (the next message of the handshake), then wait for the answer. */
    record Send(IoBuffer bytes) implements HandshakeStep {
        public Send {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** How the handshake ended: exactly one per handshake. */
    sealed interface Outcome extends HandshakeStep {}

    /**
     * The tunnel to the destination is up.
     *
     * @param leftover bytes the server sent after its success reply: the destination's first
     *     bytes, which belong to the client; possibly empty, never null
     */
    record Succeeded(IoBuffer leftover) implements Outcome {
        public Succeeded {
            Objects.requireNonNull(leftover, "leftover");
        }
    }

    /**
     * The server is unusable for this request (it does not speak the protocol, refused our
     * credentials, offered no method we can use, ...): the next server is tried and this one's
     * failure counts against its health.
     *
     * @param reason for the log: never a credential or payload byte
     * @param credentialsRefused the server refused the upstream's configured credentials: a
     *     configuration error for the operator, not a passing fault
     */
    record ServerFailed(String reason, boolean credentialsRefused) implements Outcome {
        public ServerFailed {
            Objects.requireNonNull(reason, "reason");
        }

        public ServerFailed(String reason) {
            this(reason, false);
        }
    }

    /**
     * The server worked but could not reach the destination (refused, unreachable, denied by its
     * rules, ...): trying another server would only ask again, so this is the request's answer.
     *
     * @param failure in the server's own neutral vocabulary, rendered to the client by its
     *     front-end
     * @param reason for the log
     */
    record DestinationFailed(Failure failure, String reason) implements Outcome {
        public DestinationFailed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(reason, "reason");
        }
    }

    HandshakeStep WAIT = new Wait();
}
