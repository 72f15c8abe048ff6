import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's own SOCKS client, configured the way a user configures it: by system properties.
 * Run in single-file source mode by Socksgate's itests, in a JVM of its own:
 *
 * <pre>
 * java -DsocksProxyHost=127.0.0.1 -DsocksProxyPort=PORT -DsocksNonProxyHosts= [-DsocksProxyVersion=4] \
 *     JdkSocksClient.java HOST PORT [unresolved]
 * </pre>
 *
 * <p>{@code socksNonProxyHosts} is emptied because the JDK, by default, connects to localhost and
 * 127.* directly, bypassing the proxy. "unresolved" hands the JDK an unresolved address, which
 * its SOCKS5 client sends as a domain name. Sends 16 KiB to an echo server at HOST:PORT through
 * the proxy; exit code 0 only when they come back unchanged, 2 when the connection through the
 * proxy fails.
 *
 * <p>With {@code -Ditest.socks.user=USER -Ditest.socks.password=PASSWORD} it installs a default
 * {@link java.net.Authenticator}, which the JDK's SOCKS5 client asks for the proxy's credentials
 * when the proxy chooses username/password (RFC 1929); each question is printed to stdout as
 * "authenticator asked: ...".
 */
public class JdkSocksClient {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        boolean unresolved = args.length > 2 && args[2].equals("unresolved");
        installAuthenticator(System.getProperty("itest.socks.user"), System.getProperty("itest.socks.password"));

        List<Proxy> chosen = ProxySelector.getDefault().select(URI.create("socket://" + host + ":" + port));
        System.out.println("proxy selected: " + chosen + ", socksProxyVersion="
                + System.getProperty("socksProxyVersion", "5 (default)"));
        if (chosen.isEmpty() || chosen.get(0).type() != Proxy.Type.SOCKS) {
            System.err.println("the JDK would not use the SOCKS proxy for " + host + ":" + port);
            System.exit(3);
        }

        byte[] message = message(host, port);
        InetSocketAddress target =
                unresolved ? InetSocketAddress.createUnresolved(host, port) : new InetSocketAddress(host, port);
        byte[] received;
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(30_000);
            socket.connect(target, 30_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            InputStream in = socket.getInputStream();
            received = in.readNBytes(message.length);
        } catch (IOException e) {
            System.err.println("connection through the proxy failed: " + e);
            e.printStackTrace();
            System.exit(2);
            return;
        }
        if (!Arrays.equals(message, received)) {
            System.err.println("echo mismatch: sent " + message.length + " bytes, received " + received.length);
            System.exit(1);
        }
        System.out.println("echoed " + received.length + " bytes");
    }

    /** Answers the JDK's question for the SOCKS proxy's credentials; nothing without a user. */
    private static void installAuthenticator(String user, String password) {
        if (user == null) {
            return;
        }
        char[] secret = password == null ? new char[0] : password.toCharArray();
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                System.out.println("authenticator asked: protocol=" + getRequestingProtocol() + " prompt="
                        + getRequestingPrompt() + " host=" + getRequestingHost() + " port="
                        + getRequestingPort() + " type=" + getRequestorType());
                String protocol = String.valueOf(getRequestingProtocol());
                return protocol.startsWith("SOCKS") ? new PasswordAuthentication(user, secret.clone()) : null;
            }
        });
    }

    private static byte[] message(String host, int port) {
        byte[] header = ("JDK SOCKS client to " + host + ":" + port + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(header, header.length + 16 * 1024);
        for (int i = header.length; i < message.length; i++) {
            message[i] = (byte) i;
        }
        return message;
    }
}
