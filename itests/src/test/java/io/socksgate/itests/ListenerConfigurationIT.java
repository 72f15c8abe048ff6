package io.socksgate.itests;

import static org.junit.Assert.assertArrayEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Listeners follow Config Admin: created, moved and removed while Karaf runs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ListenerConfigurationIT extends SocksgateTestSupport {

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Test
    public void aListenerConfigurationStartsMovesAndStopsAListener() throws IOException {
        int first = freePort();
        int second = freePort();
        Configuration configuration = configurationAdmin.getFactoryConfiguration("io.socksgate.listener", "itest", "?");
        configuration.update(properties(first));
        awaitListening(first);
        assertSocks5Greeting(first);

        configuration.update(properties(second));
        awaitListening(second);
        assertSocks5Greeting(second);
        awaitClosed(first);

        configuration.delete();
        awaitClosed(second);
    }

    private static Dictionary<String, Object> properties(int port) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("bind", "127.0.0.1");
        properties.put("port", port);
        properties.put("timeout.handshake", 5);
        return properties;
    }

    /** A SOCKS5 greeting offering `none` is answered `05 00`: a SOCKS listener, not just a port. */
    private static void assertSocks5Greeting(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(new byte[] {5, 1, 0});
            assertArrayEquals(new byte[] {5, 0}, socket.getInputStream().readNBytes(2));
        }
    }
}
