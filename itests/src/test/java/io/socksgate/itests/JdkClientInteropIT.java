package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.requireExecutable;

import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The JDK's own SOCKS client, configured by {@code -DsocksProxyHost/-DsocksProxyPort} in a JVM of
 * its own (so {@code -DsocksProxyVersion=4} touches nothing else), echoes 16 KiB through the
 * default listener: SOCKS5 to an IPv4 address and to an unresolved name (a SOCKS5 domain name),
 * and SOCKS4 to an IPv4 address.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JdkClientInteropIT extends InteropTestSupport {

    private String java;
    private Path client;

    @Before
    public void launcherAndClient() throws Exception {
        java = requireExecutable(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "openjdk-17-jdk-headless");
        client = ClientProcess.copyResource("JdkSocksClient.java", work.resolve("JdkSocksClient.java"));
    }

    @Test
    public void socks5EchoesThroughAnIpv4Address() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            jdkClient(List.of(), "127.0.0.1", echo.address().getPort(), false);
        }
    }

    @Test
    public void socks5EchoesThroughAnUnresolvedHostName() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            jdkClient(List.of(), "localhost", echo.address().getPort(), true);
        }
    }

    @Test
    public void socks4EchoesThroughAnIpv4Address() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            jdkClient(
                    List.of("-DsocksProxyVersion=4"),
                    "127.0.0.1",
                    echo.address().getPort(),
                    false);
        }
    }

    private void jdkClient(List<String> properties, String host, int port, boolean unresolved) throws Exception {
        List<String> command = command(
                java,
                "-Xmx128m",
                "-DsocksProxyHost=127.0.0.1",
                "-DsocksProxyPort=" + socksPort(),
                // By default the JDK bypasses the proxy for localhost and 127.*: proxy everything.
                "-DsocksNonProxyHosts=");
        command.addAll(properties);
        command.addAll(List.of(client.toString(), host, String.valueOf(port)));
        if (unresolved) {
            command.add("unresolved");
        }
        ClientProcess.run(work, command).assertExitCode(0);
    }
}
