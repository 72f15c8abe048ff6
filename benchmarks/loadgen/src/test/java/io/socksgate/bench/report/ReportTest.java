package io.socksgate.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.bench.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void aProxyThatRefusesTheHttpRowReadsRefusedAndDoesNotMeetTheBar() throws Exception {
        List<String> table = report(
                false,
                "1\tsquid\thttp_rate\t1000.0",
                "1\ttinyproxy\thttp_rate\t1500.0",
                "1\tsocksgate\thttp_rate_refused\t1.0",
                "1\tsocksgate\trate_noauth\t900.0");

        assertThat(table.get(0))
                .isEqualTo("| Measurement | squid | tinyproxy | socksgate | socksgate / peer | bar | verdict |");
        assertThat(row(table, "HTTP CONNECT connect+echo+close"))
                .isEqualTo("| HTTP CONNECT connect+echo+close, 64 clients (ops/s) | 1,000 | 1,500 | n/a (refused)"
                        + " | n/a | ≥ 2 × Squid | NOT met |");
    }

    @Test
    void theHttpRowIsJudgedAgainstTwiceSquid() throws Exception {
        List<String> table = report(false, "1\tsquid\thttp_rate\t1000.0", "1\tsocksgate\thttp_rate\t2100.0");

        assertThat(row(table, "HTTP CONNECT connect+echo+close"))
                .endsWith("| 1,000 | 2,100 | 2.10 | ≥ 2 × Squid | met |");
    }

    @Test
    void aBeforeDistributionGetsItsColumnAndARatioColumn() throws Exception {
        List<String> table = report(
                true,
                "1\tdante\trate_noauth\t500.0",
                "1\tsocksgate-before\trate_noauth\t800.0",
                "1\tsocksgate\trate_noauth\t1000.0",
                "1\tsocksgate-before\tslow_up_mb\t0.5",
                "1\tsocksgate\tslow_up_mb\t0.25");

        assertThat(table.get(0))
                .isEqualTo("| Measurement | dante | socksgate-before | socksgate | socksgate / peer"
                        + " | socksgate / before | bar |");
        assertThat(row(table, "Connect+echo+close, 64 clients, no auth"))
                .endsWith("| 500 | 800 | 1,000 | 2.00 | 1.25 | ≥ 2 × Dante |");
        assertThat(row(table, "Slow reader (1 MiB/s) behind fast sender, client→server"))
                .endsWith("| n/a | 0.50 | 0.25 |  |  | ≤ 64 MB |");
    }

    @Test
    void mediansOfTheRepetitionsAndMissingRepetitionsAreShown() throws Exception {
        List<String> table = report(
                true,
                "1\tdante\tudp_rtt\t100.0",
                "2\tdante\tudp_rtt\t300.0",
                "3\tdante\tudp_rtt\t200.0",
                "1\tsocksgate\tudp_rtt\t250.0",
                "2\tsocksgate\tudp_rtt\tNaN");

        assertThat(row(table, "UDP ASSOCIATE round trips")).endsWith("| 200 | 250 (1/3 runs) | 1.25 | ≥ 1.5 × Dante |");
    }

    @Test
    void eachRepetitionIsShownWithTheProxysCpuAndTheSpreadIsJudged() throws Exception {
        List<String> table = report(
                false,
                "1\tdirect\trate_noauth\t8000.0",
                "1\tdante\trate_noauth\t2000.0",
                "1\tdante\trate_noauth_cpu_us\t400.0",
                "1\tsocksgate\trate_noauth\t5000.0",
                "1\tsocksgate\trate_noauth_cpu_us\t170.0",
                "2\tsocksgate\trate_noauth\t4000.0",
                "2\tsocksgate\trate_noauth_cpu_us\t240.0",
                "2\tdante\trate_noauth\t1500.0",
                "3\tdante\trate_noauth\t2100.0",
                "3\tsocksgate\trate_noauth\t5200.0",
                "1\tsocksgate\trate_auth\t3000.0",
                "2\tsocksgate\trate_auth\t2900.0",
                "3\tsocksgate\trate_auth\t3100.0");

        assertThat(row(table, "Repetition"))
                .isEqualTo("| Repetitions | proxy | 1 | 2 | 3 | spread around the median | bar | verdict |");
        assertThat(table)
                .contains(
                        "| Connect+echo+close, no auth (ops/s) | direct | 8,000 | n/a | n/a | +0.0 % / +0.0 % |  |  |",
                        "| Connect+echo+close, no auth (ops/s) | dante | 2,000 (400 µs) | 1,500 | 2,100"
                                + " | −25.0 % / +5.0 % |  |  |",
                        "| Connect+echo+close, no auth (ops/s) | socksgate | 5,000 (170 µs) | 4,000 (240 µs) | 5,200"
                                + " | −20.0 % / +4.0 % | ±15 % | NOT met |",
                        "| Connect+echo+close, username/password (ops/s) | socksgate | 3,000 | 2,900 | 3,100"
                                + " | −3.3 % / +3.3 % | ±15 % | met |");
    }

    @Test
    void aRepetitionWithoutAValueFailsTheSpreadBar() throws Exception {
        List<String> table = report(
                false,
                "1\tsocksgate\trate_noauth\t5000.0",
                "2\tsocksgate\trate_noauth\tNaN",
                "3\tsocksgate\trate_noauth\tNaN");

        assertThat(table)
                .contains("| Connect+echo+close, no auth (ops/s) | socksgate | 5,000 | n/a | n/a"
                        + " | +0.0 % / +0.0 % | ±15 % | NOT met |");
    }

    @Test
    void aSingleRepetitionHasNoRepetitionsTable() throws Exception {
        List<String> table = report(true, "1\tsocksgate\trate_noauth\t5000.0");

        assertThat(table).noneMatch(line -> line.startsWith("| Repetitions"));
    }

    private List<String> report(boolean quick, String... lines) throws Exception {
        Path in = dir.resolve("results.tsv");
        Path out = dir.resolve("results.md");
        Files.write(in, Arrays.asList(lines));
        Report.run(new Options(
                new String[] {"report", "--in", in.toString(), "--out", out.toString(), "--quick", "" + quick}, 1));
        return Files.readAllLines(out);
    }

    private static String row(List<String> table, String labelStart) {
        return table.stream()
                .filter(line -> line.startsWith("| " + labelStart))
                .findFirst()
                .orElseThrow();
    }
}
