package io.socksgate.server.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A SOCKS5 client with RFC 1929 username/password, byte by byte as the RFCs write it. */
final class Socks5Login {

    private Socks5Login() {}

    /**
     * Connects through the proxy as {@code user} (password {@code user + "-pw"}).
     *
     * @return the tunnel, or null when the proxy refused the CONNECT; {@code reply} gets its code
     */
    static Socket connect(InetSocketAddress proxy, String user, InetSocketAddress destination, int[] reply)
            throws IOException {
        Socket socket = new Socket(proxy.getAddress(), proxy.getPort());
        socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        out.write(new byte[] {5, 1, 2});
        byte[] method = new byte[2];
        in.readFully(method);
        if (method[1] != 2) {
            throw new IOException("the proxy chose method " + method[1]);
        }
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] password = (user + "-pw").getBytes(StandardCharsets.UTF_8);
        byte[] login = new byte[3 + name.length + password.length];
        login[0] = 1;
        login[1] = (byte) name.length;
        System.arraycopy(name, 0, login, 2, name.length);
        login[2 + name.length] = (byte) password.length;
        System.arraycopy(password, 0, login, 3 + name.length, password.length);
        out.write(login);
        byte[] status = new byte[2];
        in.readFully(status);
        if (status[1] != 0) {
            throw new IOException("login of " + user + " refused");
        }
        out.write(RawClient.connectRequest(destination));
        byte[] head = new byte[10];
        in.readFully(head);
        reply[0] = head[1];
        if (head[1] != 0) {
            socket.close();
            return null;
        }
        return socket;
    }
}
