package io.socksgate.server.internal.listener;

/** The counters of all listeners together over JMX ({@code io.socksgate:type=Totals}). */
public interface TotalsMXBean {

    long getAccepted();

    long getActive();

    long getDenied();

    long getAuthFailures();

    long getBytesFromClients();

    long getBytesToClients();
}
