package io.socksgate.server.internal.transport;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionAttributeMap;

/**
 * A session's attributes in one small array of key/value pairs, under the map's own lock.
 *
 * <p>Why: a tunnel's sessions carry one to three attributes, and MINA's default map is a
 * {@code ConcurrentHashMap} per session (its table, a node per entry): about 170 bytes per
 * session that an idle tunnel holds for its whole life. A linear search of three keys is also
 * faster than hashing them. Reads and writes come from the session's I/O thread and, rarely,
 * from others (the shell's snapshots, blocking work finishing), so a plain lock is uncontended.
 */
final class SmallAttributeMap implements IoSessionAttributeMap {

    /** Keys at even indexes, their values after them; null until the first attribute. */
    private Object[] pairs;

    @Override
    public synchronized Object getAttribute(IoSession session, Object key, Object defaultValue) {
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (at >= 0) {
            return pairs[at + 1];
        }
        if (defaultValue != null) {
            add(key, defaultValue); // MINA's contract: a default is stored as if set if absent
        }
        return defaultValue;
    }

    @Override
    public synchronized Object setAttribute(IoSession session, Object key, Object value) {
        if (value == null) {
            return removeAttribute(session, key);
        }
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (at < 0) {
            add(key, value);
            return null;
        }
        Object old = pairs[at + 1];
        pairs[at + 1] = value;
        return old;
    }

    @Override
    public synchronized Object setAttributeIfAbsent(IoSession session, Object key, Object value) {
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (value == null) {
            return null; // as MINA's map: no value, no answer
        }
        if (at >= 0) {
            return pairs[at + 1];
        }
        add(key, value);
        return null;
    }

    @Override
    public synchronized Object removeAttribute(IoSession session, Object key) {
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (at < 0) {
            return null;
        }
        Object old = pairs[at + 1];
        removeAt(at);
        return old;
    }

    @Override
    public synchronized boolean removeAttribute(IoSession session, Object key, Object value) {
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (at < 0 || value == null || !value.equals(pairs[at + 1])) {
            return false;
        }
        removeAt(at);
        return true;
    }

    @Override
    public synchronized boolean replaceAttribute(IoSession session, Object key, Object oldValue, Object newValue) {
        if (key == null || oldValue == null || newValue == null) {
            return false; // as MINA's map, whose ConcurrentHashMap refuses nulls
        }
        int at = indexOf(key);
        if (at < 0 || !oldValue.equals(pairs[at + 1])) {
            return false;
        }
        pairs[at + 1] = newValue;
        return true;
    }

    @Override
    public synchronized boolean containsAttribute(IoSession session, Object key) {
        return indexOf(Objects.requireNonNull(key, "key")) >= 0;
    }

    @Override
    public synchronized Set<Object> getAttributeKeys(IoSession session) {
        Set<Object> keys = new HashSet<>();
        if (pairs != null) {
            for (int i = 0; i < pairs.length && pairs[i] != null; i += 2) {
                keys.add(pairs[i]);
            }
        }
        return keys;
    }

    @Override
    public void dispose(IoSession session) {
        // Nothing to release: the session's garbage is this map's garbage.
    }

    private int indexOf(Object key) {
        if (pairs != null) {
            for (int i = 0; i < pairs.length && pairs[i] != null; i += 2) {
                if (pairs[i].equals(key)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Appends a pair: the array holds pairs without gaps, then nulls. */
    private void add(Object key, Object value) {
        int free = 0;
        if (pairs == null) {
            pairs = new Object[2];
        } else {
            while (free < pairs.length && pairs[free] != null) {
                free += 2;
            }
            if (free == pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length + 4);
            }
        }
        pairs[free] = key;
        pairs[free + 1] = value;
    }

    /** Moves the last pair into the gap, keeping the pairs contiguous. */
    private void removeAt(int at) {
        int last = at;
        while (last + 2 < pairs.length && pairs[last + 2] != null) {
            last += 2;
        }
        pairs[at] = pairs[last];
        pairs[at + 1] = pairs[last + 1];
        pairs[last] = null;
        pairs[last + 1] = null;
    }
}
