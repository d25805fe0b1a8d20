package org.safeguardingsignals.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks, from one command: mvn -q -pl benchmarks exec:exec -Dbench.args="throughput --events 300000"
 * (also: year, latency --rate 1000 --seconds 30, failover --rate 500 --before 40 --after 40, stall --pause 20,
 * brokerloss --brokers 3 --runs 10, brokerrestart --brokers 1 --down 20, registry --outage 60, console, backtest --children 1000000, all). Every
 * figure is printed beside a baseline measured in the same run, since these machines are noisy.
 */
public final class Bench {
    private static final long START = System.nanoTime();

    private Bench() {}

    static void say(String format, Object... args) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
    }

    public static void main(String[] raw) {
        int code = 1;
        try {
            run(raw);
            code = 0;
        } catch (Exception | Error e) { // an Error too: a class missing from the run must not end it silently
            e.printStackTrace();
        } finally {
            System.exit(code); // stream threads and the broker must not outlive a failed run
        }
    }

    private static void run(String[] raw) throws Exception {
        List<String> args = new ArrayList<>();
        Arrays.stream(raw)
                .flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty())
                .forEach(args::add);
        String what = args.isEmpty() ? "all" : args.get(0);
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.size(); i += 2) {
            if (args.get(i).equals("--set")) {
                // --set bench.streams.commit.interval.ms=1000: exec:exec starts a new JVM, so Maven's -D never
                // reaches it; settings travel in bench.args instead
                String[] kv = args.get(i + 1).split("=", 2);
                System.setProperty(kv[0], kv.length > 1 ? kv[1] : "true");
                say("set %s", args.get(i + 1));
            } else {
                opts.put(args.get(i).replaceFirst("^--", ""), args.get(i + 1));
            }
        }
        say(
                "benchmark %s on %d cores, max heap %d MiB, Java %s",
                what,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.version());
        List<String> report = new ArrayList<>();
        if (what.equals("brokerloss")) {
            // a fresh cluster each run: every run starts from all brokers up and leaders balanced
            int runs = Integer.parseInt(opts.getOrDefault("runs", "10"));
            for (int run = 1; run <= runs; run++) {
                say("broker loss, run %d of %d", run, runs);
                try (BenchWorld world = new BenchWorld(Integer.parseInt(opts.getOrDefault("brokers", "3")))) {
                    report.add("run " + run + ": " + fault(world, opts, Faults.brokerLost(), "40"));
                }
            }
        } else {
            try (BenchWorld world = new BenchWorld(Integer.parseInt(opts.getOrDefault("brokers", "0")))) {
                run(what, opts, world, report);
            }
        }
        System.out.println();
        System.out.println("Results");
        report.forEach(line -> System.out.println("  " + line));
    }

    private static void run(String what, Map<String, String> opts, BenchWorld world, List<String> report)
            throws Exception {
        if (what.equals("throughput") || what.equals("all")) {
            report.add(throughput(world, Long.parseLong(opts.getOrDefault("events", "300000")), "t"));
        }
        if (what.equals("year")) {
            report.add(throughput(world, Long.parseLong(opts.getOrDefault("events", "2500000")), "year"));
        }
        if (what.equals("latency") || what.equals("all")) {
            Latency.Result r = Latency.run(
                    world,
                    Double.parseDouble(opts.getOrDefault("rate", "1000")),
                    Integer.parseInt(opts.getOrDefault("seconds", "30")),
                    Integer.parseInt(opts.getOrDefault("warmup", "10")));
            report.add("latency:    " + Latency.summary(r));
        }
        if (what.equals("stall")) {
            int pause = Integer.parseInt(opts.getOrDefault("pause", "20"));
            report.add(fault(world, opts, Faults.instanceStalled(pause), "60"));
        }
        if (what.equals("brokerrestart")) {
            int down = Integer.parseInt(opts.getOrDefault("down", "20"));
            report.add(fault(world, opts, Faults.brokerRestarted(down), "60"));
        }
        if (what.equals("registry")) {
            int outage = Integer.parseInt(opts.getOrDefault("outage", "60"));
            report.add(fault(world, opts, Faults.registryDown(outage), "90"));
        }
        if (what.equals("console")) {
            report.add(ConsoleLoad.run(world, opts));
        }
        if (what.equals("backtest")) {
            report.add(BacktestBench.run(world, opts));
        }
        if (what.equals("failover") || what.equals("all")) {
            report.add(fault(world, opts, Faults.instanceKilled(), "40"));
        }
    }

    private static String fault(BenchWorld world, Map<String, String> opts, Fault fault, String after)
            throws Exception {
        return Failover.summary(Failover.run(
                world,
                Double.parseDouble(opts.getOrDefault("rate", "500")),
                Integer.parseInt(opts.getOrDefault("before", "40")),
                Integer.parseInt(opts.getOrDefault("after", after)),
                fault));
    }

    private static String throughput(BenchWorld world, long events, String label) throws Exception {
        Throughput.Result r = Throughput.run(world, events, label);
        return String.format(
                "throughput: %,d events: pass-through %,.0f/s, pipeline %,.0f/s, ratio %.2f; "
                        + "pipeline wall time %.1f s; %,d children tracked, %,d bytes of child state on disk "
                        + "(%.0f bytes per child); peak heap of the benchmark JVM %,d MiB; children's signals judged "
                        + "where read %,.0f, after the repartition hop %,.0f (one hop: %.0f%%); the pipeline wrote "
                        + "%.2f records per event; a pass-through writing %d per event %,.0f/s: pipeline against it %.2f",
                r.events(),
                r.passThroughPerSecond(),
                r.pipelinePerSecond(),
                r.ratio(),
                r.seconds(),
                r.children(),
                r.stateBytes(),
                r.children() == 0 ? 0.0 : (double) r.stateBytes() / r.children(),
                r.peakHeapBytes() >> 20,
                r.signalsHere(),
                r.signalsHopped(),
                100 * r.oneHopShare(),
                r.writesPerEvent(),
                Math.max(1, Math.round(r.writesPerEvent())),
                r.floorPerSecond(),
                r.floorRatio());
    }
}
