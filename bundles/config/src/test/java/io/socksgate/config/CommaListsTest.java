package io.socksgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommaListsTest {

    @Test
    void aCfgLineIsOneCommaList() {
        assertThat(CommaLists.entries(" socks5, socks4 ,,http ")).containsExactly("socks5", "socks4", "http");
    }

    @Test
    void arraysAndCollectionsAreSplitElementByElement() {
        assertThat(CommaLists.entries(new String[] {"a, b", " c "})).containsExactly("a", "b", "c");
        assertThat(CommaLists.entries(List.of("a", "b,c"))).containsExactly("a", "b", "c");
        assertThat(CommaLists.entries(new int[] {1080, 1081})).containsExactly("1080", "1081");
    }

    @Test
    void nothingForAbsentOrBlankValues() {
        assertThat(CommaLists.entries(null)).isEmpty();
        assertThat(CommaLists.entries(" , ")).isEmpty();
        assertThat(CommaLists.entries(new String[0])).isEmpty();
    }

    @Test
    void valuesAreTheUnsplitElements() {
        assertThat(CommaLists.values(new String[] {"a, b", "c"})).containsExactly("a, b", "c");
        assertThat(CommaLists.values(1080)).containsExactly("1080");
        assertThat(CommaLists.values(null)).isEmpty();
    }

    @Test
    void shownAsOneCommaList() {
        assertThat(CommaLists.shown(new String[] {"socks5", "socks4"})).isEqualTo("socks5, socks4");
        assertThat(CommaLists.shown(List.of("connect", "bind"))).isEqualTo("connect, bind");
        assertThat(CommaLists.shown(1081)).isEqualTo("1081");
        assertThat(CommaLists.shown(null)).isEmpty();
    }
}
