import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's {@link HttpClient} fetching an https URL through an HTTP proxy, configured the way an
 * application configures it: a {@link ProxySelector} naming the proxy and, for a proxy that asks
 * for a password, an {@link Authenticator}. HttpClient tunnels https through the proxy with
 * {@code CONNECT host:port} and sends credentials only after a 407. Run in single-file source mode
 * by Socksgate's itests, in a JVM of its own, because Basic authentication of a tunnel is disabled
 * in the JDK unless the system property below is emptied before the client is first used:
 *
 * <pre>
 * java -Djdk.http.auth.tunneling.disabledSchemes= -Djdk.http.auth.proxying.disabledSchemes= \
 *     JdkHttpsClient.java PROXY_PORT URL TRUSTED_CERT_PEM OUTPUT [USER PASSWORD]
 * </pre>
 *
 * <p>The server's certificate is trusted from TRUSTED_CERT_PEM only (no default trust store, full
 * host name checks). Writes the body to OUTPUT and prints "status STATUS bytes N" (a 407 the
 * client does not answer, for want of an Authenticator, is such a response too); every
 * question to the Authenticator is printed as "authenticator asked: ...". Exit code 0 after a
 * response (whatever its status), 2 when the request failed with an exception (printed to stderr
 * as "request failed: ...").
 */
public class JdkHttpsClient {

    public static void main(String[] args) throws Exception {
        int proxyPort = Integer.parseInt(args[0]);
        URI uri = URI.create(args[1]);
        Path trusted = Path.of(args[2]);
        Path output = Path.of(args[3]);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
                .sslContext(trusting(trusted))
                .connectTimeout(Duration.ofSeconds(20));
        if (args.length > 5) {
            builder.authenticator(answering(args[4], args[5]));
        }
        HttpClient client = builder.build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            System.err.println("request failed: " + e);
            e.printStackTrace();
            System.exit(2);
            return;
        }
        // no body at all (null) when the response is the proxy's refusal of the tunnel
        byte[] body = response.body() == null ? new byte[0] : response.body();
        Files.write(output, body);
        System.out.println("status " + response.statusCode() + " bytes " + body.length);
    }

    /** An SSL context that trusts exactly the certificate in {@code pem}. */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("itest-server", certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Gives {@code user}/{@code password} to proxies that ask, and prints each question. */
    private static Authenticator answering(String user, String password) {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                System.out.println("authenticator asked: type=" + getRequestorType() + " scheme="
                        + getRequestingScheme() + " prompt=" + getRequestingPrompt() + " host="
                        + getRequestingHost() + " port=" + getRequestingPort());
                return getRequestorType() == RequestorType.PROXY
                        ? new PasswordAuthentication(user, password.toCharArray())
                        : null;
            }
        };
    }
}
