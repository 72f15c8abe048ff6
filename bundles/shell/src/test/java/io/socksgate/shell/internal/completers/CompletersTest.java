package io.socksgate.shell.internal.completers;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Decision;
import io.socksgate.api.ListenerStats;
import io.socksgate.api.RuleInfo;
import io.socksgate.shell.internal.Fakes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletersTest {

    @Test
    void protocolsComeFromTheWordsTheConfigurationAccepts() {
        List<String> candidates = new ArrayList<>();
        new ProtocolCompleter().complete(null, Fakes.cursorAt(""), candidates);

        assertThat(candidates).containsExactlyInAnyOrder("socks4 ", "socks5 ", "http ", "transparent ");
    }

    @Test
    void ruleNamesComeFromThePolicy() {
        Fakes.Policy policy = new Fakes.Policy();
        policy.rules.add(new RuleInfo("deny-local-destinations", 10, Decision.Action.DENY, "any", 0, null));
        policy.rules.add(new RuleInfo("deny-management-ports", 20, Decision.Action.DENY, "any", 0, null));
        policy.rules.add(new RuleInfo("web", 30, Decision.Action.ALLOW, "any", 0, null));

        List<String> candidates = new ArrayList<>();
        new RuleNameCompleter(policy).complete(null, Fakes.cursorAt("deny-"), candidates);

        assertThat(candidates).containsExactly("deny-local-destinations ", "deny-management-ports ");
    }

    @Test
    void sessionIdsComeFromTheRegistry() {
        Fakes.Sessions sessions = new Fakes.Sessions();
        for (long id : new long[] {7, 12, 13}) {
            sessions.live.add(
                    Fakes.session(id, "default", null, "10.0.0.1:1", io.socksgate.api.HostPort.ofName("x", 1)));
        }

        List<String> candidates = new ArrayList<>();
        new SessionIdCompleter(sessions).complete(null, Fakes.cursorAt("1"), candidates);

        assertThat(candidates).containsExactly("12 ", "13 ");
    }

    @Test
    void listenerNamesComeFromTheListenerRegistry() {
        Fakes.Listeners listeners = new Fakes.Listeners();
        listeners.running.add(Fakes.listener("default", "127.0.0.1:1080", ListenerStats.ZERO));
        listeners.running.add(Fakes.listener("lan", "10.0.0.1:1080", ListenerStats.ZERO));
        listeners.running.add(Fakes.listener("lan-ipv6", "[::1]:1080", ListenerStats.ZERO));

        List<String> candidates = new ArrayList<>();
        new ListenerNameCompleter(listeners).complete(null, Fakes.cursorAt("la"), candidates);

        assertThat(candidates).containsExactly("lan ", "lan-ipv6 ");
    }

    @Test
    void withoutTheListenerRegistryNothingIsCompleted() {
        List<String> candidates = new ArrayList<>();
        new ListenerNameCompleter(null).complete(null, Fakes.cursorAt(""), candidates);

        assertThat(candidates).isEmpty();
    }
}
