package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.requireExecutable;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away key and self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made
 * by the JDK's {@code keytool} in a directory of the test: an https {@link FileServer} serves with
 * it, and the clients trust exactly its certificate ({@link #pem()}), so they check the server
 * fully instead of switching verification off. Clients tunnel https through an HTTP proxy with
 * CONNECT, and wget and the JDK's HttpClient use CONNECT for https only.
 */
final class SelfSignedCertificate {

    private static final String ALIAS = "itest-server";
    /** Guards nothing: the key lives in the test's scratch directory for the test's duration. */
    private static final char[] STORE_PASSWORD = "itest-changeit".toCharArray();

    private final Path keyStore;
    private final Path pem;

    private SelfSignedCertificate(Path keyStore, Path pem) {
        this.keyStore = keyStore;
        this.pem = pem;
    }

    /** Generates the key (EC P-256, valid for 2 days) and exports its certificate as PEM. */
    static SelfSignedCertificate create(Path directory) throws Exception {
        String keytool = requireExecutable(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "openjdk-17-jre-headless");
        Path keyStore = directory.resolve("itest-server.p12");
        Path pem = directory.resolve("itest-server.pem");
        String password = new String(STORE_PASSWORD);
        ClientProcess.run(
                        directory,
                        command(
                                keytool,
                                "-genkeypair",
                                "-keystore",
                                keyStore.toString(),
                                "-storetype",
                                "PKCS12",
                                "-storepass",
                                password,
                                "-alias",
                                ALIAS,
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "san=dns:localhost,ip:127.0.0.1",
                                "-validity",
                                "2"))
                .assertExitCode(0);
        ClientProcess.Finished export = ClientProcess.run(
                        directory,
                        command(
                                keytool,
                                "-exportcert",
                                "-rfc",
                                "-keystore",
                                keyStore.toString(),
                                "-storepass",
                                password,
                                "-alias",
                                ALIAS))
                .assertExitCode(0);
        Files.writeString(pem, export.stdout);
        return new SelfSignedCertificate(keyStore, pem);
    }

    /** The certificate alone, PEM-encoded: what clients are told to trust. */
    Path pem() {
        return pem;
    }

    /** A TLS server context holding the key. */
    SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
