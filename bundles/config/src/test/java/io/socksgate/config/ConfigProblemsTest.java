package io.socksgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ConfigProblemsTest {

    @Test
    void oneProblemPerKeyNamingItsValueAndWhatIsExpected() {
        ConfigProblems problems = new ConfigProblems();
        problems.add("port", " 10x8 ", "expected a whole number from 1 to 65535");
        problems.add("protocols", new String[] {"socks5", "gopher"}, "unknown gopher; expected socks4, socks5");

        InvalidConfigurationException e =
                catchThrowableOfType(InvalidConfigurationException.class, problems::throwIfAny);

        assertThat(e.problems())
                .containsExactly(
                        "port = '10x8': expected a whole number from 1 to 65535",
                        "protocols = 'socks5, gopher': unknown gopher; expected socks4, socks5");
        assertThat(e).hasMessage(String.join("; ", e.problems()));
    }

    @Test
    void nothingToThrowWithoutProblems() {
        ConfigProblems problems = new ConfigProblems();
        problems.throwIfAny();
        assertThat(problems.isEmpty()).isTrue();
        assertThat(problems.list()).isEmpty();
    }
}
