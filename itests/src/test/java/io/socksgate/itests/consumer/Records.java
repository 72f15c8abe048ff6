package io.socksgate.itests.consumer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the consumer bundle records: one map per event, JDK values only (String, Long, Boolean),
 * absent values left out. {@value #SOURCE} tells who reported it: {@value #FROM_LISTENER} (the
 * {@code SessionListener}; then {@value #EVENT} is opened, denied or closed),
 * {@value #FROM_EVENT_ADMIN} (then {@value #TOPIC} and every event property as sent) or
 * {@value #FROM_REGISTRY} (the {@code SessionRegistry}'s answer for the session just opened).
 */
public final class Records {

    public static final String SOURCE = "source";
    public static final String FROM_LISTENER = "listener";
    public static final String FROM_EVENT_ADMIN = "eventadmin";
    public static final String FROM_REGISTRY = "registry";

    public static final String EVENT = "event";
    public static final String TOPIC = "topic";

    private Records() {}

    /** An unmodifiable map of the key/value pairs whose value is not null. */
    static Map<String, Object> of(Object... keyValues) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                record.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return Collections.unmodifiableMap(record);
    }
}
