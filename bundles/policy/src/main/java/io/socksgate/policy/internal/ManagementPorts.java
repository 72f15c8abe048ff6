package io.socksgate.policy.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports this Karaf is managed on, as its running configuration says (the {@code management}
 * token of a rule's {@code destination.ports}): the ssh console ({@code org.apache.karaf.shell}
 * {@code sshPort}), the JMX RMI registry and server and JMXMP ({@code org.apache.karaf.management}
 * {@code rmiRegistryPort}, {@code rmiServerPort}, the ports in {@code serviceUrl} and {@code
 * jmxmpServiceUrl}, {@code jmxmpPort}), the web console's HTTP(S) ports ({@code org.ops4j.pax.web}
 * {@code org.osgi.service.http.port}, {@code .port.secure}) and the shutdown port. Karaf's defaults
 * count where a key is missing (ssh 8101, RMI 1099 and 44444).
 *
 * <p>The configurations are read when this component starts and again on Config Admin's own
 * event thread whenever one of them changes, never by {@link #test}: rules are evaluated on
 * network I/O threads ({@link PolicyRuntime} registers this as a {@link ConfigurationListener}).
 */
public final class ManagementPorts implements IntPredicate, ConfigurationListener {

    static final String TOKEN = "management";

    private static final Logger LOG = LoggerFactory.getLogger(ManagementPorts.class);

    private static final String SHELL_PID = "org.apache.karaf.shell";
    private static final String MANAGEMENT_PID = "org.apache.karaf.management";
    private static final String WEB_PID = "org.ops4j.pax.web";
    private static final Set<String> PIDS = Set.of(SHELL_PID, MANAGEMENT_PID, WEB_PID);
    private static final Pattern URL_PORT = Pattern.compile(":(\\d{1,5})(?=/|$)");

    private final ConfigurationAdmin configurationAdmin;
    private volatile Set<Integer> ports;

    public ManagementPorts(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        ports = read();
        LOG.info("management ports of this host (destination.ports token '{}'): {}", TOKEN, ports);
    }

    /** Fixed ports, for tests outside OSGi. */
    public ManagementPorts(Set<Integer> ports) {
        this.configurationAdmin = null;
        this.ports = Set.copyOf(ports);
    }

    @Override
    public boolean test(int port) {
        return ports.contains(port);
    }

    /** The ports, ascending. */
    Set<Integer> ports() {
        return new TreeSet<>(ports);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (configurationAdmin != null && PIDS.contains(event.getPid())) {
            Set<Integer> next = read();
            if (!next.equals(ports)) {
                ports = next;
                LOG.info("management ports of this host changed ({}): {}", event.getPid(), new TreeSet<>(next));
            }
        }
    }

    private Set<Integer> read() {
        Set<Integer> found = new TreeSet<>();
        Dictionary<String, Object> shell = properties(SHELL_PID);
        addPort(found, shell == null ? null : shell.get("sshPort"), 8101);
        Dictionary<String, Object> management = properties(MANAGEMENT_PID);
        addPort(found, management == null ? null : management.get("rmiRegistryPort"), 1099);
        addPort(found, management == null ? null : management.get("rmiServerPort"), 44444);
        if (management != null) {
            addPort(found, management.get("jmxmpPort"), -1);
            addUrlPorts(found, management.get("serviceUrl"));
            addUrlPorts(found, management.get("jmxmpServiceUrl"));
        }
        Dictionary<String, Object> web = properties(WEB_PID);
        if (web != null) {
            addPort(found, web.get("org.osgi.service.http.port"), -1);
            addPort(found, web.get("org.osgi.service.http.port.secure"), -1);
        }
        addPort(found, System.getProperty("org.osgi.service.http.port"), -1);
        addPort(found, System.getProperty("karaf.shutdown.port"), -1);
        return Set.copyOf(found);
    }

    private Dictionary<String, Object> properties(String pid) {
        try {
            // listConfigurations, unlike getConfiguration, never creates a configuration.
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("cannot read configuration {} for the management ports: {}", pid, e.toString());
            return null;
        }
    }

    /** Adds {@code value} when it is a port, else {@code fallback} when that is one. */
    private static void addPort(Set<Integer> ports, Object value, int fallback) {
        int port = fallback;
        if (value != null) {
            try {
                port = Integer.parseInt(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                port = fallback; // e.g. an unresolved ${placeholder}
            }
        }
        if (port > 0 && port <= 65535) {
            ports.add(port);
        }
    }

    /** The ports in a JMX service URL: {@code service:jmx:rmi://h:44444/jndi/rmi://h:1099/karaf-root}. */
    private static void addUrlPorts(Set<Integer> ports, Object url) {
        if (url == null) {
            return;
        }
        Matcher matcher = URL_PORT.matcher(String.valueOf(url));
        while (matcher.find()) {
            addPort(ports, matcher.group(1), -1);
        }
    }
}
