package io.socksgate.server.internal.log;

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

    @Test
    void karafsFieldSeparatorAndEverythingButPrintableAsciiAreEscaped() {
        assertThat(LogText.escape("a|b")).isEqualTo("a\\x7cb");
        assertThat(LogText.escape("Jos\u00e9")).isEqualTo("Jos\\xe9");
        // a right-to-left override and a line separator: invisible, or a new line, in a viewer
        assertThat(LogText.escape("x\u202ey\u2028z")).isEqualTo("x\\u202ey\\u2028z");
        assertThat(LogText.escape("\ud83d\ude00")).isEqualTo("\\ud83d\\ude00");
    }

    @Test
    void quotedTextIsCutBetweenEscapesAndMarked() {
        assertThat(LogText.quoted("alice", 64)).isEqualTo("\"alice\"");
        assertThat(LogText.quoted("a".repeat(64), 64)).isEqualTo("\"" + "a".repeat(64) + "\"");
        assertThat(LogText.quoted("a".repeat(65), 64)).isEqualTo("\"" + "a".repeat(64) + "\"(truncated)");
        // the escape of the 4th character would pass 10 characters: it is left out whole
        assertThat(LogText.quoted("abc\u00e9\u00e9", 10)).isEqualTo("\"abc\\xe9\"(truncated)");
        assertThat(LogText.quoted("", 64)).isEqualTo("\"\"");
    }
}
