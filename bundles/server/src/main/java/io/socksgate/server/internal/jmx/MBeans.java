package io.socksgate.server.internal.jmx;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socksgate's MXBeans on an MBean server (the platform one, which Karaf's JMX connector serves):
 * names under {@code io.socksgate}, and registration that never fails the caller (a problem is
 * logged; the proxy runs without that MBean).
 */
public final class MBeans {

    private static final Logger LOG = LoggerFactory.getLogger(MBeans.class);
    private static final String DOMAIN = "io.socksgate";

    private final MBeanServer server;

    public MBeans(MBeanServer server) {
        this.server = server;
    }

    /** {@code io.socksgate:type=TYPE,name=NAME}, the name quoted when it needs to be. */
    public static ObjectName name(String type, String name) {
        String quoted = name.matches("[A-Za-z0-9._-]+") ? name : ObjectName.quote(name);
        return objectName(DOMAIN + ":type=" + type + ",name=" + quoted);
    }

    /** {@code io.socksgate:type=TYPE}, for a single MBean of its type. */
    public static ObjectName name(String type) {
        return objectName(DOMAIN + ":type=" + type);
    }

    private static ObjectName objectName(String text) {
        try {
            return new ObjectName(text);
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Registers {@code mbean}, in place of one just replaced under the same name. */
    public void register(ObjectName name, Object mbean) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(mbean, name);
        } catch (JMException | RuntimeException e) {
            LOG.warn("cannot register MBean {}: {}", name, e.toString());
        }
    }

    public void unregister(ObjectName name) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.warn("cannot unregister MBean {}: {}", name, e.toString());
        }
    }
}
