package io.socksgate.protocol;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * Decodes one protocol message from a buffer that may hold only part of it, as bytes arrive from
 * a TCP stream in arbitrary pieces.
 *
 * <p>Contract, which every implementation keeps so that callers (a cumulative MINA decoder, a
 * session state machine) need no per-message special cases:
 *
 * <ul>
 *   <li>At most one message is decoded, starting at {@code in.position()}; bytes before the
 *       position and from the limit on are never read.
 *   <li>{@link DecodeResult.Done}: the position is just after the message, so a following message
 *       (pipelined by the client) can be decoded next.
 *   <li>{@link DecodeResult.NeedMore}: the position is left unchanged: nothing is consumed, and the
 *       caller retries with the same bytes plus more. It is returned only when the bytes present
 *       are a valid prefix that is still within the message's maximum size, so a peer can never
 *       make the caller buffer more than one maximum-size message: for example a SOCKS4 USERID
 *       with no NUL among its first 256 bytes fails at once as too long.
 *   <li>{@link DecodeResult.Failed}: the position is unspecified; the caller sends the protocol's
 *       error reply and closes the connection.
 *   <li>It never throws, whatever the input: network bytes are hostile, and an exception would
 *       skip the error reply.
 * </ul>
 *
 * <p>Implementations are stateless and thread-safe; each offers a shared {@code INSTANCE}.
 *
 * @param <T> the decoded message type
 */
public interface MessageDecoder<T> {

    /** Decodes at most one message from {@code in}, following the contract above. */
    DecodeResult<T> decode(IoBuffer in);
}
