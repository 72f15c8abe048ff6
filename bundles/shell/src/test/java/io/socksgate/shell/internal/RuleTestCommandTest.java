package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.Explanation;
import io.socksgate.api.Protocol;
import io.socksgate.api.ProxyRequest;
import io.socksgate.config.IpLiterals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleTestCommandTest {

    private final Fakes.Policy policy = new Fakes.Policy();
    private final List<String> lookedUp = new ArrayList<>();
    private final Fakes.Output out = new Fakes.Output();

    private RuleTestCommand command(String source, String destination) {
        RuleTestCommand command = new RuleTestCommand();
        command.policy = policy;
        command.source = source;
        command.destination = destination;
        command.out = out.stream;
        command.resolver = name -> {
            lookedUp.add(name);
            if (name.equals("two.example")) {
                return new InetAddress[] {IpLiterals.parse("127.0.0.2"), IpLiterals.parse("203.0.113.9")};
            }
            throw new UnknownHostException(name);
        };
        return command;
    }

    @Test
    void aNamedDestinationIsCheckedWithItsFirstAddressLikeTheProxyDoes() throws Exception {
        ProxyRequest request = command("10.0.0.5", "two.example:443").request();
        assertThat(lookedUp).containsExactly("two.example");
        assertThat(request.destination().isName()).isTrue();
        assertThat(request.destination().name()).isEqualTo("two.example");
        assertThat(request.resolved()).isEqualTo(IpLiterals.parse("127.0.0.2"));
        assertThat(request.targetAddress()).isEqualTo(IpLiterals.parse("127.0.0.2"));
        // defaults
        assertThat(request.listener()).isEqualTo("default");
        assertThat(request.protocol()).isEqualTo(Protocol.SOCKS5);
        assertThat(request.command()).isEqualTo(Command.CONNECT);
        assertThat(request.user()).isNull();
        assertThat(request.roles()).isEmpty();
        assertThat(request.client().getPort()).isZero();
    }

    @Test
    void addressesAreNotLookedUpAndTheOtherOptionsFillTheRequest() {
        RuleTestCommand command = command("[::1]:40000", "[::1]:80");
        command.command = "udp";
        command.protocol = "SOCKS4a";
        command.listener = "lan";
        command.user = "alice";
        command.roles = List.of("staff,admin", "ops");

        ProxyRequest request = command.request();

        assertThat(lookedUp).isEmpty();
        assertThat(request.destination().address().isLoopbackAddress()).isTrue();
        assertThat(request.destination().port()).isEqualTo(80);
        assertThat(request.resolved()).isNull();
        assertThat(request.client().getPort()).isEqualTo(40000);
        assertThat(request.command()).isEqualTo(Command.UDP_ASSOCIATE);
        assertThat(request.protocol()).isEqualTo(Protocol.SOCKS4);
        assertThat(request.listener()).isEqualTo("lan");
        assertThat(request.user()).isEqualTo("alice");
        assertThat(request.roles()).containsExactlyInAnyOrder("staff", "admin", "ops");
    }

    @Test
    void printsEachRuleLookedAtThenTheDecision() throws Exception {
        policy.explanation = new Explanation(
                new Decision("deny-local-destinations", Decision.Action.DENY),
                List.of(
                        new Explanation.RuleOutcome("broken", Integer.MAX_VALUE, false, "invalid, not active: x"),
                        new Explanation.RuleOutcome("web", 5, false, "destination port 22 not in 80,443"),
                        new Explanation.RuleOutcome(
                                "deny-local-destinations", 10, true, "matched: destination=127.0.0.0/8")));

        Decision decision = command("10.0.0.5", "two.example:22").test();

        assertThat(decision.rule()).isEqualTo("deny-local-destinations");
        assertThat(policy.explained.resolved()).isEqualTo(IpLiterals.parse("127.0.0.2"));
        assertThat(out.lines())
                .containsExactly(
                        "Request: connect socks5 from 10.0.0.5:0 to two.example:22 (127.0.0.2) on listener default,"
                                + " anonymous",
                        "       -  broken                   invalid, not active: x",
                        "       5  web                      destination port 22 not in 80,443",
                        "      10  deny-local-destinations  MATCH  (destination=127.0.0.0/8)",
                        "=> deny by rule deny-local-destinations");
    }

    @Test
    void whenNoRuleMatchesTheDefaultActionDecides() {
        List<String> lines = RuleTestCommand.lines(
                new Explanation(
                        new Decision("default", Decision.Action.ALLOW),
                        List.of(new Explanation.RuleOutcome("web", 5, false, "user alice [] not in @staff"))),
                null);
        assertThat(lines).last().isEqualTo("=> allow by the default action (no rule matched)");

        assertThat(RuleTestCommand.lines(
                        new Explanation(new Decision("default", Decision.Action.DENY), List.of()), null))
                .containsExactly("  (no rules)", "=> deny by the default action (no rule matched)");
    }

    @Test
    void anAllowedRequestShowsItsRoute() {
        List<String> lines = RuleTestCommand.lines(
                new Explanation(
                        new Decision("via-corp", Decision.Action.ALLOW, List.of("corp", "direct")),
                        List.of(new Explanation.RuleOutcome("via-corp", 10, true, "matched: destination.ports=443"))),
                null);
        assertThat(lines).endsWith("=> allow by rule via-corp", "   route: corp, direct");
    }

    @Test
    void aRouteThroughUpstreamsNotInUseSaysSoAndThatItWouldBeRefused() {
        Explanation explanation = new Explanation(
                new Decision("via-ms", Decision.Action.ALLOW, List.of("ms", "corp")),
                List.of(new Explanation.RuleOutcome("via-ms", 10, true, "matched: destination.ports=443")));

        assertThat(RuleTestCommand.lines(explanation, Set.of("corp")))
                .endsWith("=> allow by rule via-ms", "   route: ms (not in use), corp");
        assertThat(RuleTestCommand.lines(explanation, Set.of()))
                .endsWith(
                        "=> allow by rule via-ms",
                        "   route: ms (not in use), corp (not in use)",
                        "   no upstream of the route is in use: such a request is refused (SOCKS5 01, HTTP 503)");
        assertThat(RuleTestCommand.lines(
                        new Explanation(
                                new Decision("via-ms", Decision.Action.ALLOW, List.of("ms", "direct")),
                                explanation.rules()),
                        Set.of()))
                .endsWith("=> allow by rule via-ms", "   route: ms (not in use), direct");
    }

    @Test
    void aDenialThatALoginMayChangeSaysSo() {
        List<String> lines = RuleTestCommand.lines(
                new Explanation(
                        new Decision("anonymous-nowhere", Decision.Action.DENY, List.of(), true),
                        List.of(new Explanation.RuleOutcome("anonymous-nowhere", 10, true, "matched: users=-"))),
                null);
        assertThat(lines)
                .endsWith(
                        "=> deny by rule anonymous-nowhere",
                        "   a user who logs in may be allowed: HTTP clients are asked for credentials (407)"
                                + " on listeners that take passwords");
    }

    @Test
    void aNameThatDoesNotResolveIsRefusedBeforeThePolicyIsAsked() throws Exception {
        assertThat(command("10.0.0.5", "nowhere.invalid:80").test()).isNull();
        assertThat(policy.explained).isNull();
        assertThat(out.lines()).last().asString().contains("nowhere.invalid does not resolve");
    }

    /**
     * A destination whose last label is a number is meant as an address: a malformed one is
     * refused, never handed to the resolver (which reads 0x7f.0.0.1 as 127.0.0.1).
     */
    @Test
    void aMalformedAddressIsNeverLookedUp() {
        for (String destination : List.of("0x7f.0.0.1:80", "0x7f000001:80", "127.0.0x1:80", "intranet.10:80")) {
            assertThat(Failures.of(command("10.0.0.5", destination)))
                    .as(destination)
                    .isEqualTo("'" + destination.substring(0, destination.lastIndexOf(':')) + "' is not "
                            + IpLiterals.EXPECTED);
        }
        assertThat(lookedUp).isEmpty();
        assertThat(policy.explained).isNull();
    }

    @Test
    void wrongOptionsFailTheCommand() {
        RuleTestCommand command = command("10.0.0.5", "10.0.0.1:80");
        command.roles = List.of("staff");
        assertThat(Failures.of(command)).contains("--roles needs --user");

        command = command("10.0.0.5", "10.0.0.1:80");
        command.command = "ping";
        assertThat(Failures.of(command)).isEqualTo("--command: unknown command 'ping'; expected connect, bind or udp");

        command = command("10.0.0.5", "10.0.0.1:80");
        command.protocol = "socks6";
        assertThat(Failures.of(command))
                .isEqualTo("--protocol: unknown protocol 'socks6'; expected socks4, socks5, http or transparent");

        assertThat(Failures.of(command("somehost", "10.0.0.1:80")))
                .isEqualTo("'somehost' is not " + IpLiterals.EXPECTED);
        assertThat(Failures.of(command("10.0.0.5", "::1:80"))).contains("[::1]:80");
        assertThat(out.text()).isEmpty();
        assertThat(policy.explained).isNull();
    }
}
