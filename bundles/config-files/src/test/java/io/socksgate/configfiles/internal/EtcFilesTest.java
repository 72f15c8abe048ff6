package io.socksgate.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.config.CfgFile;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcFilesTest {

    @Test
    void aNamedFactoryConfigurationKeepsItsInstanceName() {
        assertThat(EtcFiles.fileName("io.socksgate.listener~office", "io.socksgate.listener", "other"))
                .isEqualTo("io.socksgate.listener-office.cfg");
    }

    @Test
    void aGeneratedFactoryConfigurationIsNamedAfterItsNameKey() {
        assertThat(EtcFiles.fileName("io.socksgate.listener.4f2a-77", "io.socksgate.listener", "webform"))
                .isEqualTo("io.socksgate.listener-webform.cfg");
    }

    @Test
    void aNameThatCannotBeAFileNameFallsBackToTheGeneratedPart() {
        assertThat(EtcFiles.fileName("io.socksgate.rule.4f2a-77", "io.socksgate.rule", "../etc/x"))
                .isEqualTo("io.socksgate.rule-4f2a-77.cfg");
        assertThat(EtcFiles.fileName("io.socksgate.rule.4f2a-77", "io.socksgate.rule", ".."))
                .isEqualTo("io.socksgate.rule-4f2a-77.cfg");
        assertThat(EtcFiles.fileName("io.socksgate.rule.4f2a-77", "io.socksgate.rule", null))
                .isEqualTo("io.socksgate.rule-4f2a-77.cfg");
    }

    @Test
    void aPlainConfigurationIsItsPid() {
        assertThat(EtcFiles.fileName("io.socksgate.udp", null, null)).isEqualTo("io.socksgate.udp.cfg");
    }

    @Test
    void otherConfigurationsAreNotSocksgates() {
        assertThat(EtcFiles.fileName("org.apache.karaf.shell", null, null)).isNull();
        assertThat(EtcFiles.fileName("org.example.x.1", "org.example.x", "a")).isNull();
    }

    @Test
    void multiValuedKeysBecomeTheCommaListTheShippedFilesUse() throws Exception {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "io.socksgate.listener.1");
        properties.put("service.factoryPid", "io.socksgate.listener");
        properties.put("protocols", new String[] {"socks5", "socks4"});
        properties.put("commands", List.of("connect", "bind"));
        properties.put("port", 1081);

        String text = CfgFile.text(List.of("first line", "second line"), EtcFiles.textValues(properties));

        assertThat(text)
                .startsWith("# first line\n# second line\n")
                .contains("protocols = socks5, socks4\n")
                .contains("commands = connect, bind\n")
                .contains("port = 1081\n")
                .doesNotContain("service.pid")
                .doesNotContain("service.factoryPid");
    }
}
