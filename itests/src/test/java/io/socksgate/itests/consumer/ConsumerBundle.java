package io.socksgate.itests.consumer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Builds the consumer bundle with TinyBundles, in the test driver's JVM (TinyBundles is not in
 * the container): {@link ConsumerActivator} and its helpers, importing Socksgate's API, the
 * framework and Event Admin's API. The container's test installs the jar from the file.
 */
public final class ConsumerBundle {

    public static final String SYMBOLIC_NAME = "io.socksgate.itests.consumer";

    private ConsumerBundle() {}

    /** Writes the bundle to {@code target} (replacing it) and returns {@code target}. */
    public static File writeTo(File target) throws IOException {
        Files.createDirectories(target.toPath().getParent());
        try (InputStream jar = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .symbolicName(SYMBOLIC_NAME)
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_NAME, "Socksgate itests :: session consumer")
                .addClass(ConsumerActivator.class)
                .addClass(RecordingSessionListener.class)
                .addClass(EventRecorder.class)
                .addClass(Records.class)
                .activator(ConsumerActivator.class)
                .setHeader(
                        Constants.IMPORT_PACKAGE,
                        "io.socksgate.api;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\","
                                + "org.osgi.service.event;version=\"[1.3,2)\"")
                .build(TinyBundles.rawBuilder())) {
            Files.copy(jar, target.toPath(), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
