package io.socksgate.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.socksgate.api.SessionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The default listener of the assembly, as a user gets it after boot, carries traffic for the
 * JDK's own SOCKS client.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DefaultListenerIT extends SocksgateTestSupport {

    /** Present once the server bundle is active. */
    @Inject
    private SessionRegistry sessions;

    @Test
    public void anEchoPassesThroughTheDefaultListener() throws IOException {
        awaitListening(socksPort());
        try (EchoServer echo = new EchoServer();
                Socket socket = new Socket(socksProxy())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.connect(echo.address());
            byte[] message = "hello from the JDK's SOCKS client".getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            assertArrayEquals(message, socket.getInputStream().readNBytes(message.length));
        }
    }

    @Test
    public void anHttpDownloadPassesThroughIntact() throws Exception {
        awaitListening(socksPort());
        byte[] file = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(file);
        try (FileServer server = new FileServer(file)) {
            URL url = new URL("http://127.0.0.1:" + server.port() + "/file");
            HttpURLConnection connection = (HttpURLConnection) url.openConnection(socksProxy());
            connection.setConnectTimeout(READ_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            assertEquals(200, connection.getResponseCode());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long length = 0;
            try (InputStream in = connection.getInputStream()) {
                byte[] buffer = new byte[65536];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                    length += n;
                }
            }
            assertEquals(file.length, length);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file), digest.digest());
        }
    }

    private static Proxy socksProxy() {
        return new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(InetAddress.getLoopbackAddress(), socksPort()));
    }
}
