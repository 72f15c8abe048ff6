package io.socksgate.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * curl (Debian package {@code curl}) downloads through the default listener with each of its SOCKS
 * flavours: {@code --socks4} (curl resolves, sends an IPv4 address), {@code --socks4a} and
 * {@code --socks5-hostname} (the proxy resolves the name), {@code --socks5} (curl resolves, sends
 * an IPv4 or IPv6 address).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CurlInteropIT extends InteropTestSupport {

    private static final byte[] BODY = randomBytes(256 * 1024, 11);

    @Test
    public void socks4DownloadsFromAnIpv4Address() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertDownloads("--socks4", "http://127.0.0.1:" + server.port() + "/file", BODY);
        }
    }

    @Test
    public void socks4aLetsTheProxyResolveLocalhost() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertDownloads("--socks4a", "http://localhost:" + server.port() + "/file", BODY);
        }
    }

    @Test
    public void socks5DownloadsFromAnIpv4Address() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertDownloads("--socks5", "http://127.0.0.1:" + server.port() + "/file", BODY);
        }
    }

    @Test
    public void socks5HostnameLetsTheProxyResolveLocalhost() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertDownloads("--socks5-hostname", "http://localhost:" + server.port() + "/file", BODY);
        }
    }

    @Test
    public void socks5DownloadsFromAnIpv6Address() throws Exception {
        try (FileServer server = new FileServer(BODY, InetAddress.getByName("::1"))) {
            assertDownloads("--socks5", "http://[::1]:" + server.port() + "/file", BODY);
        }
    }

    @Test
    public void socks5DownloadsTenMegabytesIntact() throws Exception {
        byte[] body = randomBytes(10 * 1024 * 1024, 23);
        try (FileServer server = new FileServer(body)) {
            Path output = work.resolve("ten-megabytes.bin");
            ClientProcess.Finished curl = ClientProcess.run(
                            work, curl("--socks5", null, "http://127.0.0.1:" + server.port() + "/big", output))
                    .assertExitCode(0);
            assertEquals("HTTP status and size curl reports" + curl, "200 " + body.length, curl.stdout.strip());
            assertEquals("size of curl's output file" + curl, body.length, Files.size(output));
            assertEquals(
                    "SHA-256 of curl's output file",
                    HexFormat.of().formatHex(sha256(body)),
                    HexFormat.of().formatHex(sha256(output)));
        }
    }

    @Test
    public void aRefusedDestinationIsCurlsSocksError() throws Exception {
        int closed = freePort(); // nothing listens there: the proxy's connect is refused
        ClientProcess.Finished curl = ClientProcess.run(
                work, curl("--socks5", null, "http://127.0.0.1:" + closed + "/", work.resolve("none")));
        if (curl.exitCode != CURLE_PROXY) {
            fail("curl should fail with its SOCKS error " + CURLE_PROXY + " when the proxy replies 05 (refused):"
                    + curl);
        }
    }

    private void assertDownloads(String proxyOption, String url, byte[] expected) throws Exception {
        Path output = work.resolve("download.bin");
        ClientProcess.Finished curl =
                ClientProcess.run(work, curl(proxyOption, null, url, output)).assertExitCode(0);
        assertEquals("HTTP status and size curl reports" + curl, "200 " + expected.length, curl.stdout.strip());
        assertArrayEquals("curl's output file" + curl, expected, Files.readAllBytes(output));
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }
}
