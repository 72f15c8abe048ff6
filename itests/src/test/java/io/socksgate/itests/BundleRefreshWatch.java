package io.socksgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Watches Socksgate's bundles (and MINA's, which carries the tunnels) across a change such as a
 * feature install: a refresh stops a bundle, unresolves it and gives it a new wiring, so the
 * watch records those events and keeps each bundle's wiring from before to check it is still
 * the current one.
 */
final class BundleRefreshWatch implements SynchronousBundleListener, AutoCloseable {

    private final BundleContext context;
    private final Map<Bundle, BundleWiring> wiringBefore = new LinkedHashMap<>();
    private final Map<Bundle, Long> lastModifiedBefore = new LinkedHashMap<>();
    private final List<String> seen = new ArrayList<>();

    BundleRefreshWatch(BundleContext context) {
        this.context = context;
        for (Bundle bundle : context.getBundles()) {
            if (watched(bundle)) {
                assertEquals(bundle.getSymbolicName() + " state (32 = ACTIVE)", Bundle.ACTIVE, bundle.getState());
                wiringBefore.put(bundle, bundle.adapt(BundleWiring.class));
                lastModifiedBefore.put(bundle, bundle.getLastModified());
            }
        }
        assertTrue("Socksgate's bundles are installed: " + wiringBefore.keySet(), wiringBefore.size() >= 7);
        context.addBundleListener(this);
    }

    private static boolean watched(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null && (name.startsWith("io.socksgate.") || name.equals("org.apache.mina.core"));
    }

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        int type = event.getType();
        if (watched(event.getBundle())
                && (type == BundleEvent.STOPPED || type == BundleEvent.UNRESOLVED || type == BundleEvent.UPDATED)) {
            seen.add(event.getBundle().getSymbolicName() + " " + name(type));
        }
    }

    /** Fails if any watched bundle was stopped, unresolved, updated or rewired since the watch began. */
    synchronized void assertNoneRefreshed(String during) {
        assertEquals("bundle events of Socksgate's bundles during " + during, List.of(), seen);
        for (Map.Entry<Bundle, BundleWiring> entry : wiringBefore.entrySet()) {
            Bundle bundle = entry.getKey();
            assertTrue(
                    bundle.getSymbolicName() + " keeps its wiring (not refreshed) during " + during,
                    entry.getValue().isCurrent());
            assertEquals(bundle.getSymbolicName() + " state after " + during, Bundle.ACTIVE, bundle.getState());
            assertEquals(
                    bundle.getSymbolicName() + " last modified after " + during, lastModifiedBefore.get(bundle), (Long)
                            bundle.getLastModified());
        }
        assertFalse("watched bundles", wiringBefore.isEmpty());
    }

    private static String name(int type) {
        return switch (type) {
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.UNRESOLVED -> "UNRESOLVED";
            case BundleEvent.UPDATED -> "UPDATED";
            default -> String.valueOf(type);
        };
    }

    @Override
    public void close() {
        context.removeBundleListener(this);
    }
}
