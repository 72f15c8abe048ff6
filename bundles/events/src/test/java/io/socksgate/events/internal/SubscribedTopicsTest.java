package io.socksgate.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscribedTopicsTest {

    private static final String OPENED = "io/socksgate/session/OPENED";
    private static final String CLOSED = "io/socksgate/session/CLOSED";

    private final SubscribedTopics topics = new SubscribedTopics();

    @Test
    void noHandlerNoTopic() {
        assertThat(topics.contains(OPENED)).isFalse();
        assertThat(topics.contains(CLOSED)).isFalse();
    }

    @Test
    void aTopicNamedExactlyOrByAPrefixIsSubscribed() {
        topics.put(1, CLOSED);
        assertThat(topics.contains(CLOSED)).isTrue();
        assertThat(topics.contains(OPENED)).isFalse();

        topics.put(2, new String[] {"org/osgi/framework/*", "io/socksgate/*"});
        assertThat(topics.contains(OPENED)).isTrue();

        topics.put(3, List.of("io/*"));
        topics.remove(2);
        assertThat(topics.contains(OPENED)).isTrue();
    }

    @Test
    void aHandlerOfEveryTopicDoesNotSubscribe() {
        // Karaf's event collector (event:display, event:tail) subscribes to "*"
        topics.put(1, "*");
        topics.put(2, new String[] {"*", "org/osgi/*"});
        assertThat(topics.contains(OPENED)).isFalse();
        assertThat(topics.contains(CLOSED)).isFalse();
    }

    @Test
    void otherTopicsPrefixesAndPartsOfNamesDoNotSubscribe() {
        topics.put(1, new String[] {"io/socksgate/session", "io/socks*", "io/socksgate/session/CLOSED/*", "IO/*"});
        topics.put(2, (Object) null);
        topics.put(3, 42);
        assertThat(topics.contains(OPENED)).isFalse();
        assertThat(topics.contains(CLOSED)).isFalse();
    }

    @Test
    void updatedAndRemovedHandlersAreForgotten() {
        topics.put(1, "io/socksgate/session/*");
        topics.put(1, "org/osgi/*");
        assertThat(topics.contains(CLOSED)).isFalse();
        topics.put(1, CLOSED);
        topics.remove(1);
        assertThat(topics.contains(CLOSED)).isFalse();
    }
}
