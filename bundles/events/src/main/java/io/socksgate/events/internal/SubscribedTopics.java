package io.socksgate.events.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session topics that at least one {@code EventHandler} asks for by name: exactly, or by a
 * prefix such as {@code io/socksgate/*}. A handler of every topic ({@code *}, as Karaf's event
 * collector behind {@code event:display} registers) does not count: posting two events per
 * tunnel to it costs the proxy about a third of its CPU per connection and floods the collector's
 * short history, so such handlers see Socksgate's sessions only next to a named subscriber.
 */
final class SubscribedTopics {

    private static final List<String> SESSION_TOPICS =
            List.of(EventAdminBridge.OPENED, EventAdminBridge.DENIED, EventAdminBridge.CLOSED);

    /** Each handler's {@code event.topics}, by service id; guarded by {@code this}. */
    private final Map<Long, List<String>> handlers = new HashMap<>();

    private volatile Set<String> subscribed = Set.of();

    boolean contains(String topic) {
        return subscribed.contains(topic);
    }

    /** Adds or updates a handler; {@code topics} is its {@code event.topics} property as registered. */
    synchronized void put(long handlerId, Object topics) {
        handlers.put(handlerId, strings(topics));
        recompute();
    }

    synchronized void remove(long handlerId) {
        handlers.remove(handlerId);
        recompute();
    }

    private void recompute() {
        Set<String> now = new HashSet<>();
        for (String topic : SESSION_TOPICS) {
            for (List<String> patterns : handlers.values()) {
                if (patterns.stream().anyMatch(pattern -> names(pattern, topic))) {
                    now.add(topic);
                }
            }
        }
        subscribed = Set.copyOf(now);
    }

    /** Event Admin's topic syntax: a whole topic, or a prefix ending in {@code /*}. */
    private static boolean names(String pattern, String topic) {
        if (pattern.endsWith("/*")) {
            return topic.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(topic);
    }

    /** The property may be a String, a String[] or a Collection of Strings; anything else names nothing. */
    private static List<String> strings(Object topics) {
        List<String> out = new ArrayList<>();
        if (topics instanceof String single) {
            out.add(single);
        } else if (topics instanceof String[] array) {
            out.addAll(List.of(array));
        } else if (topics instanceof Collection<?> collection) {
            collection.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .forEach(out::add);
        }
        return out;
    }
}
