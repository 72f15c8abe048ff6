package io.socksgate.server.internal.transport;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionAttributeMap;

/**
 * A session's attributes: the first two pairs in fields, any more in a small array, all under the
 * map's own lock.
 *
 * <p>Why: a tunnel's sessions carry one or two attributes (the exchange; on an outbound session,
 * MINA's connect future until it opens, and the upstream hop), and MINA's default map is a
 * {@code ConcurrentHashMap} per session (its table, a node per entry): about 170 bytes per
 * session that an idle tunnel holds for its whole life; with the pairs in fields the map is one
 * object of 32 bytes. A linear search of two keys is also faster than hashing them. Reads and
 * writes come from the session's I/O thread and, rarely, from others (the shell's snapshots,
 * blocking work finishing), so a plain lock is uncontended.
 *
 * <p>Pairs are kept contiguous: pair {@code i} is in the fields for 0 and 1, else in
 * {@code more} at {@code 2 * (i - 2)}; the first pair with a null key ends them.
 */
final class SmallAttributeMap implements IoSessionAttributeMap {

    private static final int IN_FIELDS = 2;

    private Object key0;
    private Object value0;
    private Object key1;
    private Object value1;
    /** Pairs beyond the first two, keys at even indexes; null until a third pair. */
    private Object[] more;

    @Override
    public synchronized Object getAttribute(IoSession session, Object key, Object defaultValue) {
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (at >= 0) {
            return valueAt(at);
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
        Object old = valueAt(at);
        put(at, key, value);
        return old;
    }

    @Override
    public synchronized Object setAttributeIfAbsent(IoSession session, Object key, Object value) {
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (value == null) {
            return null; // as MINA's map: no value, no answer
        }
        if (at >= 0) {
            return valueAt(at);
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
        Object old = valueAt(at);
        removeAt(at);
        return old;
    }

    @Override
    public synchronized boolean removeAttribute(IoSession session, Object key, Object value) {
        int at = indexOf(Objects.requireNonNull(key, "key"));
        if (at < 0 || value == null || !value.equals(valueAt(at))) {
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
        if (at < 0 || !oldValue.equals(valueAt(at))) {
            return false;
        }
        put(at, key, newValue);
        return true;
    }

    @Override
    public synchronized boolean containsAttribute(IoSession session, Object key) {
        return indexOf(Objects.requireNonNull(key, "key")) >= 0;
    }

    @Override
    public synchronized Set<Object> getAttributeKeys(IoSession session) {
        Set<Object> keys = new HashSet<>();
        for (int i = 0; i < capacity() && keyAt(i) != null; i++) {
            keys.add(keyAt(i));
        }
        return keys;
    }

    @Override
    public void dispose(IoSession session) {
        // Nothing to release: the session's garbage is this map's garbage.
    }

    private int capacity() {
        return IN_FIELDS + (more == null ? 0 : more.length / 2);
    }

    private Object keyAt(int i) {
        return switch (i) {
            case 0 -> key0;
            case 1 -> key1;
            default -> more[2 * (i - IN_FIELDS)];
        };
    }

    private Object valueAt(int i) {
        return switch (i) {
            case 0 -> value0;
            case 1 -> value1;
            default -> more[2 * (i - IN_FIELDS) + 1];
        };
    }

    private void put(int i, Object key, Object value) {
        switch (i) {
            case 0 -> {
                key0 = key;
                value0 = value;
            }
            case 1 -> {
                key1 = key;
                value1 = value;
            }
            default -> {
                more[2 * (i - IN_FIELDS)] = key;
                more[2 * (i - IN_FIELDS) + 1] = value;
            }
        }
    }

    private int indexOf(Object key) {
        for (int i = 0; i < capacity(); i++) {
            Object candidate = keyAt(i);
            if (candidate == null) {
                return -1;
            }
            if (candidate.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Appends a pair after the last one, growing {@code more} when every slot is taken. */
    private void add(Object key, Object value) {
        int free = 0;
        while (free < capacity() && keyAt(free) != null) {
            free++;
        }
        if (free == capacity()) {
            more = more == null ? new Object[4] : Arrays.copyOf(more, more.length + 4);
        }
        put(free, key, value);
    }

    /** Moves the last pair into the gap, keeping the pairs contiguous. */
    private void removeAt(int at) {
        int last = at;
        while (last + 1 < capacity() && keyAt(last + 1) != null) {
            last++;
        }
        put(at, keyAt(last), valueAt(last));
        put(last, null, null);
    }
}
