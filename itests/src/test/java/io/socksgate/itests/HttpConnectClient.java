package io.socksgate.itests;

import static org.junit.Assert.fail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP CONNECT client written out on a raw socket, for what real clients never send (malformed
 * requests, huge headers, bytes pipelined after the request) and for checking a proxy's answers
 * byte for byte: the status line, each header field, the body its Content-Length announces, and
 * that the connection then ends. Every exchange is kept as a text transcript for the failure
 * messages; every read is bounded by the socket's read timeout.
 */
final class HttpConnectClient implements AutoCloseable {

    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** More than any response head a proxy sends; a longer one fails the test. */
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;

    private final Socket socket;
    private final WireTranscript transcript;

    private HttpConnectClient(Socket socket) throws IOException {
        this.socket = socket;
        InputStream in = new BufferedInputStream(socket.getInputStream());
        this.transcript =
                new WireTranscript(in, socket.getOutputStream(), this::describe, WireTranscript.Rendering.TEXT);
    }

    /** Connects from 127.0.0.1 to the proxy on 127.0.0.1:{@code proxyPort}. */
    static HttpConnectClient open(int proxyPort, int readTimeoutMillis) throws IOException {
        return open(InetAddress.getLoopbackAddress(), proxyPort, readTimeoutMillis);
    }

    /**
     * Connects from {@code source} (any 127.0.0.0/8 address: each is this host's on Linux, and
     * rules, caps and the access log tell clients apart by it) to 127.0.0.1:{@code proxyPort}.
     */
    static HttpConnectClient open(InetAddress source, int proxyPort, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort), readTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            return new HttpConnectClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code CONNECT target HTTP/1.1} with a Host header and {@code more} header lines. */
    static String connectRequest(String target, String... moreHeaderLines) {
        StringBuilder request = new StringBuilder()
                .append("CONNECT ")
                .append(target)
                .append(" HTTP/1.1\r\nHost: ")
                .append(target)
                .append("\r\n");
        for (String line : moreHeaderLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** The header line {@code Proxy-Authorization: Basic base64(user:password)} (RFC 7617, UTF-8). */
    static String basicCredentials(String user, String password) {
        return "Proxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    void send(String what, String text) throws IOException {
        transcript.send(what, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(String what, byte[] bytes) throws IOException {
        transcript.send(what, bytes);
    }

    /** Reads one response head (status line and header fields, up to the empty line). */
    Response receiveResponse(String what) throws IOException {
        byte[] head = transcript.receiveUntil(what, END_OF_HEAD, MAX_RESPONSE_HEAD);
        String text = new String(head, 0, head.length - END_OF_HEAD.length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                fail("a response header line without a name and colon: '" + lines[i] + "'" + describe());
            }
            fields.add(new String[] {
                lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()
            });
        }
        return new Response(lines[0], fields);
    }

    /**
     * Reads the answer to a rejected request and the end of the connection: fails unless the
     * status line is exactly {@code statusLine}, Content-Length gives the length of the body that
     * follows, {@code Connection: close} is there, and the proxy then closes the connection
     * without another byte. Returns the response for more checks.
     */
    Response assertRejected(String statusLine) throws IOException {
        Response response = receiveResponse("response");
        if (!statusLine.equals(response.statusLine())) {
            fail("expected the status line '" + statusLine + "', got '" + response.statusLine() + "'" + describe());
        }
        Optional<String> length = response.header("Content-Length");
        if (length.isEmpty() || !length.get().matches("[0-9]{1,9}")) {
            fail("a " + statusLine + " needs a Content-Length, got " + length + describe());
        }
        if (!response.header("Connection").map(c -> c.equalsIgnoreCase("close")).orElse(false)) {
            fail("a " + statusLine + " needs 'Connection: close', got " + response.header("Connection") + describe());
        }
        if (response.header("Transfer-Encoding").isPresent()) {
            fail("a rejection with Transfer-Encoding (Content-Length is expected)" + describe());
        }
        transcript.receive("body of " + length.get() + " bytes", Integer.parseInt(length.get()));
        transcript.assertEndOfStream("after the " + statusLine);
        return response;
    }

    /**
     * Reads the answer to a granted CONNECT: fails unless it is exactly {@code HTTP/1.1 200
     * Connection established} with no body (a 2xx to CONNECT has neither Content-Length nor
     * Transfer-Encoding, RFC 9110 9.3.6); the tunnel starts after the empty line.
     */
    Response assertEstablished() throws IOException {
        Response response = receiveResponse("response");
        if (!"HTTP/1.1 200 Connection established".equals(response.statusLine())) {
            fail("expected 'HTTP/1.1 200 Connection established', got '" + response.statusLine() + "'" + describe());
        }
        if (response.header("Content-Length").isPresent()
                || response.header("Transfer-Encoding").isPresent()) {
            fail("a 200 to CONNECT has no Content-Length or Transfer-Encoding" + describe());
        }
        return response;
    }

    /** Sends {@code message} through the tunnel and fails unless the same bytes come back. */
    void assertEchoes(byte[] message) throws IOException {
        transcript.send("data", message);
        byte[] echoed = transcript.receive("echo", message.length);
        if (!java.util.Arrays.equals(message, echoed)) {
            fail("the echo differs from what was sent" + describe());
        }
    }

    /** Reads {@code length} bytes (failing if the connection ends first). */
    byte[] receive(String what, int length) throws IOException {
        return transcript.receive(what, length);
    }

    /** Whatever the proxy sends until it closes the connection (failing if it does not). */
    byte[] receiveToEnd(String what) throws IOException {
        return transcript.receiveToEnd(what, MAX_RESPONSE_HEAD);
    }

    /** Fails unless the proxy closes the connection now, sending nothing (more). */
    void assertClosedByProxy(String when) throws IOException {
        transcript.assertEndOfStream(when);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The connection's addresses and the transcript so far, for a failure message. */
    String describe() {
        return "\n  connection " + socket.getLocalSocketAddress() + " -> " + socket.getRemoteSocketAddress() + ":"
                + transcript;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A response head: its status line and header fields in order. */
    record Response(String statusLine, List<String[]> fields) {

        /** The value of the one field named {@code name} (any case); fails when there are several. */
        Optional<String> header(String name) {
            List<String> values = fields.stream()
                    .filter(f -> f[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .map(f -> f[1])
                    .toList();
            if (values.size() > 1) {
                fail("the response has " + values.size() + " " + name + " fields: " + values);
            }
            return values.stream().findFirst();
        }
    }
}
