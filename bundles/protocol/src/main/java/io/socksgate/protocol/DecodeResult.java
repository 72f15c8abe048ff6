package io.socksgate.protocol;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of one {@link MessageDecoder#decode} call. A sealed type rather than exceptions or
 * nulls, so that "wait for more bytes" and "reject the client" are ordinary values the caller
 * must handle, and no input can make a decoder throw.
 *
 * @param <T> the decoded message type
 */
public sealed interface DecodeResult<T> permits DecodeResult.NeedMore, DecodeResult.Done, DecodeResult.Failed {

    /** The bytes present are a valid but incomplete message; nothing was consumed. */
    record NeedMore<T>() implements DecodeResult<T> {
        // Stateless, so one shared instance serves every type argument.
        private static final NeedMore<?> INSTANCE = new NeedMore<>();
    }

    /** A complete message was decoded and consumed. */
    record Done<T>(T message) implements DecodeResult<T> {
        public Done {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The bytes can never become a valid message; the caller replies with an error and closes. */
    record Failed<T>(DecodeFailure failure) implements DecodeResult<T> {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    @SuppressWarnings("unchecked")
    static <T> DecodeResult<T> needMore() {
        return (DecodeResult<T>) NeedMore.INSTANCE;
    }

    static <T> DecodeResult<T> done(T message) {
        return new Done<>(message);
    }

    static <T> DecodeResult<T> failed(DecodeFailure.Reason reason, String detail) {
        return new Failed<>(new DecodeFailure(reason, detail));
    }

    static <T> DecodeResult<T> failed(DecodeFailure failure) {
        return new Failed<>(failure);
    }

    /**
     * Transforms a {@link Done} message and passes {@link NeedMore} and {@link Failed} through, so a
     * decoder can embed a sub-decoder's result (an address, say) in its own message type.
     */
    default <U> DecodeResult<U> map(Function<? super T, ? extends U> mapper) {
        if (this instanceof Done<T> done) {
            return done(mapper.apply(done.message()));
        }
        if (this instanceof Failed<T> failed) {
            return failed(failed.failure());
        }
        return needMore();
    }
}
