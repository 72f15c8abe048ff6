package io.socksgate.bench.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code jcmd PID GC.heap_info} as JDK 17 prints it after a full GC, one sample per collector. */
class JvmProbeTest {

    @Test
    void g1PrintsTheWholeHeapOnOneLine() {
        String g1 =
                """
                18404:
                 garbage-first heap   total 69632K, used 15956K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 0 young (0K), 0 survivors (0K)
                 Metaspace       used 9197K, committed 9408K, reserved 1114112K
                  class space    used 1095K, committed 1216K, reserved 1048576K
                """;

        assertThat(JvmProbe.heapUsedKb(g1)).isEqualTo(15956);
    }

    /** What a JVM on one CPU (a shielded run) picks: the young generation comes first. */
    @Test
    void theSerialCollectorsHeapIsBothGenerationsNotTheYoungOneAlone() {
        String serial =
                """
                18350:
                 def new generation   total 116224K, used 210K [0x0000000687400000, 0x000000068f210000, 0x0000000704d50000)
                  eden space 103360K,   0% used [0x0000000687400000, 0x0000000687400000, 0x000000068d8f0000)
                  from space 12864K,   0% used [0x000000068d8f0000, 0x000000068d8f0000, 0x000000068e580000)
                  to   space 12864K,   0% used [0x000000068e580000, 0x000000068e580000, 0x000000068f210000)
                 tenured generation   total 258048K, used 12074K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
                   the space 258048K,   4% used [0x0000000704d50000, 0x000000070591a8f0, 0x000000070591aa00, 0x0000000714950000)
                 Metaspace       used 9189K, committed 9408K, reserved 1114112K
                  class space    used 1095K, committed 1216K, reserved 1048576K
                """;

        assertThat(JvmProbe.heapUsedKb(serial)).isEqualTo(210 + 12074);
    }

    @Test
    void theParallelCollectorsHeapIsBothGenerations() {
        String parallel =
                """
                18465:
                 PSYoungGen      total 113152K, used 5K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
                  eden space 97280K, 0% used [0x0000000782700000,0x0000000782700000,0x0000000788600000)
                 ParOldGen       total 258048K, used 12075K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
                  object space 258048K, 4% used [0x0000000687400000,0x0000000687fcae70,0x0000000697000000)
                 Metaspace       used 9182K, committed 9408K, reserved 1114112K
                """;

        assertThat(JvmProbe.heapUsedKb(parallel)).isEqualTo(5 + 12075);
    }

    @Test
    void noHeapLineIsNotANumber() {
        assertThat(JvmProbe.heapUsedKb("18350:\nNo such process\n")).isNaN();
    }
}
