package io.socksgate.config.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.Command;
import io.socksgate.api.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnumTokensTest {

    @Test
    void protocolsInAnyCaseWithSocks4aForSocks4() {
        assertThat(EnumTokens.PROTOCOLS.parse(" SOCKS4a ")).isEqualTo(Protocol.SOCKS4);
        assertThat(EnumTokens.PROTOCOLS.parse("socks4")).isEqualTo(Protocol.SOCKS4);
        assertThat(EnumTokens.PROTOCOLS.parse("Socks5")).isEqualTo(Protocol.SOCKS5);
        assertThat(EnumTokens.PROTOCOLS.parse("http")).isEqualTo(Protocol.HTTP);
        assertThat(EnumTokens.PROTOCOLS.parseAll(List.of("http", "socks4a", "socks4")))
                .containsExactly(Protocol.SOCKS4, Protocol.HTTP);
        assertThat(EnumTokens.PROTOCOLS.parseAll(List.of())).isEmpty();
    }

    @Test
    void commandsWithTheLongSpellingsOfUdp() {
        assertThat(EnumTokens.COMMANDS.parse("CONNECT")).isEqualTo(Command.CONNECT);
        assertThat(EnumTokens.COMMANDS.parse("bind")).isEqualTo(Command.BIND);
        for (String udp : List.of("udp", "UDP-associate", "udp_associate")) {
            assertThat(EnumTokens.COMMANDS.parse(udp)).isEqualTo(Command.UDP_ASSOCIATE);
        }
    }

    @Test
    void unknownWordsAreNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> EnumTokens.PROTOCOLS.parse(" socks6 "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown protocol 'socks6'; expected socks4, socks5, http or transparent");
        assertThatThrownBy(() -> EnumTokens.PROTOCOLS.parseAll(List.of("socks5", "gopher", "SOCKS")))
                .hasMessage("unknown protocols 'gopher', 'SOCKS'; expected socks4, socks5, http or transparent");
        assertThatThrownBy(() -> EnumTokens.COMMANDS.parse("ping"))
                .hasMessage("unknown command 'ping'; expected connect, bind or udp");
        assertThatThrownBy(() -> EnumTokens.COMMANDS.parse(""))
                .hasMessage("unknown command ''; expected connect, bind or udp");
    }

    /** A constant added to the API without its word fails here, not in a running bundle. */
    @Test
    void everyConstantHasItsWordAndReadsBackFromIt() {
        for (Protocol protocol : Protocol.values()) {
            assertThat(EnumTokens.PROTOCOLS.parse(EnumTokens.PROTOCOLS.token(protocol)))
                    .isEqualTo(protocol);
        }
        for (Command command : Command.values()) {
            assertThat(EnumTokens.COMMANDS.parse(EnumTokens.COMMANDS.token(command)))
                    .isEqualTo(command);
        }
        assertThat(EnumTokens.PROTOCOLS.token(Protocol.SOCKS4)).isEqualTo("socks4");
        assertThat(EnumTokens.COMMANDS.token(Command.UDP_ASSOCIATE)).isEqualTo("udp");
        assertThat(EnumTokens.PROTOCOLS.expected()).isEqualTo("socks4, socks5, http or transparent");
        assertThat(EnumTokens.COMMANDS.expected()).isEqualTo("connect, bind or udp");
    }

    private enum Fruit {
        APPLE,
        BLOOD_ORANGE
    }

    /** Another bundle's enum gets its words from the same table type, refused in the same words. */
    @Test
    void tableForAnyEnum() {
        EnumTokens<Fruit> fruits = EnumTokens.of(
                "fruit",
                Fruit.class,
                Map.of(Fruit.APPLE, List.of("apple"), Fruit.BLOOD_ORANGE, List.of("blood-orange")));
        assertThat(fruits.parse(" Blood-Orange")).isEqualTo(Fruit.BLOOD_ORANGE);
        assertThat(fruits.token(Fruit.APPLE)).isEqualTo("apple");
        assertThatThrownBy(() -> fruits.parse("pear"))
                .hasMessage("unknown fruit 'pear'; expected apple or blood-orange");
        assertThatThrownBy(() -> EnumTokens.of("fruit", Fruit.class, Map.of(Fruit.APPLE, List.of("apple"))))
                .isInstanceOf(IllegalStateException.class);
    }
}
