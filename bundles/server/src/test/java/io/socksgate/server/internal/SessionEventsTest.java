package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.Decision;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Session listeners and the access log see opened, denied and closed sessions. */
@Timeout(60)
class SessionEventsTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SessionListener recorder = new SessionListener() {
        @Override
        public void opened(SessionInfo session) {
            events.add("opened " + session.destination());
        }

        @Override
        public void denied(SessionInfo session, Decision decision) {
            events.add("denied " + session.destination() + " by " + decision.rule());
        }

        @Override
        public void closed(SessionInfo session) {
            events.add("closed " + session.destination() + " up=" + session.bytesFromClient() + " down="
                    + session.bytesToClient());
        }
    };

    @Test
    void aTunnelIsOpenedThenClosedWithItsByteCountsAndLogged() throws IOException {
        try (EchoServer echo = EchoServer.onLoopback();
                ProxyFixture proxy = new ProxyFixture()) {
            proxy.events.addListener(recorder);
            try (RawClient tunnel = ListenerLifecycleTest.openTunnel(proxy.address(), echo)) {
                tunnel.send("01 02 03 04 05");
                tunnel.read(5);
            }
            String destination = echo.address().getAddress().getHostAddress() + ":" + echo.port();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            assertThat(events).containsExactly("opened " + destination, "closed " + destination + " up=5 down=5");
            assertThat(proxy.accessLog).singleElement().satisfies(line -> assertThat(line)
                    .matches("\\d+\\.\\d{3} \\d+ 127\\.0\\.0\\.1 SOCKS_TCP_MISS/200 10 SOCKS_CONNECT tunnel://"
                            + destination.replace(".", "\\.") + "/ - DIRECT/127\\.0\\.0\\.1 default"));
        }
    }

    @Test
    void aDenialIsReportedOnceAndNotAsAClose() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of(), Map.of(), "deny")) {
            proxy.events.addListener(recorder);
            try (RawClient client = new RawClient(proxy.address())) {
                client.send("05 01 00").send(RawClient.connectRequest("loopback.socksgate.test", 7));
                client.readToEnd();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            assertThat(events).containsExactly("denied loopback.socksgate.test:7 by default");
            assertThat(proxy.accessLog)
                    .singleElement()
                    .satisfies(
                            line -> assertThat(line)
                                    .endsWith(
                                            " SOCKS_TCP_DENIED/403 0 SOCKS_CONNECT tunnel://loopback.socksgate.test:7/ - NONE/- default"));
        }
    }

    @Test
    void aFailedConnectIsLoggedAsAnErrorAndHandshakeGarbageIsNot() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture()) {
            proxy.events.addListener(recorder);
            try (RawClient client = new RawClient(proxy.address())) {
                client.send("05 01 00").send(RawClient.connectRequest("nowhere.socksgate.test", 80));
                client.readToEnd();
            }
            try (RawClient garbage = new RawClient(proxy.address())) {
                garbage.send("47 45 54 20");
                garbage.readToEnd();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.accessLog.size() == 1);
            assertThat(proxy.accessLog.get(0))
                    .contains(" SOCKS_TCP_ERROR/502 0 SOCKS_CONNECT tunnel://nowhere.socksgate.test:80/ ");
            assertThat(events).containsExactly("closed nowhere.socksgate.test:80 up=0 down=0");
        }
    }
}
