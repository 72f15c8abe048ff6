package io.socksgate.config.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactoryConfigurationsTest {

    /** The keys of the test's configurations. */
    @interface Keys {
        String port() default "";
    }

    private final List<String> calls = new ArrayList<>();

    private final FactoryConfigurations<String> configurations =
            new FactoryConfigurations<>("test", Keys.class, new FactoryConfigurations.Instances<>() {
                @Override
                public String create(String pid, Map<String, Object> properties) {
                    calls.add("create " + pid + " " + properties.get("port"));
                    return pid;
                }

                @Override
                public void update(String instance, Map<String, Object> properties) {
                    calls.add("update " + instance + " " + properties.get("port"));
                }

                @Override
                public void delete(String instance) {
                    calls.add("delete " + instance);
                }
            });

    private static Hashtable<String, Object> port(int port) {
        return new Hashtable<>(Map.of("port", port));
    }

    @Test
    void theFirstConfigurationOfAPidCreatesLaterOnesUpdateDeletionDeletes() {
        configurations.updated("p~a", port(1));
        configurations.updated("p~a", port(2));
        configurations.updated("p~b", port(3));
        configurations.deleted("p~a");
        configurations.deleted("p~unknown");
        assertThat(calls).containsExactly("create p~a 1", "update p~a 2", "create p~b 3", "delete p~a");
        assertThat(configurations.instances()).containsExactly("p~b");
    }

    @Test
    void closingDeletesEveryObjectNewestFirstAndTakesNoMoreConfigurations() {
        configurations.updated("p~a", port(1));
        configurations.updated("p~b", port(2));
        configurations.close();
        configurations.updated("p~c", port(3));
        assertThat(calls).containsExactly("create p~a 1", "create p~b 2", "delete p~b", "delete p~a");
        assertThat(configurations.instances()).isEmpty();
    }
}
