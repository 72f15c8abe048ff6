package io.socksgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {

    @TempDir
    Path etc;

    @Test
    void writesKeyValueLinesInOrderThatReadBackUnchanged() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("name", "web");
        properties.put("destination", "::1/128,*.example.com");
        properties.put("odd key", "#x\\y=z:ü");
        Path file = etc.resolve("io.socksgate.rule-web.cfg");

        CfgFile.create(file, List.of("a rule", ""), properties);

        assertThat(Files.readAllLines(file, StandardCharsets.ISO_8859_1))
                .containsExactly(
                        "# a rule",
                        "#",
                        "name = web",
                        "destination = ::1/128,*.example.com",
                        "odd\\ key = \\#x\\\\y=z:\\u00fc");
        Properties read = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            read.load(reader);
        }
        assertThat(read).containsExactlyInAnyOrderEntriesOf(properties);
        assertThat(etc).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void neverOverwritesAFile() throws Exception {
        Path file = Files.writeString(etc.resolve("io.socksgate.rule-web.cfg"), "action = deny\n");
        assertThatThrownBy(() -> CfgFile.create(file, List.of(), Map.of("action", "allow")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasContent("action = deny");
        assertThat(etc).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void replaceTakesThePlaceOfTheFileThere() throws Exception {
        Path file = Files.writeString(etc.resolve("io.socksgate.rule-web.cfg"), "action = deny\n");
        CfgFile.replace(file, List.of("now"), Map.of("action", "allow"));
        assertThat(file).hasContent("# now\naction = allow");
        assertThat(etc).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void awkwardTextReadsBackExactly() throws Exception {
        String awkward = " lead=ing:#!\\back\nnew\ttab \u00e9\u4e2d ";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("realm", awkward);
        properties.put("odd key", "v");
        properties.put("#=: key", "!");

        String text = CfgFile.text(List.of("h"), properties);

        assertThat(text.chars()).allMatch(c -> c == '\n' || (c >= 0x20 && c <= 0x7e));
        Properties read = new Properties();
        read.load(new StringReader(text));
        assertThat(read).containsExactlyInAnyOrderEntriesOf(properties);
    }
}
