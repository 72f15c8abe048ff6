package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.Protocol;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * A transparent listener with real sockets in this host's namespace, where no test may redirect
 * anything: a connection made to it directly has no other original destination than the listener
 * itself (or none, without conntrack), so the loop guard closes it without a byte, and the access
 * log says so. The redirected paths run in TransparentNamespaceIT.
 */
class TransparentListenerTest {

    @Test
    void aDirectConnectionIsClosedByTheLoopGuardAndLogged() throws Exception {
        try (ProxyFixture proxy = new ProxyFixture(Map.of("protocols", "transparent"))) {
            InetSocketAddress listener = proxy.address();
            try (Socket client = new Socket(listener.getAddress(), listener.getPort())) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = client.getInputStream();
                assertThat(in.read()).as("closed without a byte").isEqualTo(-1);
            }
            String self = "CONNECT 127.0.0.1:" + listener.getPort() + " - NONE/- -";
            await("the access log line").atMost(Duration.ofSeconds(10)).until(() -> proxy.accessLog.stream()
                    .anyMatch(line -> line.contains(" TCP_DENIED/403 0 " + self)
                            || line.contains(" NONE_NONE/400 0 NONE error:no-original-destination - NONE/- -")));
            assertThat(proxy.accessLog).noneMatch(line -> line.contains("TCP_TUNNEL"));
        }
    }

    @Test
    void theListenerIsListedAsTransparentInTheRegistryAndOverJmx() throws Exception {
        try (ProxyFixture proxy = new ProxyFixture(Map.of("protocols", "transparent"))) {
            ListenerInfo info = proxy.listeners.listeners().get(0);
            assertThat(info.protocols()).containsExactly(Protocol.TRANSPARENT);
            assertThat(info.state()).isEqualTo(ListenerInfo.State.LISTENING);
            assertThat(ManagementFactory.getPlatformMBeanServer()
                            .getAttribute(new ObjectName("io.socksgate:type=Listener,name=test"), "Protocols"))
                    .isEqualTo("transparent");
        }
    }
}
