package io.socksgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceNamesTest {

    private static final String FACTORY = "io.socksgate.listener";

    @Test
    void theFileNamesTheInstance() {
        assertThat(InstanceNames.of(
                        FACTORY,
                        Map.of(
                                "service.pid",
                                "io.socksgate.listener.4f2a-77",
                                InstanceNames.FILENAME,
                                "file:/opt/karaf/etc/io.socksgate.listener-office.cfg")))
                .isEqualTo("office");
        assertThat(InstanceNames.of(
                        FACTORY, "io.socksgate.listener.1", "C:\\karaf\\etc\\io.socksgate.listener-a.b.cfg"))
                .isEqualTo("a.b");
    }

    @Test
    void aNamedFactoryConfigurationIsNamedAfterTheTilde() {
        assertThat(InstanceNames.of(FACTORY, Map.of("service.pid", "io.socksgate.listener~office")))
                .isEqualTo("office");
    }

    @Test
    void aFileOfAnotherFactoryOrNoneLeavesThePid() {
        assertThat(InstanceNames.of(FACTORY, "io.socksgate.listener.4f2a-77", "file:/etc/other-office.cfg"))
                .isEqualTo("io.socksgate.listener.4f2a-77");
        assertThat(InstanceNames.of(FACTORY, "io.socksgate.listener.4f2a-77", null))
                .isEqualTo("io.socksgate.listener.4f2a-77");
    }

    @Test
    void theShownNameIsTheNameKeyUnlessBlank() {
        assertThat(InstanceNames.shown(" web ", "office")).isEqualTo("web");
        assertThat(InstanceNames.shown("  ", "office")).isEqualTo("office");
        assertThat(InstanceNames.shown(null, "office")).isEqualTo("office");
    }

    @Test
    void anInstanceNameIsUsableInAFileNameAndAPid() {
        assertThat(InstanceNames.problem("office-2.lab_a")).isNull();
        assertThat(InstanceNames.problem("a/b")).isEqualTo("may only contain letters, digits, '.', '_' and '-'");
        assertThat(InstanceNames.problem("b\u00fcro")).isEqualTo("may only contain letters, digits, '.', '_' and '-'");
        assertThat(InstanceNames.problem("a~b")).isEqualTo("may only contain letters, digits, '.', '_' and '-'");
        assertThat(InstanceNames.problem("..")).isEqualTo("is not a usable file name");
        assertThat(InstanceNames.problem(".")).isEqualTo("is not a usable file name");
        assertThat(InstanceNames.problem("")).isEqualTo("is empty");
        assertThat(InstanceNames.problem(null)).isEqualTo("is empty");
    }
}
