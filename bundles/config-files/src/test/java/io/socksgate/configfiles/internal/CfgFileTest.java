package io.socksgate.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CfgFileTest {

    @Test
    void aNamedFactoryConfigurationKeepsItsInstanceName() {
        assertThat(CfgFile.fileName("io.socksgate.listener~office", "io.socksgate.listener", "other"))
                .isEqualTo("io.socksgate.listener-office.cfg");
    }

    @Test
    void aGeneratedFactoryConfigurationIsNamedAfterItsNameKey() {
        assertThat(CfgFile.fileName("io.socksgate.listener.4f2a-77", "io.socksgate.listener", "webform"))
                .isEqualTo("io.socksgate.listener-webform.cfg");
    }

    @Test
    void aNameThatCannotBeAFileNameFallsBackToTheGeneratedPart() {
        assertThat(CfgFile.fileName("io.socksgate.rule.4f2a-77", "io.socksgate.rule", "../etc/x"))
                .isEqualTo("io.socksgate.rule-4f2a-77.cfg");
        assertThat(CfgFile.fileName("io.socksgate.rule.4f2a-77", "io.socksgate.rule", ".."))
                .isEqualTo("io.socksgate.rule-4f2a-77.cfg");
        assertThat(CfgFile.fileName("io.socksgate.rule.4f2a-77", "io.socksgate.rule", null))
                .isEqualTo("io.socksgate.rule-4f2a-77.cfg");
    }

    @Test
    void aPlainConfigurationIsItsPid() {
        assertThat(CfgFile.fileName("io.socksgate.udp", null, null)).isEqualTo("io.socksgate.udp.cfg");
    }

    @Test
    void otherConfigurationsAreNotSocksgates() {
        assertThat(CfgFile.fileName("org.apache.karaf.shell", null, null)).isNull();
        assertThat(CfgFile.fileName("org.example.x.1", "org.example.x", "a")).isNull();
    }

    @Test
    void multiValuedKeysBecomeTheCommaListTheShippedFilesUse() throws Exception {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "io.socksgate.listener.1");
        properties.put("service.factoryPid", "io.socksgate.listener");
        properties.put("protocols", new String[] {"socks5", "socks4"});
        properties.put("commands", List.of("connect", "bind"));
        properties.put("port", 1081);

        String text = CfgFile.text(CfgFile.textValues(properties), "first line\nsecond line");

        assertThat(text)
                .startsWith("# first line\n# second line\n")
                .contains("protocols = socks5, socks4\n")
                .contains("commands = connect, bind\n")
                .contains("port = 1081\n")
                .doesNotContain("service.pid")
                .doesNotContain("service.factoryPid");
    }

    @Test
    void awkwardTextReadsBackExactly() throws Exception {
        Hashtable<String, Object> properties = new Hashtable<>();
        String awkward = " lead=ing:#!\\back\nnew\ttab ";
        properties.put("realm", awkward);
        properties.put("odd key", "v");

        Properties read = new Properties();
        read.load(new StringReader(CfgFile.text(CfgFile.textValues(properties), "h")));

        assertThat(read.getProperty("realm")).isEqualTo(awkward);
        assertThat(read.getProperty("odd key")).isEqualTo("v");
    }
}
