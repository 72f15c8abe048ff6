package io.socksgate.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * The KAR installs Socksgate into a Karaf that has no network and no Socksgate: the assembly with
 * the socksgate feature, its repository and its bundles taken out, Maven repositories off and an
 * empty local repository. {@code kar:install} brings everything; the default listener answers.
 */
public class KarOfflineInstallIT {

    @Test
    public void theKarInstallsSocksgateOffline() throws Exception {
        Path kar = Path.of(System.getProperty("socksgate.kar")).toAbsolutePath();
        assertTrue("the KAR " + kar + " (built by the features module)", Files.isRegularFile(kar));
        Path base = Path.of("target/kar-offline").toAbsolutePath();
        try (KarafProcess karaf = KarafProcess.unpack(base.resolve("karaf"))) {
            Path emptyRepository = Files.createDirectories(base.resolve("empty-local-repository"));
            // No Socksgate: neither booted, nor known as a repository, nor in system/.
            karaf.setKey("etc/org.apache.karaf.features.cfg", "featuresBoot", bootWithoutSocksgate(karaf));
            karaf.setKey(
                    "etc/org.apache.karaf.features.cfg",
                    "featuresRepositories",
                    "mvn:org.apache.karaf.features/framework/" + System.getProperty("karaf.version")
                            + "/xml/features, mvn:org.apache.karaf.features/standard/"
                            + System.getProperty("karaf.version") + "/xml/features");
            KarafProcess.deleteTree(karaf.home().resolve("system/io/socksgate"));
            // Offline: no remote repository, an empty local one; only system/ and the KAR's own.
            karaf.setKey("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", "");
            karaf.setKey(
                    "etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository",
                    emptyRepository.toString());

            karaf.start();
            karaf.awaitShell();
            assertFalse(
                    "no Socksgate before the KAR",
                    karaf.client("feature:list -i --no-format").contains("socksgate"));

            karaf.client("kar:install " + kar.toUri());

            SocksgateTestSupport.awaitListening(karaf.socksPort());
            String installed = karaf.client("feature:list -i --no-format");
            assertTrue("socksgate installed from the KAR:\n" + installed, installed.contains("socksgate"));
            assertTrue("the KAR is listed", karaf.client("kar:list --no-format").contains("socksgate"));
            try (var files = Files.list(emptyRepository)) {
                assertFalse(
                        "nothing was fetched into the local repository",
                        files.findAny().isPresent());
            }
        }
    }

    private static String bootWithoutSocksgate(KarafProcess karaf) throws Exception {
        java.util.Properties features = new java.util.Properties();
        try (var in = Files.newBufferedReader(karaf.home().resolve("etc/org.apache.karaf.features.cfg"))) {
            features.load(in);
        }
        return java.util.Arrays.stream(features.getProperty("featuresBoot").split(","))
                .map(String::trim)
                .filter(f -> !f.isEmpty() && !f.startsWith("socksgate"))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
