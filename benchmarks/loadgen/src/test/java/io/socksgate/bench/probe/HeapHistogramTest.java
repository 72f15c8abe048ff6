package io.socksgate.bench.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jcmd PID GC.class_histogram} as JDK 17 prints it, and what a number of tunnels added. */
class HeapHistogramTest {

    private static final String BEFORE =
            """
            19813:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         91348       10264184  [B (java.base@17.0.15)
               2:            10           2640  io.socksgate.server.internal.transport.TunnelSession
               3:         71954        2302528  java.util.concurrent.ConcurrentHashMap$Node (java.base@17.0.15)
               4:             3             72  org.example.Twice
               5:             1             24  org.example.Twice
               6:          9000         288000  org.example.Gone
            Total        163316       14569448
            """;

    private static final String AFTER =
            """
            19813:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         91350       10264200  [B (java.base@17.0.15)
               2:         18010        4754640  io.socksgate.server.internal.transport.TunnelSession
               3:         80954        2590528  java.util.concurrent.ConcurrentHashMap$Node (java.base@17.0.15)
               4:          9004          96096  org.example.Twice
               5:             1             24  org.example.Twice
               6:          9000         144000  java.lang.Object (java.base@17.0.15)
            Total        163316       14569448
            """;

    @Test
    void whatEachTunnelAddedLargestFirst() {
        List<HeapHistogram.Share> shares =
                HeapHistogram.perThing(HeapHistogram.parse(BEFORE), HeapHistogram.parse(AFTER), 9000, 1);

        assertThat(shares)
                .extracting(HeapHistogram.Share::className)
                .as("[B grew by 16 bytes in all, under a byte per tunnel: left out")
                .containsExactly(
                        "io.socksgate.server.internal.transport.TunnelSession",
                        "java.util.concurrent.ConcurrentHashMap$Node",
                        "java.lang.Object",
                        "org.example.Twice",
                        "org.example.Gone");
        assertThat(shares.get(0).bytes()).isEqualTo(528.0);
        assertThat(shares.get(0).instances()).isEqualTo(2.0);
        assertThat(shares.get(2).bytes())
                .as("a class new in the second histogram")
                .isEqualTo(16.0);
        assertThat(shares.get(3).bytes())
                .as("a class printed twice (two class loaders) counts once with both rows")
                .isEqualTo((96096.0 + 24 - 72 - 24) / 9000);
        assertThat(shares.get(4).bytes())
                .as("a class missing from the second histogram: all its objects went")
                .isEqualTo(-32.0);
    }

    @Test
    void theTableEndsWithItsTotal() {
        String table = HeapHistogram.table(
                HeapHistogram.perThing(HeapHistogram.parse(BEFORE), HeapHistogram.parse(AFTER), 9000, 1));

        assertThat(table).contains("    528.0      2.00  io.socksgate.server.internal.transport.TunnelSession");
        assertThat(table.lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("    554.7")
                .contains("total");
    }
}
