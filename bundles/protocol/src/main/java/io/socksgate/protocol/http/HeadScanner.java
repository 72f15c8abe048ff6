package io.socksgate.protocol.http;

import io.socksgate.protocol.DecodeFailure;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import java.nio.charset.StandardCharsets;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * One pass over an HTTP/1.x message head (start line, field lines, empty line) in a buffer that
 * may hold only part of it. The request and response decoders read their start lines with it and
 * then take the field lines one by one from {@link #nextField()}.
 *
 * <p>It reads a window of at most {@code maxHeaderBytes} bytes: a head must end within it, so
 * when the window is full and the head has not ended, the answer is {@code HEADER_TOO_LARGE}
 * at once, and NeedMore is only ever returned for fewer bytes than the limit. Every byte is
 * checked as it is passed, so a bad byte is reported as soon as it arrives.
 *
 * <p>Line ends are CRLF or a bare LF: RFC 9112 section 2.2 allows a recipient to take a bare LF
 * as a line end, and scripts and hand-typed requests ({@code printf 'CONNECT ...\n\n' | nc}) send
 * them. Accepting them is safe here because the head is never passed on to another HTTP parser
 * that might split it differently. A CR anywhere else is refused, one of the two answers that
 * section allows (the other, reading it as a space, would only hide a broken client).
 *
 * <p>One instance per decode call; failure details name offsets from the head's first byte,
 * lengths and byte values, never the bytes the peer sent.
 */
final class HeadScanner {

    /** At most this many field lines per head, so a head of many tiny fields is bounded too. */
    static final int MAX_FIELDS = 100;

    /** {@link #nextField()}: a field line was read; see the name and value bounds. */
    static final int FIELD = 0;
    /** {@link #nextField()}: the empty line was read; the head ends at {@link #position()}. */
    static final int END = 1;
    /** The window ended inside a line; see {@link #incomplete()}. */
    static final int INCOMPLETE = 2;
    /** The bytes can never become a valid head; {@link #result(int)} gives the failure. */
    static final int FAILED = 3;
    /** {@link #lineEnd()}: the line end was read. */
    static final int OK = 4;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    final byte[] bytes;
    /** Index in {@link #bytes} of the head's first byte. */
    private final int origin;
    /** Index in {@link #bytes} just after the window. */
    final int end;

    private final int maxHeaderBytes;
    /** Whether the window holds {@code maxHeaderBytes}: a head not ended within it is too large. */
    private final boolean full;

    /** Index in {@link #bytes} of the next byte to read. */
    int pos;

    int nameStart;
    int nameEnd;
    int valueStart;
    int valueEnd;
    private int fields;
    private DecodeFailure failure;

    private HeadScanner(byte[] bytes, int origin, int end, int maxHeaderBytes, boolean full) {
        this.bytes = bytes;
        this.origin = origin;
        this.end = end;
        this.maxHeaderBytes = maxHeaderBytes;
        this.full = full;
        this.pos = origin;
    }

    /**
     * A scanner over the bytes from {@code in}'s position, without moving it. A heap buffer is read
     * in place; a direct or read-only one, which has no accessible array, is copied (one window).
     */
    static HeadScanner over(IoBuffer in, int maxHeaderBytes) {
        int available = in.remaining();
        int window = Math.min(available, maxHeaderBytes);
        boolean full = available >= maxHeaderBytes;
        if (in.hasArray()) {
            int origin = in.arrayOffset() + in.position();
            return new HeadScanner(in.array(), origin, origin + window, maxHeaderBytes, full);
        }
        byte[] copy = new byte[window];
        in.buf().duplicate().get(copy);
        return new HeadScanner(copy, 0, window, maxHeaderBytes, full);
    }

    /** How many bytes of the head have been read. */
    int position() {
        return pos - origin;
    }

    /** The offset of index {@code i} from the head's first byte, for failure details. */
    int offset(int i) {
        return i - origin;
    }

    /**
     * Reads the line end expected at {@link #pos}: {@link #OK}, {@link #INCOMPLETE} when the
     * window ends first, or {@link #FAILED} for any other byte (a bare CR included).
     */
    int lineEnd() {
        int i = pos;
        if (i == end) {
            return INCOMPLETE;
        }
        byte b = bytes[i];
        if (b == LF) {
            pos = i + 1;
            return OK;
        }
        if (b != CR) {
            return fail(Reason.MALFORMED, unexpected(i, what(b)));
        }
        if (i + 1 == end) {
            return INCOMPLETE;
        }
        if (bytes[i + 1] != LF) {
            return fail(Reason.MALFORMED, "CR not followed by LF at offset " + offset(i));
        }
        pos = i + 2;
        return OK;
    }

    /**
     * Reads the next line after the start line: a field line ({@link #FIELD}, with {@link
     * #nameStart}, {@link #nameEnd}, {@link #valueStart} and {@link #valueEnd} set, the value
     * without its surrounding whitespace), the empty line that ends the head ({@link #END}), or
     * {@link #INCOMPLETE} or {@link #FAILED}.
     */
    int nextField() {
        int i = pos;
        if (i == end) {
            return INCOMPLETE;
        }
        byte first = bytes[i];
        if (first == CR || first == LF) {
            int lineEnd = lineEnd();
            return lineEnd == OK ? END : lineEnd;
        }
        if (HttpChars.isOws(first)) {
            // obs-fold, or whitespace between the start line and the first field: RFC 9112
            // sections 5.2 and 2.2 allow refusing both, and a folded line is how a field gets
            // smuggled past a parser that unfolds differently.
            return fail(Reason.MALFORMED, "field line starting with whitespace (obs-fold) at offset " + offset(i));
        }
        int start = i;
        while (i < end && HttpChars.isTchar(bytes[i])) {
            i++;
        }
        if (i == end) {
            return INCOMPLETE;
        }
        if (bytes[i] != ':' || i == start) {
            // Whitespace before the colon included: RFC 9112 section 5.1 requires a 400.
            return fail(Reason.MALFORMED, unexpected(i, what(bytes[i]) + " in a field name"));
        }
        nameStart = start;
        nameEnd = i++;
        while (i < end && HttpChars.isOws(bytes[i])) {
            i++;
        }
        valueStart = i;
        while (i < end && HttpChars.isFieldValue(bytes[i])) {
            i++;
        }
        int last = i;
        while (last > valueStart && HttpChars.isOws(bytes[last - 1])) {
            last--;
        }
        valueEnd = last;
        pos = i;
        int lineEnd = lineEnd();
        if (lineEnd != OK) {
            return lineEnd;
        }
        if (++fields > MAX_FIELDS) {
            return fail(Reason.HEADER_TOO_LARGE, "more than " + MAX_FIELDS + " header fields");
        }
        return FIELD;
    }

    /** Whether the last field's name is {@code lowerCaseName}, compared ASCII case-insensitively. */
    boolean nameIs(byte[] lowerCaseName) {
        if (nameEnd - nameStart != lowerCaseName.length) {
            return false;
        }
        for (int k = 0; k < lowerCaseName.length; k++) {
            byte b = bytes[nameStart + k];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCaseName[k]) {
                return false;
            }
        }
        return true;
    }

    /** The last field's value; ISO-8859-1 maps each byte (obs-text included) to one char. */
    String value() {
        return text(valueStart, valueEnd);
    }

    /** The last field's name in lower case (names are tokens, so ASCII). */
    String lowerCaseName() {
        char[] name = new char[nameEnd - nameStart];
        for (int k = 0; k < name.length; k++) {
            byte b = bytes[nameStart + k];
            name[k] = (char) (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        }
        return new String(name);
    }

    String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * The answer when the window ended inside the head: NeedMore while more bytes may still
     * complete it within the limit, else {@code HEADER_TOO_LARGE}.
     */
    <T> DecodeResult<T> incomplete() {
        if (full) {
            return DecodeResult.failed(Reason.HEADER_TOO_LARGE, "head not ended within " + maxHeaderBytes + " bytes");
        }
        return DecodeResult.needMore();
    }

    /** The answer for a {@link #nextField()} or {@link #lineEnd()} result other than success. */
    <T> DecodeResult<T> result(int status) {
        return status == FAILED ? DecodeResult.failed(failure) : incomplete();
    }

    /** Records a failure for {@link #result(int)} and returns {@link #FAILED}. */
    int fail(Reason reason, String detail) {
        failure = new DecodeFailure(reason, detail);
        return FAILED;
    }

    /** A MALFORMED failure for byte {@code i}, which is {@code where}, for example " in the method". */
    <T> DecodeResult<T> malformedAt(int i, String where) {
        return DecodeResult.failed(Reason.MALFORMED, unexpected(i, what(bytes[i]) + where));
    }

    /** A failure detail for byte {@code i}. */
    String unexpected(int i, String what) {
        return what + " at offset " + offset(i);
    }

    /** A byte for a failure detail: its value only. */
    static String what(byte b) {
        return String.format("unexpected byte 0x%02x", b & 0xFF);
    }
}
