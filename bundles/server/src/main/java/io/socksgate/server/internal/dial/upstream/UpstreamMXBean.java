package io.socksgate.server.internal.dial.upstream;

/**
 * An upstream over JMX ({@code io.socksgate:type=Upstream,name=NAME}), as {@code
 * socks:upstream-list} shows it: for monitoring that a server went down, with jconsole, Karaf
 * Decanter's JMX collector or the Prometheus JMX exporter.
 */
public interface UpstreamMXBean {

    String getName();

    String getType();

    String getStrategy();

    /** Each server as {@code host:port up} or {@code host:port down}, in configured order. */
    String[] getServers();

    int getServersUp();

    int getServersDown();

    /** Tunnels through its servers now. */
    long getTunnels();

    /** Why its latest configuration is not in use, or null. */
    String getProblem();
}
