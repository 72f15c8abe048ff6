package io.socksgate.config.tokens;

import io.socksgate.api.Command;
import io.socksgate.api.Protocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words configuration keys and shell options use for one of the API's enums, in one table, so
 * that every key and option takes the same spellings (in any case) and refuses the rest in the
 * same words: {@code unknown protocol 'socks6'; expected socks4, socks5, http or transparent}.
 *
 * <p>Why a package of its own: it names API types, and {@code io.socksgate.config} is embedded
 * whole into bundles that do not import the API.
 */
public final class EnumTokens<E extends Enum<E>> {

    /** Listener and rule {@code protocols}, rule-test's {@code --protocol}. */
    public static final EnumTokens<Protocol> PROTOCOLS = protocols();

    /** Rule {@code commands}, rule-test's {@code --command}. */
    public static final EnumTokens<Command> COMMANDS = commands();

    private final String kind;
    private final Class<E> type;
    /** Every spelling, lower case, to its constant. */
    private final Map<String, E> byToken = new LinkedHashMap<>();
    /** The spelling each constant is shown and listed with. */
    private final Map<E, String> tokenOf;

    /**
     * @param kind what one value is called in messages: {@code protocol}
     * @param spellings each constant's spellings, lower case, the one it is shown with first
     * @throws IllegalStateException when a constant has no spelling (a new one must get its word)
     */
    private EnumTokens(String kind, Class<E> type, Map<E, List<String>> spellings) {
        this.kind = kind;
        this.type = type;
        this.tokenOf = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            List<String> words = spellings.get(constant);
            if (words == null || words.isEmpty()) {
                throw new IllegalStateException(type.getSimpleName() + "." + constant + " has no token");
            }
            tokenOf.put(constant, words.get(0));
            words.forEach(word -> byToken.put(word, constant));
        }
    }

    /**
     * The table of another enum (an upstream's type or strategy, say), so its key takes and refuses
     * words the way every other key does.
     *
     * @param kind what one value is called in messages
     * @param spellings each constant's spellings, lower case, the one it is shown with first
     * @throws IllegalStateException when a constant has no spelling
     */
    public static <E extends Enum<E>> EnumTokens<E> of(String kind, Class<E> type, Map<E, List<String>> spellings) {
        return new EnumTokens<>(kind, type, spellings);
    }

    private static EnumTokens<Protocol> protocols() {
        Map<Protocol, List<String>> spellings = new EnumMap<>(Protocol.class);
        spellings.put(Protocol.SOCKS4, List.of("socks4", "socks4a")); // 4a is SOCKS4 with names, served alike
        spellings.put(Protocol.SOCKS5, List.of("socks5"));
        spellings.put(Protocol.HTTP, List.of("http"));
        spellings.put(Protocol.TRANSPARENT, List.of("transparent"));
        return new EnumTokens<>("protocol", Protocol.class, spellings);
    }

    private static EnumTokens<Command> commands() {
        Map<Command, List<String>> spellings = new EnumMap<>(Command.class);
        spellings.put(Command.CONNECT, List.of("connect"));
        spellings.put(Command.BIND, List.of("bind"));
        spellings.put(Command.UDP_ASSOCIATE, List.of("udp", "udp-associate", "udp_associate"));
        return new EnumTokens<>("command", Command.class, spellings);
    }

    /**
     * The constant {@code text} names (trimmed, in any case).
     *
     * @throws IllegalArgumentException naming the text and what is expected
     */
    public E parse(String text) {
        return parseAll(List.of(text)).iterator().next();
    }

    /**
     * The constants {@code texts} name (each trimmed, in any case); none for none.
     *
     * @throws IllegalArgumentException naming every text that is none, and what is expected
     */
    public Set<E> parseAll(Collection<String> texts) {
        Set<E> constants = EnumSet.noneOf(type);
        List<String> unknown = new ArrayList<>();
        for (String text : texts) {
            String t = text.trim();
            E constant = byToken.get(t.toLowerCase(Locale.ROOT));
            if (constant == null) {
                unknown.add("'" + t + "'");
            } else {
                constants.add(constant);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown " + kind + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; expected " + expected());
        }
        return constants;
    }

    /** The word {@code constant} is shown and listed with: {@code socks4}, {@code udp}. */
    public String token(E constant) {
        return tokenOf.get(constant);
    }

    /** The word of each constant, in the enum's order: for completion. */
    public List<String> tokens() {
        return List.copyOf(tokenOf.values());
    }

    /** The words, in the enum's order: {@code socks4, socks5, http or transparent}. */
    public String expected() {
        List<String> words = List.copyOf(tokenOf.values());
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }
}
