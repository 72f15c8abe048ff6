package io.socksgate.bench;

import io.socksgate.bench.measure.Suite;
import io.socksgate.bench.report.Report;
import io.socksgate.bench.servers.LoopbackServers;

/**
 * Socksgate's benchmark load generator: the command line of {@code benchmarks/run.sh}'s Java side.
 *
 * <p>Modes:
 *
 * <ul>
 *   <li>{@code ports N} prints N free loopback TCP ports;
 *   <li>{@code servers --ports-file F} runs the sink, source, echo, slow sink and UDP echo servers
 *       on loopback and writes their ports to F (runs until killed);
 *   <li>{@code probe --proxy ... --echo PORT} waits (bounded) until a tunnel through the proxy
 *       relays a 32-byte echo;
 *   <li>{@code suite ...} runs every measurement against one proxy (or {@code direct}) and appends
 *       {@code rep<TAB>name<TAB>metric<TAB>value} lines to {@code --out};
 *   <li>{@code report ...} turns those lines into the Markdown tables (medians, ratios; each
 *       repetition and the spread).
 * </ul>
 */
public final class LoadGen {

    private LoadGen() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("");
        }
        switch (args[0]) {
            case "ports" -> FreePorts.print(Integer.parseInt(args[1]));
            case "servers" -> LoopbackServers.start(new Options(args, 1));
            case "probe" -> EchoProbe.run(new Options(args, 1));
            case "suite" -> Suite.run(new Options(args, 1));
            case "report" -> Report.run(new Options(args, 1));
            default -> usage("unknown mode " + args[0]);
        }
    }

    private static void usage(String problem) {
        if (!problem.isEmpty()) {
            System.err.println(problem);
        }
        System.err.println("usage: LoadGen ports N | servers --ports-file F | probe ... | suite ... | report ...");
        System.exit(2);
    }
}
