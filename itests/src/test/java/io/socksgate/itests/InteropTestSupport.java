package io.socksgate.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Option;

/**
 * Boots the assembly with the default listener serving SOCKS5 and SOCKS4/4a, for tests that
 * drive real third-party clients as subprocesses against it. Each test gets a scratch directory
 * for the clients' scripts and output.
 */
public abstract class InteropTestSupport extends SocksgateTestSupport {

    /** curl's exit code when the SOCKS handshake fails or the proxy refuses (CURLE_PROXY). */
    protected static final int CURLE_PROXY = 97;

    /** Scratch directory of the running test, removed after it. */
    protected Path work;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFilePut(DEFAULT_LISTENER_CFG, "protocols", "socks5,socks4")};
    }

    @Before
    public void listenerUpAndScratchDirectory() throws IOException {
        awaitListening(socksPort());
        work = Files.createTempDirectory("socksgate-interop-");
    }

    @After
    public void removeScratchDirectory() throws IOException {
        if (work == null) {
            return;
        }
        Files.walkFileTree(work, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The default listener as clients name their proxy: {@code 127.0.0.1:PORT}. */
    protected static String proxy() {
        return "127.0.0.1:" + socksPort();
    }

    /**
     * curl through the default listener with {@code proxyOption} ({@code --socks5} and the like)
     * and {@code proxyUser} ("user:password", or null for none): no curlrc, no proxy from the
     * environment, no URL globbing (for IPv6 literals), client-side time limits inside the test's
     * own bound; prints "STATUS SIZE".
     */
    protected static List<String> curl(String proxyOption, String proxyUser, String url, Path output) {
        return curl(proxyOption, proxy(), proxyUser, url, output);
    }

    /** As {@link #curl(String, String, String, Path)}, through the proxy at {@code proxyAddress}. */
    protected static List<String> curl(
            String proxyOption, String proxyAddress, String proxyUser, String url, Path output) {
        List<String> command = ClientProcess.command(
                ClientProcess.require("curl", "curl"),
                "-q",
                "--silent",
                "--show-error",
                "--globoff",
                "--noproxy",
                "",
                proxyOption,
                proxyAddress,
                "--connect-timeout",
                "10",
                "--max-time",
                "45",
                "--output",
                output.toString(),
                "--write-out",
                "%{http_code} %{size_download}\\n");
        if (proxyUser != null) {
            command.addAll(List.of("--proxy-user", proxyUser));
        }
        command.add(url);
        return command;
    }
}
