package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void clientTextCannotForgeALineOrBreakQuoting() {
        assertThat(LogText.escape("alice")).isEqualTo("alice");
        assertThat(LogText.escape("a\nb\rc\td")).isEqualTo("a\\x0ab\\x0dc\\x09d");
        assertThat(LogText.escape("say \"hi\" \\o/")).isEqualTo("say \\\"hi\\\" \\\\o/");
        assertThat(LogText.escape("\u0000\u007f\u0085")).isEqualTo("\\x00\\x7f\\x85");
    }
}
