package io.socksgate.itests.consumer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The consumer bundle's Event Admin handler. The bundle imports {@code org.osgi.service.event} and
 * its handler is a real {@code EventHandler} service, as any consumer's would be; it is a dynamic
 * proxy of that interface only because the itests module does not compile against the Event
 * Admin API (with {@code org.osgi:org.osgi.service.event} among its test dependencies this would
 * be a plain class implementing {@code EventHandler}). It records the topic and every property.
 */
final class EventRecorder {

    private EventRecorder() {}

    /** A {@code handlerType} (the bundle's EventHandler interface) that records into {@code seen}. */
    static Object handler(Class<?> handlerType, Queue<Map<String, Object>> seen) {
        InvocationHandler recorder = (proxy, method, args) -> {
            switch (method.getName()) {
                case "handleEvent" -> {
                    seen.add(record(args[0]));
                    return null;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "itest consumer EventHandler for " + ConsumerActivator.TOPICS;
                }
                default -> throw new UnsupportedOperationException(method.toString());
            }
        };
        return Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, recorder);
    }

    /** {@code org.osgi.service.event.Event}: its topic and properties. */
    private static Map<String, Object> record(Object event) throws ReflectiveOperationException {
        Class<?> type = event.getClass();
        Method topic = type.getMethod("getTopic");
        Method names = type.getMethod("getPropertyNames");
        Method property = type.getMethod("getProperty", String.class);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(Records.SOURCE, Records.FROM_EVENT_ADMIN);
        record.put(Records.TOPIC, topic.invoke(event));
        for (String name : (String[]) names.invoke(event)) {
            Object value = property.invoke(event, name);
            if (value != null) {
                record.put(name, value);
            }
        }
        return Map.copyOf(record);
    }
}
