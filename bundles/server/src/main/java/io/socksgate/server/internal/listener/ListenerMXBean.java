package io.socksgate.server.internal.listener;

/**
 * A listener's counters over JMX ({@code io.socksgate:type=Listener,name=NAME}), the same as
 * {@code socks:stats} shows; readable with jconsole or Karaf Decanter's JMX collector.
 */
public interface ListenerMXBean extends TotalsMXBean {

    String getName();

    int getPort();

    String getState();

    /** The protocols served, as the key {@code protocols} names them: {@code socks5, http}, {@code transparent}. */
    String getProtocols();
}
