package io.socksgate.bench.client;

/** What a {@link ClientHandshake} wants next: bytes sent, more of the proxy's answer, or nothing. */
public final class Step {

    /** The answer so far is incomplete: read more. */
    public static final Step NEED_MORE = new Step(null, false);
    /** The tunnel is open: what follows is the relayed stream. */
    public static final Step ESTABLISHED = new Step(null, true);

    private final byte[] send;
    private final boolean established;

    private Step(byte[] send, boolean established) {
        this.send = send;
        this.established = established;
    }

    /** Send {@code bytes} (shared, never modified), then feed the answer to the handshake. */
    public static Step send(byte[] bytes) {
        return new Step(bytes, false);
    }

    public boolean established() {
        return established;
    }

    /** The bytes to send, or null when the step sends nothing. */
    public byte[] bytes() {
        return send;
    }
}
